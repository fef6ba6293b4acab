import Foundation

/// Progress and log lines. Goes to stderr so `sitegen ... > file` keeps only results; tests capture lines.
public struct Console: Sendable {
    public var write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public static let standardError = Console { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    public static let silent = Console { _ in }
}
