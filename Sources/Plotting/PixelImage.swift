/// A plain 8-bit raster, the currency between Canvas, PNG and callers: no Cairo or libpng types leak out,
/// so tests can compare images with `==` and SiteGen can hash the bytes.
public struct PixelImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// 1 grey, 3 RGB, 4 RGBA.
    public let channels: Int
    /// Row-major, channels interleaved: pixel (x, y) channel c is at `(y * width + x) * channels + c`.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0, "PixelImage size must not be negative")
        precondition([1, 3, 4].contains(channels), "PixelImage channels must be 1, 3 or 4, got \(channels)")
        precondition(pixels.count == width * height * channels,
                     "PixelImage \(width)x\(height)x\(channels) needs \(width * height * channels) bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A uniform image, handy for backgrounds and tests.
    public init(width: Int, height: Int, channels: Int, filledWith value: UInt8) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [UInt8](repeating: value, count: width * height * channels))
    }

    /// The channel values of one pixel (count == channels).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)x\(height)")
        let start = (y * width + x) * channels
        return Array(pixels[start..<start + channels])
    }
}
