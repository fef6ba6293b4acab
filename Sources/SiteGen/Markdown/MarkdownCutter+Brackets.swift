/// Brackets that cannot start a link are cut out as literal text before Ink sees them.
///
/// Ink 0.6.0 reads `[` as a link: it parses the text up to `]` (recursing into every `[` inside), and when no
/// `(url)` follows it rewinds and parses the same text again as plain text. So each unclosed or unlinked `[`
/// doubles the time of the ones before it (20 brackets: 2 s, 30: never), and 10,000 nested ones overflow the
/// stack (exit 139). This pass, linear in the text, pairs brackets with a stack as Ink would read them and keeps a
/// `[` only when its `]` is followed by `(…)` closed on the same line (or `[label]`, or `: url` for a
/// definition), at most `maxLinkNesting` deep; every other `[` and `]` becomes a literal piece, which renders
/// exactly as Ink renders a link it gave up on. What Ink is left with always parses on the first try.
extension MarkdownCutter {
    /// An image inside a link is two levels; CommonMark allows no links inside links.
    static let maxLinkNesting = 3

    mutating func literalizeNonLinkBrackets() {
        let t = Array(text)
        guard t.contains("[") || t.contains("]") else { return }
        let n = t.count
        // The `)` matching each `(`, on the same line, as Ink's balanced read finds it.
        var parenClose = [Int](repeating: -1, count: n)
        var bracketClose = [Int](repeating: -1, count: n)
        var parens: [Int] = []
        var brackets: [Int] = []
        for k in 0..<n {
            switch t[k] {
            case "\n":
                parens.removeAll(keepingCapacity: true)
                // Ink's link text ends at a blank line or a line that starts a block.
                if k + 1 >= n || "\n#<`-".contains(t[k + 1]) || isBlank(t, from: k + 1) {
                    brackets.removeAll(keepingCapacity: true)
                }
            case "(": parens.append(k)
            case ")": if let open = parens.popLast() { parenClose[open] = k }
            case "[": brackets.append(k)
            case "]": if let open = brackets.popLast() { bracketClose[open] = k }
            default: break
            }
        }
        func sameLine(_ a: Int, _ b: Int) -> Bool { !t[a...b].contains("\n") }
        // Which pairs stay: links, images, reference labels and definitions, not nested too deeply.
        var keep = [Bool](repeating: false, count: n)
        var isLabel = [Bool](repeating: false, count: n)
        var open: [Int] = []  // closing positions of the kept pairs enclosing k
        for k in 0..<n {
            while let last = open.last, last < k { open.removeLast() }
            guard t[k] == "[", bracketClose[k] >= 0 else { continue }
            let close = bracketClose[k]
            if isLabel[k] { keep[k] = true; keep[close] = true; continue }
            let next = close + 1
            var link = false
            if next < n, t[next] == "(", parenClose[next] >= 0 {
                link = true
            } else if next < n, t[next] == "[", bracketClose[next] >= 0, sameLine(next, bracketClose[next]) {
                link = true
                isLabel[next] = true
            } else if next < n, t[next] == ":", k == 0 || t[k - 1] == "\n" {
                link = true
            }
            guard link, open.count < Self.maxLinkNesting else { continue }
            keep[k] = true
            keep[close] = true
            open.append(close)
        }
        text = ""
        var line = 0
        for k in 0..<n {
            let c = t[k]
            if (c == "[" || c == "]") && !keep[k] {
                cut(.literal(String(c)), at: line)
            } else {
                text.append(c)
                if c == "\n" { line += 1 }
            }
        }
    }

    private func isBlank(_ t: [Character], from start: Int) -> Bool {
        var j = start
        while j < t.count, t[j] != "\n" {
            if !t[j].isWhitespace { return false }
            j += 1
        }
        return true
    }
}
