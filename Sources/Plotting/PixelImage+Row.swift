extension PixelImage {
    /// `images` side by side, top-aligned on white with `gap` pixels between them, in RGB (grey images are
    /// widened, alpha is composited on white): a grid and the plot that reads it become one figure.
    public static func row(_ images: [PixelImage], gap: Int = 16) -> PixelImage {
        var out = PixelImage(width: images.reduce(0) { $0 + $1.width } + gap * max(0, images.count - 1),
                             height: images.map(\.height).max() ?? 0, channels: 3, filledWith: 255)
        var left = 0
        for image in images {
            out.paste(image, x: left, y: 0)
            left += image.width + gap
        }
        return out
    }

    /// `images` one above the other, left-aligned on white with `gap` pixels between them, in RGB: a plot under
    /// the grid it reads keeps the figure as narrow as the grid.
    public static func column(_ images: [PixelImage], gap: Int = 16) -> PixelImage {
        var out = PixelImage(width: images.map(\.width).max() ?? 0,
                             height: images.reduce(0) { $0 + $1.height } + gap * max(0, images.count - 1),
                             channels: 3, filledWith: 255)
        var top = 0
        for image in images {
            out.paste(image, x: 0, y: top)
            top += image.height + gap
        }
        return out
    }

    /// Copies `image` (as RGB on white) into this RGB image with its top-left corner at (x, y).
    mutating func paste(_ image: PixelImage, x left: Int, y top: Int) {
        precondition(channels == 3, "paste needs an RGB destination")
        for y in 0..<image.height {
            for x in 0..<image.width {
                let rgb = image.rgb(x: x, y: y)
                let o = ((top + y) * width + left + x) * 3
                pixels[o] = rgb.0
                pixels[o + 1] = rgb.1
                pixels[o + 2] = rgb.2
            }
        }
    }

    /// One pixel as RGB on white.
    func rgb(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * width + x) * channels
        switch channels {
        case 1: return (pixels[i], pixels[i], pixels[i])
        case 3: return (pixels[i], pixels[i + 1], pixels[i + 2])
        default:
            let a = Int(pixels[i + 3])
            let over = { (c: UInt8) in UInt8((Int(c) * a + 255 * (255 - a) + 127) / 255) }
            return (over(pixels[i]), over(pixels[i + 1]), over(pixels[i + 2]))
        }
    }
}
