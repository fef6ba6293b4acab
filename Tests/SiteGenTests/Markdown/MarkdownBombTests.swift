import Foundation
import Testing
@testable import SiteGen

/// Inputs that made Ink 0.6.0 take exponential or quadratic time, overflow the stack, or eat gigabytes. Each
/// now renders (or is refused with file and line). The suite's time limit is the hang detector: before the fix
/// 30 unclosed brackets never finished and 10,000 nested ones crashed the test process with SIGSEGV; the sizes
/// here are large enough that quadratic work would blow the limit too (8,000^2 steps per case took 2-8 s, and
/// these inputs are 4-16x bigger), yet each takes well under a second in linear time.
@Suite(.timeLimit(.minutes(1))) struct MarkdownBombTests {
    func render(_ markdown: String) throws -> String { try MarkdownRenderer.render(markdown, source: "content/x.md", firstLine: 5) }

    func count(_ needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }

    @Test func unclosedBracketsAreLiteralText() throws {
        for opener in ["[", "!["] {
            let html = try render("a " + String(repeating: opener + "x ", count: 30) + "b")
            #expect(count(opener, in: html) == 30)
            let big = try render(String(repeating: opener, count: 40_000))
            #expect(count(opener, in: big) == 40_000)
        }
    }

    @Test func tenThousandNestedBracketsRenderInsteadOfCrashing() throws {
        let html = try render(String(repeating: "[", count: 10_000) + "x" + String(repeating: "]", count: 10_000))
        #expect(html == "<p>" + String(repeating: "[", count: 10_000) + "x" + String(repeating: "]", count: 10_000) + "</p>")
    }

    @Test func deeplyNestedLinksKeepTheInnermostLevelsAndNeverRecurseDeeply() throws {
        let html = try render(String(repeating: "[", count: 20_000) + "x" + String(repeating: "](u)", count: 20_000))
        #expect(count("<a href=\"u\">", in: html) == MarkdownCutter.maxLinkNesting)
        #expect(count("[", in: html) == 20_000 - MarkdownCutter.maxLinkNesting)
    }

    @Test func linksAndImagesStillRender() throws {
        #expect(try render("see [the page](b.html) and ![a plot](p.png)")
                == #"<p>see <a href="b.html">the page</a> and <img src="p.png" alt="a plot"/></p>"#)
        #expect(try render("[![icon](i.png)](home.html)") == #"<p><a href="home.html"><img src="i.png" alt="icon"/></a></p>"#)
        // Balanced brackets inside link text, as CommonMark allows (Ink alone gave up on this link).
        #expect(try render("[a [b] c](u)") == #"<p><a href="u">a [b] c</a></p>"#)
        #expect(try render("[x] and [y](") == "<p>[x] and [y](</p>")
    }

    @Test func manyUnclosedDollarsAmpersandsAndTagsAreLiteral() throws {
        let dollars = try render(String(repeating: "$a ", count: 40_000))
        #expect(count("$a", in: dollars) == 40_000)
        let amps = try render(String(repeating: "&", count: 40_000) + " &amp; &#38;")
        #expect(count("&amp;", in: amps) == 40_001)
        #expect(amps.contains("&#38;"))
        let tags = try render(String(repeating: "<a ", count: 40_000))
        #expect(count("&lt;a", in: tags) == 40_000)
        let comments = try render(String(repeating: "<!-- ", count: 40_000))
        #expect(count("&lt;!--", in: comments) == 40_000)
        #expect(try render("a <!-- kept --> b") == "<p>a <!-- kept --> b</p>")
    }

    @Test func sixtyFourThousandPiecesAreRestoredInOnePass() throws {
        let html = try render(String(repeating: "`c` ", count: 64_000))
        #expect(count("<code>c</code>", in: html) == 64_000)
    }

    @Test func aListNestedTooDeeplyIsRefusedWithFileAndLine() throws {
        let depth = 3_000  // 4.5 MB of indentation, refused at its 17th item
        let bomb = "Intro.\n\n" + (0..<depth).map { String(repeating: " ", count: $0) + "- item" }.joined(separator: "\n")
        let error = try #require(throws: MarkdownError.self) { try render(bomb) }
        // Line 0 of the body is file line 5; the 17th item (body line 2 + 16) is the first too deep.
        #expect(error.source == "content/x.md")
        #expect(error.line == 5 + 2 + NestingLimits.maxListDepth)
        #expect(error.message == "list nested 17 levels deep; at most 16 are allowed")
        let deepest = (0..<NestingLimits.maxListDepth).map { String(repeating: " ", count: 2 * $0) + "- item" }
        #expect(count("<ul>", in: try render(deepest.joined(separator: "\n"))) == NestingLimits.maxListDepth)
        // The same lines inside a code fence are code, not a list.
        let fenced = (0..<40).map { String(repeating: " ", count: $0) + "- item" }.joined(separator: "\n")
        #expect(try render("```\n" + fenced + "\n```").hasPrefix("<pre><code>"))
    }
}
