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

    static func apply(_ html: String) -> String {
        rules.reduce(html) { text, rule in
            rule.0.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: rule.1)
        }
    }
}
