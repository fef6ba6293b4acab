import CGIF

/// A looping animation: equal-sized frames shown one after another. GIF is the format because every browser
/// plays it in a plain `<img>`, without JavaScript.
public struct Animation: Equatable, Sendable {
    public var frames: [PixelImage]
    /// How long each frame stays, in hundredths of a second (GIF's unit). Browsers show delays below 2 as 10.
    public var delays: [Int]
    /// 0 plays forever.
    public var loopCount: Int

    public init(frames: [PixelImage], delays: [Int], loopCount: Int = 0) {
        self.frames = frames
        self.delays = delays
        self.loopCount = loopCount
    }
}

/// GIF through giflib's low-level encoder and its decoder, both on memory buffers (no temporary files).
///
/// Every frame is mapped onto one fixed global palette, never a palette fitted to the pixels, so equal frames
/// always give equal bytes: 256 greys when every pixel of every frame is grey (lossless for the site's digit
/// figures), else the 3-3-2 RGB cube (8 reds x 8 greens x 4 blues, nearest level per channel, no dithering).
public enum GIF {
    /// Encodes a GIF89a with the NETSCAPE2.0 loop extension and one full-size frame per picture.
    public static func encode(_ animation: Animation) throws -> [UInt8] {
        guard let first = animation.frames.first, first.width > 0, first.height > 0 else {
            throw PlottingError.invalidImage("an animation needs at least one non-empty frame")
        }
        guard animation.frames.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
            throw PlottingError.invalidImage("every frame of an animation must be \(first.width)x\(first.height)")
        }
        guard animation.delays.count == animation.frames.count, animation.delays.allSatisfy({ (0...65535).contains($0) }) else {
            throw PlottingError.invalidImage("an animation needs one delay of 0...65535 cs per frame")
        }
        guard (0...65535).contains(animation.loopCount) else {
            throw PlottingError.invalidImage("loop count \(animation.loopCount) is outside 0...65535")
        }
        let palette = GIFPalette(for: animation.frames)
        let sink = ByteSink()
        var error: Int32 = 0
        guard let gif = EGifOpen(Unmanaged.passUnretained(sink).toOpaque(), { file, bytes, count in
            guard let file, let bytes, let user = file.pointee.UserData else { return 0 }
            Unmanaged<ByteSink>.fromOpaque(user).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: Int(count)))
            return count
        }, &error) else {
            throw PlottingError.gifEncode(message: gifMessage(error))
        }
        var closed = false
        defer { if !closed { EGifCloseFile(gif, nil) } }
        func check(_ result: Int32) throws {
            if result != GIF_OK { throw PlottingError.gifEncode(message: gifMessage(gif.pointee.Error)) }
        }

        EGifSetGifVersion(gif, true)
        var colours = palette.colours.map { GifColorType(Red: $0.r, Green: $0.g, Blue: $0.b) }
        guard let map = GifMakeMapObject(256, &colours) else { throw PlottingError.gifEncode(message: "cannot allocate the palette") }
        defer { GifFreeMapObject(map) }
        try check(EGifPutScreenDesc(gif, Int32(first.width), Int32(first.height), 8, 0, map))
        // NETSCAPE2.0: sub-block 1 carries the loop count (little endian).
        try check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE))
        try check(EGifPutExtensionBlock(gif, 11, Array("NETSCAPE2.0".utf8)))
        try check(EGifPutExtensionBlock(gif, 3, [1, UInt8(animation.loopCount & 0xFF), UInt8(animation.loopCount >> 8)]))
        try check(EGifPutExtensionTrailer(gif))

        for (frame, delay) in zip(animation.frames, animation.delays) {
            var control = GraphicsControlBlock(DisposalMode: DISPOSE_DO_NOT, UserInputFlag: false, DelayTime: Int32(delay),
                                               TransparentColor: NO_TRANSPARENT_COLOR)
            var extensionBytes = [GifByteType](repeating: 0, count: 4)
            let length = EGifGCBToExtension(&control, &extensionBytes)
            try check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, Int32(length), extensionBytes))
            try check(EGifPutImageDesc(gif, 0, 0, Int32(frame.width), Int32(frame.height), false, nil))
            var indices = palette.indices(of: frame)
            for y in 0..<frame.height {
                try indices.withUnsafeMutableBufferPointer { buffer in
                    try check(EGifPutLine(gif, buffer.baseAddress! + y * frame.width, Int32(frame.width)))
                }
            }
        }
        closed = true
        var closeError: Int32 = 0
        guard EGifCloseFile(gif, &closeError) == GIF_OK else { throw PlottingError.gifEncode(message: gifMessage(closeError)) }
        return sink.bytes
    }

    /// What a decoded GIF holds: its frames composited onto the logical screen as RGB, their delays, and the
    /// NETSCAPE2.0 loop count (nil when the file has no loop extension, i.e. it plays once).
    public struct Decoded: Sendable {
        public var width: Int
        public var height: Int
        public var frames: [PixelImage]
        public var delays: [Int]
        public var loopCount: Int?
    }

    /// Decodes with giflib's `DGifSlurp`. Frames are drawn in turn onto one RGB canvas (disposal "leave in place",
    /// the only one `encode` writes; transparency is honoured).
    public static func decode(_ bytes: [UInt8], source: String) throws -> Decoded {
        let reader = ByteSource(bytes)
        var error: Int32 = 0
        guard let gif = DGifOpen(Unmanaged.passUnretained(reader).toOpaque(), { file, out, count in
            guard let file, let out, let user = file.pointee.UserData else { return 0 }
            return Unmanaged<ByteSource>.fromOpaque(user).takeUnretainedValue().read(into: out, count: Int(count))
        }, &error) else {
            throw PlottingError.gifDecode(source: source, message: gifMessage(error))
        }
        defer { DGifCloseFile(gif, nil) }
        guard DGifSlurp(gif) == GIF_OK else { throw PlottingError.gifDecode(source: source, message: gifMessage(gif.pointee.Error)) }
        let file = gif.pointee
        let width = Int(file.SWidth), height = Int(file.SHeight)
        guard width * height <= PNG.defaultMaxPixels else {
            throw PlottingError.gifDecode(source: source, message: "its screen is \(width)x\(height) pixels, more than this program decodes")
        }
        var canvas = [UInt8](repeating: 0, count: width * height * 3)
        var frames: [PixelImage] = [], delays: [Int] = [], loopCount: Int?
        for i in 0..<Int(file.ImageCount) {
            let image = file.SavedImages[i]
            let blocks = (0..<Int(image.ExtensionBlockCount)).map { image.ExtensionBlocks[$0] }
            for (k, block) in blocks.enumerated() where block.Function == APPLICATION_EXT_FUNC_CODE
                && Array(UnsafeBufferPointer(start: block.Bytes, count: Int(block.ByteCount))) == Array("NETSCAPE2.0".utf8)
                && k + 1 < blocks.count && blocks[k + 1].ByteCount >= 3 {
                loopCount = Int(blocks[k + 1].Bytes[1]) | Int(blocks[k + 1].Bytes[2]) << 8
            }
            var control = GraphicsControlBlock()
            let hasControl = DGifSavedExtensionToGCB(gif, Int32(i), &control) == GIF_OK
            delays.append(hasControl ? Int(control.DelayTime) : 0)
            let transparent = hasControl ? Int(control.TransparentColor) : -1
            let desc = image.ImageDesc
            guard let map = desc.ColorMap ?? file.SColorMap else {
                throw PlottingError.gifDecode(source: source, message: "frame \(i) has no colour map")
            }
            let colours = UnsafeBufferPointer(start: map.pointee.Colors, count: Int(map.pointee.ColorCount))
            for y in 0..<Int(desc.Height) {
                for x in 0..<Int(desc.Width) {
                    let index = Int(image.RasterBits[y * Int(desc.Width) + x])
                    let cx = Int(desc.Left) + x, cy = Int(desc.Top) + y
                    guard index != transparent, index < colours.count, cx < width, cy < height else { continue }
                    let at = (cy * width + cx) * 3
                    canvas[at] = colours[index].Red
                    canvas[at + 1] = colours[index].Green
                    canvas[at + 2] = colours[index].Blue
                }
            }
            frames.append(PixelImage(width: width, height: height, channels: 3, pixels: canvas))
        }
        return Decoded(width: width, height: height, frames: frames, delays: delays, loopCount: loopCount)
    }

    private static func gifMessage(_ code: Int32) -> String {
        GifErrorString(code).map { String(cString: $0) } ?? "giflib error \(code)"
    }
}

