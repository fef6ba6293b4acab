/// Inline HTML Ink mishandles: void tags, autolinks, `<` that opens no tag, and `&` that starts no entity.
extension MarkdownCutter {
    /// Whether the `&` at `start` begins a character reference (`&amp;`, `&#38;`, `&#x26;`), looking at most 34
    /// characters ahead. Ink searches for the `;` of every `&` to the end of the input (8,000 `&`: 2.8 s, 4x per
    /// doubling), so any other `&` is cut out as literal text, which renders as Ink renders it: `&amp;`.
    func startsEntity(_ start: Int) -> Bool {
        var j = start + 1
        let limit = min(chars.count, start + 34)
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        func isHex(_ c: Character) -> Bool { c.isASCII && c.isHexDigit }
        func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        var body: (Character) -> Bool = isAlnum
        if j < limit, chars[j] == "#" {
            j += 1
            body = isDigit
            if j < limit, chars[j] == "x" || chars[j] == "X" { j += 1; body = isHex }
        } else if j < limit, !(chars[j].isASCII && chars[j].isLetter) {
            return false
        }
        let first = j
        while j < limit, body(chars[j]) { j += 1 }
        return j > first && j < limit && chars[j] == ";"
    }

    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    mutating func readAngle() {
        var end = i + 1
        while end < chars.count, chars[end] != ">", chars[end] != "<", chars[end] != "\n" { end += 1 }
        let inside = end < chars.count && chars[end] == ">" ? String(chars[(i + 1)..<end]) : nil
        if let inside, let colon = inside.firstIndex(of: ":"), !inside.contains(" "),
           inside[..<colon].allSatisfy({ $0.isASCII && $0.isLetter }), inside[..<colon].count >= 2 {
            let url = HTMLEscaping.escape(inside)
            cut(.rawHTML("<a href=\"\(url)\">\(url)</a>"), at: line)
            advance(to: end + 1)
            return
        }
        guard i + 1 < chars.count, chars[i + 1].isASCII,
              chars[i + 1].isLetter || chars[i + 1] == "/" || chars[i + 1] == "!" || chars[i + 1] == "?" else {
            cut(.literal("<"), at: line)
            advance(to: i + 1)
            return
        }
        let name = String(chars[(i + 1)...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }).lowercased()
        let closing = tagEnd(from: i)
        if Self.voidElements.contains(name), let closing {
            cut(.rawHTML(String(chars[i...closing])), at: line)
            advance(to: closing + 1)
            return
        }
        // A tag never closed by `>` is text. Ink would look for its end from every such `<` to the end of the
        // input (8,000 `<a ` took 2 s, 4x per doubling).
        if closing == nil, !opensComment(i) || commentClose(after: i) == nil {
            cut(.literal("<"), at: line)
            advance(to: i + 1)
            return
        }
        text.append("<")
        advance(to: i + 1)
    }

    private func opensComment(_ start: Int) -> Bool {
        start + 3 < chars.count && chars[start + 1] == "!" && chars[start + 2] == "-" && chars[start + 3] == "-"
    }

    /// The start of the first `-->` after `start` (a comment may hold `<`, which ends a tag). Remembered, so
    /// many unclosed `<!--` cost one search, not one each.
    private mutating func commentClose(after start: Int) -> Int? {
        if let memo = commentCloseMemo, memo.from <= start, memo.at.map({ $0 >= start + 4 }) ?? true { return memo.at }
        var j = start + 4
        while j + 2 < chars.count, !(chars[j] == "-" && chars[j + 1] == "-" && chars[j + 2] == ">") { j += 1 }
        let at = j + 2 < chars.count ? j : nil
        commentCloseMemo = (start, at)
        return at
    }

    /// The `>` that ends the tag opened at `start`, skipping quoted attribute values.
    private func tagEnd(from start: Int) -> Int? {
        var quote: Character?
        var j = start + 1
        while j < chars.count {
            let c = chars[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ">" {
                return j
            } else if c == "<" {
                return nil
            }
            j += 1
        }
        return nil
    }
}
