import Testing
@testable import Plotting

/// GIF round trips through giflib: grey frames come back exactly, colour frames on the fixed 3-3-2 cube, the
/// loop extension and delays are in the file, and equal animations give equal bytes.
@Suite struct GIFTests {
    static func greyFrames(count: Int, width: Int = 31, height: Int = 17) -> [PixelImage] {
        (0..<count).map { k in
            PixelImage(width: width, height: height, channels: 1, pixels: scrambledBytes(count: width * height, seed: UInt64(k + 1)))
        }
    }

    /// A grey frame as the decoder returns it: RGB with equal channels.
    static func rgb(_ grey: PixelImage) -> PixelImage {
        PixelImage(width: grey.width, height: grey.height, channels: 3, pixels: grey.pixels.flatMap { [$0, $0, $0] })
    }

    @Test func greyFramesRoundTripExactlyWithTheirDelaysAndTheLoopExtension() throws {
        let frames = Self.greyFrames(count: 4)
        let bytes = try GIF.encode(Animation(frames: frames, delays: [5, 10, 15, 200], loopCount: 0))
        #expect(Array(bytes.prefix(6)) == Array("GIF89a".utf8))
        let decoded = try GIF.decode(bytes, source: "grey.gif")
        #expect(decoded.width == 31 && decoded.height == 17)
        #expect(decoded.frames.count == 4)
        #expect(decoded.frames == frames.map(Self.rgb))
        #expect(decoded.delays == [5, 10, 15, 200])
        #expect(decoded.loopCount == 0)
    }

    @Test func greyStoredAsRGBIsStillLosslessAndTheLoopCountIsKept() throws {
        let frames = Self.greyFrames(count: 2).map(Self.rgb)
        let decoded = try GIF.decode(try GIF.encode(Animation(frames: frames, delays: [3, 3], loopCount: 7)), source: "x")
        #expect(decoded.frames == frames)
        #expect(decoded.loopCount == 7)
    }

    @Test func colourFramesLandOnTheNearestLevelsOfThe332Cube() throws {
        let pixels: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 100, 40]
        let frame = PixelImage(width: 4, height: 1, channels: 3, pixels: pixels)
        let decoded = try GIF.decode(try GIF.encode(Animation(frames: [frame], delays: [10])), source: "colour.gif")
        // 200 -> level 5 of 7 (182), 100 -> level 3 (109), 40 -> level 0 of 3 (0).
        #expect(decoded.frames[0].pixels == [255, 0, 0, 0, 255, 0, 0, 0, 255, 182, 109, 0])
    }

    @Test func theSameAnimationGivesTheSameBytes() throws {
        let animation = Animation(frames: Self.greyFrames(count: 3, width: 64, height: 48), delays: [8, 8, 100])
        #expect(try GIF.encode(animation) == GIF.encode(animation))
    }

    @Test func badAnimationsAreRefused() {
        let a = PixelImage(width: 4, height: 4, channels: 1, filledWith: 0)
        let b = PixelImage(width: 5, height: 4, channels: 1, filledWith: 0)
        #expect(throws: PlottingError.self) { try GIF.encode(Animation(frames: [], delays: [])) }
        #expect(throws: PlottingError.self) { try GIF.encode(Animation(frames: [a, b], delays: [1, 1])) }
        #expect(throws: PlottingError.self) { try GIF.encode(Animation(frames: [a], delays: [1, 2])) }
    }

    @Test func garbageIsAnErrorNamingTheSource() {
        do {
            _ = try GIF.decode(scrambledBytes(count: 100, seed: 9), source: "figures/bad.gif")
            Issue.record("decoding garbage did not throw")
        } catch {
            #expect("\(error)".contains("figures/bad.gif"))
        }
    }
}
