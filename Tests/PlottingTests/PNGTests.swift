import Testing
@testable import Plotting

@Suite struct PNGTests {
    @Test(arguments: [1, 3, 4])
    func roundTripKeepsEveryPixel(channels: Int) throws {
        let image = PixelImage(width: 37, height: 23, channels: channels,
                               pixels: scrambledBytes(count: 37 * 23 * channels, seed: UInt64(channels)))
        let decoded = try PNG.decode(try PNG.encode(image), source: "roundtrip")
        #expect(decoded == image)
    }

    @Test func encodedBytesStartWithThePNGSignature() throws {
        let bytes = try PNG.encode(PixelImage(width: 2, height: 2, channels: 3, filledWith: 9))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func encodingTheSameImageTwiceGivesTheSameBytes() throws {
        let image = PixelImage(width: 64, height: 48, channels: 3, pixels: scrambledBytes(count: 64 * 48 * 3, seed: 7))
        #expect(try PNG.encode(image) == PNG.encode(image))
    }

    @Test func pngHasNoTimeOrTextChunks() throws {
        let bytes = try PNG.encode(PixelImage(width: 5, height: 5, channels: 1, filledWith: 200))
        let text = String(decoding: bytes, as: UTF8.self)
        for chunk in ["tIME", "tEXt", "zTXt", "iTXt"] {
            #expect(!text.contains(chunk), "found \(chunk)")
        }
    }

    @Test func garbageBytesThrowAnErrorNamingTheSource() {
        let garbage = scrambledBytes(count: 200, seed: 3)
        do {
            _ = try PNG.decode(garbage, source: "figures/garbage.png")
            Issue.record("decoding garbage did not throw")
        } catch {
            #expect("\(error)".contains("figures/garbage.png"))
        }
    }

    @Test func truncatedPNGThrowsAnErrorNamingTheSource() throws {
        let image = PixelImage(width: 40, height: 40, channels: 3, pixels: scrambledBytes(count: 4800, seed: 11))
        let bytes = try PNG.encode(image)
        let truncated = Array(bytes.prefix(bytes.count / 2))
        do {
            _ = try PNG.decode(truncated, source: "cut.png")
            Issue.record("decoding a truncated PNG did not throw")
        } catch {
            #expect("\(error)".contains("cut.png"))
            #expect("\(error)".contains("beyond end"), "libpng says why")
        }
    }

    @Test func emptyInputThrows() {
        #expect(throws: PlottingError.self) { try PNG.decode([], source: "empty.png") }
    }

    @Test func greyAlphaWidensToRGBA() throws {
        // 1x1 grey+alpha PNG (colour type 4), written by hand: grey 0x40, alpha 0x80.
        let bytes: [UInt8] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
            0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
            0x08, 0x04, 0x00, 0x00, 0x00, 0xB5, 0x1C, 0x0C, 0x02,
            0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x70, 0x68, 0x00, 0x00, 0x01,
            0x03, 0x00, 0xC1, 0x47, 0x85, 0x97, 0x1D,
            0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ]
        let image = try PNG.decode(bytes, source: "ga.png")
        #expect(image.channels == 4)
        #expect(image.pixel(x: 0, y: 0) == [0x40, 0x40, 0x40, 0x80])
    }
}

extension PNGTests {
    @Test func sixteenBitGreyDecodesToEightBitGrey() throws {
        // 2x1 16-bit grey PNG: black (0x0000), white (0xFFFF).
        let bytes: [UInt8] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
            0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x10, 0x00, 0x00, 0x00, 0x00, 0x81, 0xD9, 0xFC,
            0x15, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x60, 0x60, 0xF8, 0xFF,
            0x1F, 0x00, 0x03, 0x02, 0x01, 0xFF, 0x39, 0x29, 0x19, 0xBE, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
            0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ]
        let image = try PNG.decode(bytes, source: "grey16.png")
        #expect(image.channels == 1 && image.width == 2 && image.height == 1)
        #expect(image.pixels == [0, 255])
    }

    @Test func paletteDecodesToRGB() throws {
        // 2x1 palette PNG: index 0 red, index 1 blue.
        let bytes: [UInt8] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
            0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x03, 0x00, 0x00, 0x00, 0xC3, 0xFC, 0x8F,
            0xB8, 0x00, 0x00, 0x00, 0x06, 0x50, 0x4C, 0x54, 0x45, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0x6C,
            0xA1, 0xFD, 0x8E, 0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x60, 0x60,
            0x04, 0x00, 0x00, 0x04, 0x00, 0x02, 0x2C, 0xDE, 0x48, 0xAD, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
            0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ]
        let image = try PNG.decode(bytes, source: "palette.png")
        #expect(image.channels == 3)
        #expect(image.pixels == [255, 0, 0, 0, 0, 255])
    }
}

/// A small PNG whose header announces 40000x40000 pixels (a decompression bomb: 1.6 G pixels, which the figures
/// then widened to 6.4 GB of floats and crashed) is refused by its header, before anything is inflated.
@Suite struct PNGBombTests {
    /// CRC-32 as PNG chunks use it (ISO 3309, the zlib polynomial).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A real small PNG with its IHDR width and height replaced (and its CRC fixed), so only the size is wrong.
    static func png(claiming width: UInt32, _ height: UInt32) throws -> [UInt8] {
        var bytes = try PNG.encode(PixelImage(width: 8, height: 8, channels: 1, filledWith: 0))
        func put(_ value: UInt32, at offset: Int) {
            for k in 0..<4 { bytes[offset + k] = UInt8(value >> (24 - 8 * UInt32(k)) & 0xff) }
        }
        put(width, at: 16)
        put(height, at: 20)
        put(crc32(Array(bytes[12..<29])), at: 29)
        return bytes
    }

    @Test func aFortyThousandSquarePNGIsRefusedByItsHeader() throws {
        let bomb = try Self.png(claiming: 40_000, 40_000)
        let error = try #require(throws: PlottingError.self) { _ = try PNG.decode(bomb, source: "content/images/big.png") }
        #expect("\(error)".contains("content/images/big.png"))
        #expect("\(error)".contains("40000x40000 pixels, more than the 16777216"))
    }

    @Test func theCapIsOnPixelsNotOnShape() throws {
        #expect(throws: PlottingError.self) { _ = try PNG.decode(try Self.png(claiming: 1 << 20, 17), source: "wide.png") }
        // The header fix-up itself keeps a PNG decodable: the same file with its true size decodes.
        #expect(try PNG.decode(try Self.png(claiming: 8, 8), source: "ok.png").width == 8)
    }
}
