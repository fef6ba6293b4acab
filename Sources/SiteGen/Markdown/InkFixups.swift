import Foundation

/// Repairs to Ink 0.6.0's HTML that can only be made after it ran (input-side repairs are in MarkdownCutter);
/// each is a test in MarkdownRendererTests.
enum InkFixups {
    private static let rules: [(NSRegularExpression, String)] = [
        // `[a](u "title")` comes out as href="u "title""; make the title an attribute.
        ("(href|src)=\"([^\"\\s]*) \"([^\"]*)\"\"", "$1=\"$2\" title=\"$3\""),
        // Ink escapes & in text but not in URLs.
        (#"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)"#, "&amp;"),
        // align= on table cells is obsolete in HTML5.
        (#" align="(left|right|center)""#, #" style="text-align: $1""#),
    ].map { pattern, template in
        // The patterns are literals above: failing to compile one is a programmer error, not bad input.
        (try! NSRegularExpression(pattern: pattern), template)
    }

    /// Ink closes a nested list only when the dedented line still has *some* indentation: after `  - nested`, a
    /// `- next` at column 0 lands in the nested list (and `2. next` is glued onto its last item). Indenting every
    /// list-item line by one space makes each dedent visible to it; Ink still sees the same nesting. An indented
    /// item would continue a paragraph directly above it, so a list that interrupts a paragraph gets a blank line.
    static func indentListItems(_ markdown: String) -> String {
        var out: [String] = []
        var inList = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let blank = line.allSatisfy(\.isWhitespace)
            if isListItem(line) {
                if !inList, let previous = out.last, !previous.allSatisfy(\.isWhitespace) { out.append("") }
                out.append(" " + line)
                inList = true
            } else {
                out.append(String(line))
                if blank { inList = false }
            }
        }
        return out.joined(separator: "\n")
    }

    private static func isListItem(_ line: Substring) -> Bool {
        let body = line.drop { $0 == " " }
        if body.allSatisfy({ $0 == "-" || $0 == "*" || $0 == "_" || $0 == " " }) { return false }  // a rule
        if let marker = body.first, "-*+".contains(marker) { return body.dropFirst().first == " " }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return false }
        let rest = body.dropFirst(digits.count)
        return (rest.first == "." || rest.first == ")") && rest.dropFirst().first == " "
    }

    static func apply(_ html: String) -> String {
        let fixed = rules.reduce(html) { text, rule in
            rule.0.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: rule.1)
        }
        return plainAltText(fixed)
    }

    private static let altAttribute = try! NSRegularExpression(pattern: #"alt="([^"]*<[^"]*)""#)
    private static let tag = try! NSRegularExpression(pattern: "<[^>]*>")

    /// `![a *b*](x.png)` gives alt="a <em>b</em>"; alt text is plain text, so the tags go.
    private static func plainAltText(_ html: String) -> String {
        let text = NSMutableString(string: html)
        for match in altAttribute.matches(in: html, range: NSRange(location: 0, length: text.length)).reversed() {
            let value = text.substring(with: match.range(at: 1))
            let plain = tag.stringByReplacingMatches(in: value, range: NSRange(location: 0, length: (value as NSString).length),
                                                     withTemplate: "")
            text.replaceCharacters(in: match.range(at: 1), with: plain)
        }
        return text as String
    }
}
