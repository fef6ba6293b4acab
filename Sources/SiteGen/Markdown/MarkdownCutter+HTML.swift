/// Inline HTML Ink mishandles: void tags, autolinks and `<` that opens no tag.
extension MarkdownCutter {
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
        if Self.voidElements.contains(name), let tagEnd = tagEnd(from: i) {
            cut(.rawHTML(String(chars[i...tagEnd])), at: line)
            advance(to: tagEnd + 1)
            return
        }
        text.append("<")
        advance(to: i + 1)
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
