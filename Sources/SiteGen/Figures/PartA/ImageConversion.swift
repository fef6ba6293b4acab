import Compute
import Plotting

/// Turns any picture (a PNG a user dropped in, a rendered drawing or web image) into the model's input, the way
/// the seed's `process_pil_im` did for DeepFloyd: centre-crop to a square, resize to the model's size, and here
/// also grey, since the digit model has one channel.
///
/// One step the seed did not need: MNIST digits are light strokes on black, while pictures are usually dark ink on
/// a light page. A picture whose border is mostly light (mean above 0.5) is inverted, so both kinds reach the
/// model with the polarity it was trained on.
enum ImageConversion {
    static func modelInput(_ image: PixelImage, size: Int, channels: Int) throws -> Tensor {
        let cell = ImageCell(image)   // alpha composited over white
        let planar = Tensor(shape: [1, cell.channels, cell.height, cell.width], data: cell.values)
        let square = try ImageOps.centerCropSquare(planar)
        let resized = try ImageOps.resize(square, height: size, width: size)
        var grey = try ImageOps.greyscale(resized)
        if borderMean(grey) > 0.5 {
            grey = Tensor(shape: grey.shape, data: grey.data.map { 1 - $0 })
        }
        return Batch.channels(ImageOps.clamp(grey), channels)
    }

    /// Mean of the outermost pixel ring of a [1,1,H,W] image.
    static func borderMean(_ x: Tensor) -> Float {
        let h = x.shape[2], w = x.shape[3]
        var sum: Float = 0, count = 0
        for y in 0..<h {
            for xx in 0..<w where y == 0 || y == h - 1 || xx == 0 || xx == w - 1 {
                sum += x.data[y * w + xx]
                count += 1
            }
        }
        return sum / Float(max(count, 1))
    }
}

/// A picture SDEdit starts from: its name for the figure and its pixels as found or rendered.
struct SourcePicture {
    var name: String
    var image: PixelImage
}

/// A picture in `content/` that cannot be used; names the file.
struct ContentImageError: Error, CustomStringConvertible {
    var file: String
    var reason: String
    var description: String { "\(file): \(reason)" }
}
