/// Everything that can be wrong with MNIST data on disk. Every message names the file, what was expected
/// and what was found, and what to do about it.
public enum MNISTError: Error, CustomStringConvertible, Equatable {
    case tooShort(file: String, expectedAtLeast: Int, found: Int)
    case badMagic(file: String, expected: UInt32, found: UInt32)
    case badDimensions(file: String, expected: String, found: String)
    case wrongByteCount(file: String, expected: Int, found: Int)
    case labelOutOfRange(file: String, index: Int, value: UInt8)
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    case checksumMismatch(file: String, expected: String, actual: String)
    case notFound(tried: [MNISTLocator.Attempt])

    static let fixHint = "Re-download it with `sitegen data fetch`, or point --data-dir (or $SITEGEN_DATA) at a good copy."

    public var description: String {
        switch self {
        case let .tooShort(file, expected, found):
            return "\(file): expected an IDX header of at least \(expected) bytes, found only \(found) bytes. "
                + MNISTError.fixHint
        case let .badMagic(file, expected, found):
            return "\(file): expected IDX magic number \(hex(expected)), found \(hex(found)); "
                + "this is not an MNIST \(expected == IDX.imagesMagic ? "image" : "label") file. " + MNISTError.fixHint
        case let .badDimensions(file, expected, found):
            return "\(file): expected dimensions \(expected), found \(found). " + MNISTError.fixHint
        case let .wrongByteCount(file, expected, found):
            let what = found < expected ? "truncated" : "has extra bytes"
            return "\(file): \(what): its header promises \(expected) bytes, found \(found). " + MNISTError.fixHint
        case let .labelOutOfRange(file, index, value):
            return "\(file): label \(index) is \(value), expected a digit 0...9. " + MNISTError.fixHint
        case let .countMismatch(images, imageCount, labels, labelCount):
            return "\(images) holds \(imageCount) images but \(labels) holds \(labelCount) labels; "
                + "expected the same count. " + MNISTError.fixHint
        case let .checksumMismatch(file, expected, actual):
            return "\(file): SHA-256 of the uncompressed bytes is \(actual), expected \(expected) "
                + "(the standard MNIST file). The file is damaged or not the original. " + MNISTError.fixHint
        case let .notFound(tried) where !tried.isEmpty && tried.allSatisfy({ $0.source == "--data-dir" }):
            let lines = tried.map { "  - \($0.path): \($0.problem)" }.joined(separator: "\n")
            return """
                --data-dir \(tried[0].path) holds no MNIST files (\(MNISTFile.allCases.map(\.baseName).joined(separator: ", ")), \
                each raw or .gz). Looked in:
                \(lines)
                A --data-dir is used alone when given: fix the path, or drop the option to use $SITEGEN_DATA, \
                ./data/mnist or ../shared/data/mnist.
                """
        case let .notFound(tried):
            let lines = tried.map { "  - \($0.path) (\($0.source)): \($0.problem)" }.joined(separator: "\n")
            return """
                MNIST data not found. Looked for the four files \
                (\(MNISTFile.allCases.map(\.baseName).joined(separator: ", ")), each raw or .gz) in:
                \(lines)
                To fix: run `sitegen data fetch` (downloads into ./data/mnist), or set SITEGEN_DATA to a folder \
                holding the four files, or pass --data-dir <folder>.
                """
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
