import CPNG

/// PNG through libpng's *simplified* API only: the classic API reports errors with setjmp/longjmp, which
/// Swift cannot survive, whereas `png_image_*` returns errors as values with a message in the struct.
/// The simplified writer emits no tIME or text chunks, so equal images give equal bytes.
public enum PNG {
    /// 4096 x 4096: far above any picture the site shows, far below what a decompression bomb asks for.
    public static let defaultMaxPixels = 4096 * 4096

    /// Encodes 8-bit grey, RGB or RGBA.
    public static func encode(_ image: PixelImage) throws -> [UInt8] {
        guard image.width > 0, image.height > 0 else {
            throw PlottingError.invalidImage("cannot encode a \(image.width)x\(image.height) PNG")
        }
        var png = png_image()
        png.version = png_uint_32(PNG_IMAGE_VERSION)
        png.width = png_uint_32(image.width)
        png.height = png_uint_32(image.height)
        png.format = format(channels: image.channels)
        let stride = Int32(image.width * image.channels)

        return try image.pixels.withUnsafeBytes { raw -> [UInt8] in
            // First pass asks for the size, second pass writes; both see the same input, so sizes agree.
            var size = 0
            guard png_image_write_to_memory(&png, nil, &size, 0, raw.baseAddress, stride, nil) != 0 else {
                throw PlottingError.pngEncode(message: message(of: &png))
            }
            var out = [UInt8](repeating: 0, count: size)
            let ok = out.withUnsafeMutableBytes { dst in
                png_image_write_to_memory(&png, dst.baseAddress, &size, 0, raw.baseAddress, stride, nil)
            }
            guard ok != 0 else { throw PlottingError.pngEncode(message: message(of: &png)) }
            return Array(out.prefix(size))
        }
    }

    /// Decodes to 8 bits per channel, keeping grey as 1 channel, colour as 3 and anything with alpha as 4
    /// (grey+alpha widens to RGBA). 16-bit and palette files are converted by libpng.
    /// - Parameters:
    ///   - source: names the bytes (usually a path) in error messages.
    ///   - maxPixels: the largest width x height decoded. The header is checked before any pixel is inflated:
    ///     a 1.5 MB file can announce 40000x40000 pixels, which callers then widened to 6.4 GB of floats.
    public static func decode(_ bytes: [UInt8], source: String, maxPixels: Int = defaultMaxPixels) throws -> PixelImage {
        var png = png_image()
        png.version = png_uint_32(PNG_IMAGE_VERSION)
        defer { png_image_free(&png) }

        let begun = bytes.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress, !raw.isEmpty else { return 0 }
            return png_image_begin_read_from_memory(&png, base, raw.count)
        }
        guard begun != 0 else {
            let text = bytes.isEmpty ? "empty input" : message(of: &png)
            throw PlottingError.pngDecode(source: source, message: text)
        }

        let fileFormat = png.format
        let hasColor = fileFormat & PNG_FORMAT_FLAG_COLOR != 0
        let hasAlpha = fileFormat & PNG_FORMAT_FLAG_ALPHA != 0
        let channels = hasAlpha ? 4 : (hasColor ? 3 : 1)
        png.format = format(channels: channels)

        let width = Int(png.width), height = Int(png.height)
        guard width * height <= maxPixels else {  // both below 2^32: no overflow in Int64
            throw PlottingError.pngDecode(source: source, message: "its header announces \(width)x\(height) pixels, more than the "
                + "\(maxPixels) (e.g. 4096x4096) this program decodes; scale the image down")
        }
        let count = width * height * channels
        var pixels = [UInt8](repeating: 0, count: count)
        let finished = pixels.withUnsafeMutableBytes { dst in
            png_image_finish_read(&png, nil, dst.baseAddress, Int32(width * channels), nil)
        }
        guard finished != 0 else {
            throw PlottingError.pngDecode(source: source, message: message(of: &png))
        }
        return PixelImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    private static func format(channels: Int) -> png_uint_32 {
        switch channels {
        case 1: return png_uint_32(PNG_FORMAT_GRAY)
        case 3: return png_uint_32(PNG_FORMAT_RGB)
        default: return png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        }
    }

    /// libpng leaves a NUL-terminated explanation in the struct's 64-byte `message` field.
    private static func message(of png: inout png_image) -> String {
        let text = withUnsafeBytes(of: &png.message) { raw -> String in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        return text.isEmpty ? "libpng gave no message" : text
    }
}
