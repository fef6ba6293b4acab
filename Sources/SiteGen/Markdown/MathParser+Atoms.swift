/// Single atoms: characters, symbol commands and the commands that take arguments.
extension MathParser {
    mutating func parseAtom(display: Bool, inList: Bool) throws -> Atom {
        try enter()
        defer { depth -= 1 }
        let start = pos
        guard let (token, end) = token(at: pos) else {
            throw MathError(.missingArgument, "", at: pos, "unexpected end of formula")
        }
        pos = end
        switch token {
        case .char(let c):
            return try characterAtom(c, display: display, inList: inList, at: start)
        case .command(let name):
            return try commandAtom(name, display: display, at: start)
        }
    }

    private mutating func characterAtom(_ c: Character, display: Bool, inList: Bool, at start: Int) throws -> Atom {
        switch c {
        case "{":
            return Atom(node: .group(try parseList(display: display, stop: .brace(openedAt: start))), cls: .ord)
        case "0"..."9":
            var digits = String(c)
            // A number is one <mn>, but as an argument only its first digit counts, as in TeX (\frac12).
            if inList {
                while pos < chars.count, chars[pos].isASCII, chars[pos].isNumber { digits.append(chars[pos]); pos += 1 }
                if pos + 1 < chars.count, chars[pos] == ".", chars[pos + 1].isASCII, chars[pos + 1].isNumber {
                    digits.append("."); pos += 1
                    while pos < chars.count, chars[pos].isASCII, chars[pos].isNumber {
                        digits.append(chars[pos]); pos += 1
                    }
                }
            }
            return Atom(node: .number(digits), cls: .ord)
        case "~":
            return Atom(node: .space(width: "0.3333em"), cls: .space)
        case "&":
            throw MathError(.unexpectedCharacter, "&", at: start, "unexpected & (alignments are not supported)")
        case "#", "$", "%":
            throw MathError(.unexpectedCharacter, String(c), at: start, "unexpected \(c) (write \\\(c))")
        default:
            guard let symbol = MathSymbol.character(c) else {
                throw MathError(.unexpectedCharacter, String(c), at: start, "unexpected character \(c)")
            }
            return Self.atom(symbol)
        }
    }

    static func atom(_ symbol: MathSymbol) -> Atom {
        switch symbol {
        case let .identifier(name, upright):
            return Atom(node: .identifier(name, upright: upright), cls: .ord)
        case let .op(text, cls, stretchy):
            let attributes = stretchy.map { [MathNode.Attribute("stretchy", "\($0)")] } ?? []
            return Atom(node: .op(text, attributes: attributes), cls: cls)
        case let .bigOperator(text, limits):
            return Atom(node: .op(text, attributes: []), cls: .bigOperator, limits: limits)
        case let .operatorName(name, limits):
            return Atom(node: .identifier(name, upright: true), cls: .operatorName, limits: limits)
        }
    }

    private mutating func commandAtom(_ name: String, display: Bool, at start: Int) throws -> Atom {
        let written = "\\" + name
        if name.isEmpty {
            throw MathError(.unexpectedCharacter, "\\", at: start, "lone \\ at the end of the formula")
        }
        if let symbol = MathSymbol.commands[name] { return Self.atom(symbol) }
        if let width = MathSymbol.spaces[name] { return Atom(node: .space(width: width), cls: .space) }
        if let accent = MathSymbol.accents[name] {
            let base = try parseArgument(display: display, owner: written, at: start)
            let mark = MathNode.op(accent.mark, attributes: [.init("stretchy", "\(accent.stretchy)")])
            return Atom(node: .accent(base, mark: mark, under: accent.under), cls: .ord)
        }
        if let alphabet = MathAlphabet.commands[name] {
            let body = try parseArgument(display: display, owner: written, at: start)
            return Atom(node: Self.restyle(body, alphabet), cls: .ord)
        }
        switch name {
        case "frac", "dfrac", "tfrac":
            let numerator = try parseArgument(display: false, owner: written, at: start)
            let denominator = try parseArgument(display: false, owner: written, at: start)
            let style: Bool? = name == "dfrac" ? true : name == "tfrac" ? false : nil
            return Atom(node: .fraction(numerator, denominator, displayStyle: style), cls: .ord)
        case "sqrt":
            skipSpaces()
            var index: MathNode?
            if pos < chars.count, chars[pos] == "[" {
                let open = pos
                pos += 1
                index = .group(try parseList(display: false, stop: .bracket(openedAt: open)))
            }
            let body = try parseArgument(display: display, owner: written, at: start)
            return Atom(node: index.map { .root(body, index: $0) } ?? .sqrt(body), cls: .ord)
        case "left":
            return try parseFenced(display: display, at: start)
        case "right":
            throw MathError(.unmatchedLeftRight, written, at: start, "\\right has no matching \\left")
        case "text", "mbox", "textrm", "textnormal":
            return Atom(node: .text(try readText(owner: written, at: start)), cls: .ord)
        case "operatorname":
            let limits: LimitsPlacement = pos < chars.count && chars[pos] == "*" ? .displayOnly : .never
            if limits == .displayOnly { pos += 1 }
            let body = try parseArgument(display: display, owner: written, at: start)
            return Atom(node: Self.restyle(body, .roman), cls: .operatorName, limits: limits)
        case "begin":
            return try parseEnvironment(at: start)
        case "mathop":
            let body = try parseArgument(display: display, owner: written, at: start)
            return Atom(node: body, cls: .operatorName, limits: .displayOnly)
        default:
            throw MathError(.unknownCommand, written, at: start, "unknown command \(written)")
        }
    }