/// The encoder's output buffer, reached from giflib's C callback through `UserData`.
private final class ByteSink {
    var bytes: [UInt8] = []
}

/// The decoder's input, read sequentially by giflib's C callback.
private final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into out: UnsafeMutablePointer<GifByteType>, count: Int) -> Int32 {
        let n = min(count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + offset, count: n) }
        offset += n
        return Int32(n)
    }
}

/// The fixed 256-entry palette of `GIF.encode` and the mapping of pixels onto it.
struct GIFPalette {
    let grey: Bool

    init(for frames: [PixelImage]) {
        grey = frames.allSatisfy(Self.isGrey)
    }

    private static func isGrey(_ frame: PixelImage) -> Bool {
        let c = frame.channels
        if c == 1 { return true }
        var at = 0
        while at < frame.pixels.count {
            let r = frame.pixels[at], g = frame.pixels[at + 1], b = frame.pixels[at + 2]
            if r != g || r != b { return false }
            at += c
        }
        return true
    }

    /// Grey: entry v is (v, v, v). Colour: index rrrgggbb, each level spread evenly over 0...255.
    var colours: [Color] {
        var list: [Color] = []
        for i in 0..<256 {
            if grey {
                list.append(Color(UInt8(i), UInt8(i), UInt8(i)))
            } else {
                let r = (i >> 5) * 255 / 7, g = ((i >> 2) & 7) * 255 / 7, b = (i & 3) * 255 / 3
                list.append(Color(UInt8(r), UInt8(g), UInt8(b)))
            }
        }
        return list
    }

    func indices(of frame: PixelImage) -> [GifPixelType] {
        let c = frame.channels, count = frame.width * frame.height
        var out = [GifPixelType](repeating: 0, count: count)
        for p in 0..<count {
            let r = frame.pixels[p * c]
            // Grey frames stored as RGB(A) have equal channels: the red one is the grey level.
            if c == 1 || grey {
                out[p] = r
                continue
            }
            let g = frame.pixels[p * c + 1], b = frame.pixels[p * c + 2]
            let index = Self.level(r, 7) << 5 | Self.level(g, 7) << 2 | Self.level(b, 3)
            out[p] = GifPixelType(index)
        }
        return out
    }

    /// The nearest of `top + 1` evenly spaced levels.
    private static func level(_ v: UInt8, _ top: Int) -> Int { (Int(v) * top + 127) / 255 }
}
