/// Bad input to an image operation; the description names the value and what was expected.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    case notAnImageBatch(shape: [Int])
    case shapeMismatch(what: String, expected: [Int], got: [Int])
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .notAnImageBatch(let shape):
            return "expected an NCHW image batch [N,C,H,W] with positive sizes, got shape \(shape)"
        case .shapeMismatch(let what, let expected, let got):
            return "\(what): expected shape \(expected), got \(got)"
        case .invalidParameter(let why):
            return why
        }
    }
}

/// Namespace for the image utilities (all on NCHW `Tensor`s).
public enum ImageOps {
    static func dims(_ x: Tensor) throws -> (n: Int, c: Int, h: Int, w: Int) {
        guard x.shape.count == 4, x.shape.allSatisfy({ $0 > 0 }) else { throw ImageError.notAnImageBatch(shape: x.shape) }
        return (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    }
}