    /// `\left( … \right)`: the fences stretch to the height of what they enclose.
    private mutating func parseFenced(display: Bool, at start: Int) throws -> Atom {
        let open = try readDelimiter(after: "\\left", at: start)
        let inner = try parseList(display: display, stop: .right(openedAt: start))
        let rightStart = pos
        pos = token(at: pos)?.end ?? pos
        let close = try readDelimiter(after: "\\right", at: rightStart)
        func fence(_ text: String, _ form: String) -> [MathNode] {
            text.isEmpty ? [] : [.op(text, attributes: [.init("fence", "true"), .init("form", form),
                                                        .init("stretchy", "true")])]
        }
        return Atom(node: .row(fence(open, "prefix") + inner + fence(close, "postfix")), cls: .ord)
    }

    mutating func readDelimiter(after command: String, at start: Int) throws -> String {
        skipSpaces()
        guard let (token, end) = token(at: pos) else {
            throw MathError(.badDelimiter, command, at: start, "\(command) is missing its delimiter")
        }
        guard let delimiter = MathSymbol.delimiter(token.written) else {
            throw MathError(.badDelimiter, token.written, at: pos, "\(token.written) cannot follow \(command)")
        }
        pos = end
        return delimiter
    }

    /// The raw braced argument of \text: TeX text mode, so only escapes are commands.
    private mutating func readText(owner: String, at start: Int) throws -> String {
        skipSpaces()
        guard pos < chars.count, chars[pos] == "{" else {
            throw MathError(.missingArgument, owner, at: start, "\(owner) needs a braced argument")
        }
        let open = pos
        pos += 1
        var text = ""
        var level = 0
        while pos < chars.count {
            let c = chars[pos]
            if c == "}" && level == 0 {
                pos += 1
                // Edge spaces would collapse away in HTML; TeX keeps them, so make them non-breaking.
                let leading = text.prefix { $0 == " " }.count
                let trailing = text.reversed().prefix { $0 == " " }.count
                if leading == text.count { return String(repeating: "\u{A0}", count: leading) }
                return String(repeating: "\u{A0}", count: leading) + text.dropFirst(leading).dropLast(trailing)
                    + String(repeating: "\u{A0}", count: trailing)
            }
            if c == "{" { level += 1 } else if c == "}" { level -= 1 }
            if c == "\\", let (token, end) = token(at: pos) {
                guard case let .command(name) = token, name.count == 1, "{}$%&#_ ".contains(name) else {
                    throw MathError(.unknownCommand, token.written, at: pos, "unknown command \(token.written) in \(owner)")
                }
                text += name
                pos = end
                continue
            }
            if c == "{" || c == "}" { pos += 1; continue }
            text.append(c.isWhitespace ? " " : c)
            pos += 1
        }
        throw MathError(.unbalancedBraces, "{", at: open, "unbalanced braces: { is never closed")
    }

    /// Applies a math alphabet to every letter and digit under `node`; \mathrm also joins letter runs into one
    /// upright `<mi>` (`\mathrm{softmax}` is a word, not seven variables).
    static func restyle(_ node: MathNode, _ alphabet: MathAlphabet) -> MathNode {
        switch node {
        case let .identifier(name, _):
            if alphabet == .roman { return .identifier(name, upright: true) }
            guard name.count == 1, let c = name.first else { return node }
            let mapped = alphabet.map(c)
            return mapped == c ? node : .identifier(String(mapped), upright: false)
        case let .number(digits):
            return .number(String(digits.map(alphabet.map)))
        case let .row(children):
            let styled = children.map { restyle($0, alphabet) }
            return alphabet == .roman ? .group(joinLetters(styled)) : .row(styled)
        case let .fraction(a, b, style):
            return .fraction(restyle(a, alphabet), restyle(b, alphabet), displayStyle: style)
        case let .sqrt(body):
            return .sqrt(restyle(body, alphabet))
        case let .root(body, index):
            return .root(restyle(body, alphabet), index: restyle(index, alphabet))
        case let .scripts(base, sub, sup, limits):
            return .scripts(base: restyle(base, alphabet), sub: sub.map { restyle($0, alphabet) },
                            sup: sup.map { restyle($0, alphabet) }, limits: limits)
        case let .accent(base, mark, under):
            return .accent(restyle(base, alphabet), mark: mark, under: under)
        case let .style(body, display):
            return .style(restyle(body, alphabet), display: display)
        case let .table(rows, align, display):
            return .table(rows.map { $0.map { restyle($0, alphabet) } }, align: align, display: display)
        case .op, .text, .space:
            return node
        }
    }

    private static func joinLetters(_ nodes: [MathNode]) -> [MathNode] {
        var out: [MathNode] = []
        for node in nodes {
            if case let .identifier(name, true) = node, name.allSatisfy({ $0.isASCII && $0.isLetter }),
               case let .identifier(previous, true)? = out.last,
               previous.allSatisfy({ $0.isASCII && $0.isLetter }) {
                out[out.count - 1] = .identifier(previous + name, upright: true)
            } else {
                out.append(node)
            }
        }
        return out
    }
}
