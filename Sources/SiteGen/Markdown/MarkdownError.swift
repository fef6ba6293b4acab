/// A markdown file we cannot render, located the way compilers do (`file:line: message`) so editors can jump to it.
public struct MarkdownError: Error, Equatable, CustomStringConvertible, Sendable {
    public let source: String
    public let line: Int
    public let message: String

    public var description: String { "\(source):\(line): \(message)" }
}
