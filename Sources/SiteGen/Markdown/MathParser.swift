/// Recursive-descent parser for the TeX math subset. It reads Characters, not bytes, so error offsets are the
/// columns an author sees in the formula.
struct MathParser {
    enum Token: Equatable {
        case char(Character)
        /// A control sequence without its backslash: `frac`, or one non-letter such as `,` or `{`.
        case command(String)

        var written: String {
            switch self {
            case let .char(c): return String(c)
            case let .command(name): return "\\" + name
            }
        }
    }

    /// A parsed node with the TeX class that decides spacing and script placement.
    struct Atom {
        var node: MathNode
        var cls: AtomClass
        var limits: LimitsPlacement = .never
    }

    /// What ends the list being parsed; each carries the offset of its opener for error messages.
    enum Stop {
        case end, brace(openedAt: Int), right(openedAt: Int), bracket(openedAt: Int)
        /// A cell of `\begin{name}`: ends at `&`, `\\` or `\end`, which the environment parser consumes.
        case cell(openedAt: Int, name: String)
    }

    let chars: [Character]
    var pos = 0
    var depth = 0
    /// Deeper input (`{{{…`, `\\hat\\hat…`) is refused rather than risking the stack.
    static let maxDepth = 200

    init(_ source: String) { chars = Array(source) }

    mutating func parseFormula(display: Bool) throws -> [MathNode] {
        try parseList(display: display, stop: .end)
    }

    // MARK: tokens

    func token(at i: Int) -> (token: Token, end: Int)? {
        guard i < chars.count else { return nil }
        guard chars[i] == "\\" else { return (.char(chars[i]), i + 1) }
        var j = i + 1
        guard j < chars.count else { return (.command(""), j) }
        guard chars[j].isASCII, chars[j].isLetter else {
            let name = chars[j].isWhitespace ? " " : String(chars[j])
            return (.command(name), j + 1)
        }
        while j < chars.count, chars[j].isASCII, chars[j].isLetter { j += 1 }
        return (.command(String(chars[(i + 1)..<j])), j)
    }

    mutating func skipSpaces() {
        while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
    }

    // MARK: lists

    mutating func parseList(display: Bool, stop: Stop) throws -> [MathNode] {
        try enter()
        defer { depth -= 1 }
        var atoms: [Atom] = []
        while true {
            skipSpaces()
            let start = pos
            guard let (token, end) = token(at: pos) else {
                if case .end = stop { return Self.spaced(atoms) }
                throw unclosed(stop)
            }
            switch token {
            case .char("}"):
                guard case .brace = stop else {
                    throw MathError(.unbalancedBraces, "}", at: start, "unbalanced braces: } without a matching {")
                }
                pos = end
                return Self.spaced(atoms)
            case .char("]"):
                if case .bracket = stop {
                    pos = end
                    return Self.spaced(atoms)
                }
                atoms.append(try parseAtom(display: display, inList: true))
            case .command("right"):
                switch stop {
                case .right: return Self.spaced(atoms)
                case .end: throw MathError(.unmatchedLeftRight, "\\right", at: start, "\\right has no matching \\left")
                default: throw unclosed(stop)
                }
            case .char("&"), .command("\\"), .command("end"):
                guard case .cell = stop else {
                    throw MathError(.unexpectedCharacter, token.written, at: start,
                                    "\(token.written) outside an environment such as aligned")
                }
                return Self.spaced(atoms)
            case .command("middle"):
                guard case .right = stop else {
                    throw MathError(.unmatchedLeftRight, "\\middle", at: start, "\\middle outside \\left … \\right")
                }
                pos = end
                let bar = try readDelimiter(after: "\\middle", at: start)
                atoms.append(Atom(node: .op(bar, attributes: [.init("fence", "true"), .init("stretchy", "true")]),
                                  cls: .relOrBin))
                continue
            case .command("limits"), .command("nolimits"):
                guard let last = atoms.last, last.cls == .bigOperator || last.cls == .operatorName else {
                    throw MathError(.unexpectedCharacter, token.written, at: start,
                                    "\(token.written) must follow an operator such as \\sum")
                }
                pos = end
                atoms[atoms.count - 1].limits = token == .command("limits") ? .always : .never
            case .command("displaystyle"), .command("textstyle"):
                pos = end
                let isDisplay = token == .command("displaystyle")
                let rest = try parseList(display: isDisplay, stop: stop)
                atoms.append(Atom(node: .style(.group(rest), display: isDisplay), cls: .ord))
                return Self.spaced(atoms)
            case .char("^"), .char("_"), .char("'"):
                atoms.append(Atom(node: .row([]), cls: .ord))
            default:
                atoms.append(try parseAtom(display: display, inList: true))
            }
            try attachScripts(to: &atoms[atoms.count - 1], display: display)
        }
    }

