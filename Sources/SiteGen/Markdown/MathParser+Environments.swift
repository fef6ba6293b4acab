/// `\begin{…}…\end{…}` environments as `<mtable>`: aligned derivations, cases and matrices.
extension MathParser {
    private struct Environment {
        let align: MathNode.TableAlignment
        let display: Bool
        let open: String
        let close: String

        static let known: [String: Environment] = [
            "aligned": .init(align: .pairs, display: true, open: "", close: ""),
            "align*": .init(align: .pairs, display: true, open: "", close: ""),
            "gathered": .init(align: .center, display: true, open: "", close: ""),
            "cases": .init(align: .left, display: false, open: "{", close: ""),
            "matrix": .init(align: .center, display: false, open: "", close: ""),
            "pmatrix": .init(align: .center, display: false, open: "(", close: ")"),
            "bmatrix": .init(align: .center, display: false, open: "[", close: "]"),
            "Bmatrix": .init(align: .center, display: false, open: "{", close: "}"),
            "vmatrix": .init(align: .center, display: false, open: "|", close: "|"),
            "Vmatrix": .init(align: .center, display: false, open: "‖", close: "‖"),
        ]
    }

    mutating func parseEnvironment(at start: Int) throws -> Atom {
        let name = try readEnvironmentName(after: "\\begin", at: start)
        guard let environment = Environment.known[name] else {
            throw MathError(.unknownCommand, "\\begin{\(name)}", at: start, "unknown environment \(name)")
        }
        var rows: [[MathNode]] = [[]]
        while true {
            var cell = try parseList(display: environment.display, stop: .cell(openedAt: start, name: name))
            // In `a &= b` the `=` opens its cell; an empty first sibling keeps it an infix relation.
            if environment.align == .pairs, rows[rows.count - 1].count % 2 == 1 { cell.insert(.row([]), at: 0) }
            rows[rows.count - 1].append(.group(cell))
            let tokenStart = pos
            guard let (token, end) = token(at: pos) else { break }
            pos = end
            if token == .char("&") { continue }
            if token == .command("\\") { rows.append([]); continue }
            let endName = try readEnvironmentName(after: "\\end", at: tokenStart)
            guard endName == name else {
                throw MathError(.unmatchedLeftRight, "\\end{\(endName)}", at: tokenStart,
                                "\\begin{\(name)} is closed by \\end{\(endName)}")
            }
            break
        }
        // A final `\\` before \end makes no extra row in TeX.
        if rows.count > 1, let last = rows.last, last.allSatisfy({ $0 == .row([]) }) { rows.removeLast() }
        func fence(_ text: String, _ form: String) -> [MathNode] {
            text.isEmpty ? [] : [.op(text, attributes: [.init("fence", "true"), .init("form", form),
                                                        .init("stretchy", "true")])]
        }
        let table = MathNode.table(rows, align: environment.align, display: environment.display)
        let fenced = fence(environment.open, "prefix") + [table] + fence(environment.close, "postfix")
        return Atom(node: .group(fenced), cls: .ord)
    }

    private mutating func readEnvironmentName(after command: String, at start: Int) throws -> String {
        skipSpaces()
        guard pos < chars.count, chars[pos] == "{" else {
            throw MathError(.missingArgument, command, at: start, "\(command) needs {environment}")
        }
        var end = pos + 1
        while end < chars.count, chars[end] != "}" {
            guard chars[end].isLetter || chars[end] == "*" else {
                throw MathError(.missingArgument, command, at: start, "\(command) needs {environment}")
            }
            end += 1
        }
        guard end < chars.count else {
            throw MathError(.unbalancedBraces, "{", at: pos, "unbalanced braces: { is never closed")
        }
        let name = String(chars[(pos + 1)..<end])
        pos = end + 1
        return name
    }
}
