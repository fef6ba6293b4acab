/// A formula we cannot turn into MathML. The renderer refuses rather than guesses, so a typo such as `\epsilonn`
/// fails the build instead of shipping a page with red TeX in it.
public struct MathError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: Equatable, Sendable {
        case unknownCommand, unbalancedBraces, unmatchedLeftRight, missingArgument, doubleScript,
             unexpectedCharacter, badDelimiter
    }

    public let kind: Kind
    /// The offending command (with its backslash) or character, as written.
    public let token: String
    /// 0-based offset of `token` in the formula, counted in Characters (what an editor shows as columns).
    public let offset: Int
    public let message: String

    init(_ kind: Kind, _ token: String, at offset: Int, _ message: String) {
        self.kind = kind
        self.token = token
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at offset \(offset)" }
}