    mutating func enter() throws {
        depth += 1
        if depth > Self.maxDepth {
            throw MathError(.unbalancedBraces, "{", at: pos, "formula nested too deeply")
        }
    }

    private func unclosed(_ stop: Stop) -> MathError {
        switch stop {
        case let .brace(openedAt):
            return MathError(.unbalancedBraces, "{", at: openedAt, "unbalanced braces: { is never closed")
        case let .right(openedAt):
            return MathError(.unmatchedLeftRight, "\\left", at: openedAt, "\\left has no matching \\right")
        case let .bracket(openedAt):
            return MathError(.unbalancedBraces, "[", at: openedAt, "\\sqrt[ is never closed by ]")
        case let .cell(openedAt, name):
            return MathError(.unmatchedLeftRight, "\\begin{\(name)}", at: openedAt,
                             "\\begin{\(name)} has no matching \\end{\(name)}")
        case .end:
            return MathError(.unbalancedBraces, "", at: pos, "unexpected end of formula")
        }
    }

    /// TeX puts a thin space between an operator name and an ordinary neighbour (`\log x`, `2\log x`) but none
    /// before an opening fence (`\log(x)`); MathML's operator dictionary knows nothing of `<mi>log</mi>`.
    static func spaced(_ atoms: [Atom]) -> [MathNode] {
        let thin = MathNode.space(width: "0.1667em")
        var out: [MathNode] = []
        for (i, atom) in atoms.enumerated() {
            guard atom.cls == .operatorName else {
                out.append(atom.node)
                continue
            }
            if i > 0, [.ord, .close].contains(atoms[i - 1].cls) { out.append(thin) }
            out.append(atom.node)
            guard i + 1 < atoms.count else { continue }
            let next = atoms[i + 1].cls
            if [.ord, .open, .operatorName, .bigOperator].contains(next) {
                out.append(.op("\u{2061}", attributes: []))
            }
            if [.ord, .operatorName].contains(next) { out.append(thin) }
        }
        return out
    }

    // MARK: scripts

    private mutating func attachScripts(to atom: inout Atom, display: Bool) throws {
        var sub: MathNode?
        var sup: MathNode?
        var primes: MathNode?
        while true {
            skipSpaces()
            let start = pos
            guard let (token, end) = token(at: pos) else { break }
            switch token {
            case .char("_"):
                guard sub == nil else { throw MathError(.doubleScript, "_", at: start, "double subscript") }
                pos = end
                sub = try parseArgument(display: false, owner: "_", at: start)
            case .char("^"):
                guard sup == nil else { throw MathError(.doubleScript, "^", at: start, "double superscript") }
                pos = end
                sup = try parseArgument(display: false, owner: "^", at: start)
            case .char("'"):
                guard sup == nil, primes == nil else {
                    throw MathError(.doubleScript, "'", at: start, "double superscript")
                }
                var count = 0
                while pos < chars.count, chars[pos] == "'" { count += 1; pos += 1 }
                let marks = ["′", "″", "‴", "⁗"]
                let text = count <= 4 ? marks[count - 1] : String(repeating: "′", count: count)
                primes = .op(text, attributes: [])
            default:
                break
            }
            if case .char(let c) = token, "_^'".contains(c) { continue }
            break
        }
        if let primes { sup = sup.map { .row([primes, $0]) } ?? primes }
        guard sub != nil || sup != nil else { return }
        let limits = atom.limits == .always || (atom.limits == .displayOnly && display)
        var base = atom.node
        // Outside display style Chromium would move "movable" limits back beside the operator.
        if limits, !display, case let .op(symbol, attributes) = base {
            base = .op(symbol, attributes: attributes + [.init("movablelimits", "false")])
        }
        atom.node = .scripts(base: base, sub: sub, sup: sup, limits: limits)
    }

    /// One TeX argument: a braced group or a single token (`\frac12`, `x_t`, `\sqrt\alpha`).
    mutating func parseArgument(display: Bool, owner: String, at ownerOffset: Int) throws -> MathNode {
        skipSpaces()
        let start = pos
        guard let (token, end) = token(at: pos) else {
            throw MathError(.missingArgument, owner, at: ownerOffset, "\(owner) is missing its argument")
        }
        switch token {
        case .char("{"):
            pos = end
            return .group(try parseList(display: display, stop: .brace(openedAt: start)))
        case .char("}"), .char("^"), .char("_"), .char("'"), .command("right"), .command("middle"),
             .command("limits"), .command("nolimits"):
            throw MathError(.missingArgument, owner, at: ownerOffset,
                            "\(owner) is missing its argument (found \(token.written))")
        default:
            return try parseAtom(display: display, inList: false).node
        }
    }
}
