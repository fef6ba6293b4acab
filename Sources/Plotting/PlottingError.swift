/// Errors carry the name of the file or value they concern, so a failed build says which figure broke.
public enum PlottingError: Error, CustomStringConvertible, Equatable {
    /// libpng refused to read `source`; `message` is libpng's own explanation.
    case pngDecode(source: String, message: String)
    /// libpng refused to encode an image; `message` is libpng's own explanation.
    case pngEncode(message: String)
    /// giflib refused to encode an animation; `message` is giflib's own explanation.
    case gifEncode(message: String)
    /// giflib refused to read `source`.
    case gifDecode(source: String, message: String)
    /// Cairo could not write an SVG document; `message` is Cairo's own explanation.
    case svgEncode(message: String)
    /// A value that cannot become an image, e.g. a zero-sized one.
    case invalidImage(String)

    public var description: String {
        switch self {
        case let .pngDecode(source, message): return "cannot decode PNG '\(source)': \(message)"
        case let .pngEncode(message): return "cannot encode PNG: \(message)"
        case let .gifEncode(message): return "cannot encode GIF: \(message)"
        case let .gifDecode(source, message): return "cannot decode GIF '\(source)': \(message)"
        case let .svgEncode(message): return "cannot encode SVG: \(message)"
        case let .invalidImage(message): return "invalid image: \(message)"
        }
    }
}
