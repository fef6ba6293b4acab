/// One image as a model produces it: planar (C, H, W) floats like a single item of an NCHW tensor,
/// so SiteGen can hand over tensor storage without reshuffling. Values are meant to lie in [0, 1] and are
/// clamped when drawn (NaN draws as 0).
public struct ImageCell: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// 1 grey or 3 RGB.
    public let channels: Int
    public let values: [Float]

    public init(width: Int, height: Int, channels: Int, values: [Float]) {
        precondition(width > 0 && height > 0, "ImageCell must not be empty, got \(width)x\(height)")
        precondition(channels == 1 || channels == 3, "ImageCell channels must be 1 or 3, got \(channels)")
        precondition(values.count == channels * height * width,
                     "ImageCell \(channels)x\(height)x\(width) needs \(channels * height * width) values, got \(values.count)")
        self.width = width
        self.height = height
        self.channels = channels
        self.values = values
    }

    /// The RGB bytes of pixel (x, y); grey repeats its value in all three.
    @inlinable
    public func rgb(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let plane = width * height
        let i = y * width + x
        if channels == 1 {
            let v = Self.byte(values[i])
            return (v, v, v)
        }
        return (Self.byte(values[i]), Self.byte(values[plane + i]), Self.byte(values[2 * plane + i]))
    }

    @inlinable
    static func byte(_ value: Float) -> UInt8 {
        guard value > 0 else { return 0 }   // also catches NaN
        guard value < 1 else { return 255 }
        return UInt8((value * 255).rounded())
    }
}

extension ImageCell {
    /// A decoded picture as a grid cell, so reference images from PNG files sit beside model outputs.
    /// Grey stays grey; alpha is composited over white, the grid's background.
    public init(_ image: PixelImage) {
        let plane = image.width * image.height
        let channels = image.channels == 1 ? 1 : 3
        var values = [Float](repeating: 0, count: channels * plane)
        for i in 0..<plane {
            let base = i * image.channels
            let alpha: Float = image.channels == 4 ? Float(image.pixels[base + 3]) / 255 : 1
            for c in 0..<channels {
                let v = Float(image.pixels[base + c]) / 255
                values[c * plane + i] = v * alpha + (1 - alpha)
            }
        }
        self.init(width: image.width, height: image.height, channels: channels, values: values)
    }
}
