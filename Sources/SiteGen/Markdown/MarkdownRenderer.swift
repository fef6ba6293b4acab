import Foundation
import Ink

/// Markdown to an HTML fragment, with TeX math rendered to MathML at build time.
///
/// Ink 0.6.0 does the markdown. MarkdownCutter and InkFixups repair what it gets wrong on common input; these
/// remain and are the author's to avoid (none produces invalid HTML, only unexpected structure):
/// - a list item holds one paragraph: an indented paragraph or code block after a blank line ends the list;
/// - no lists inside blockquotes (`> - a` is quoted text), no setext headings (`Title\n===`), no `- - -` rules
///   (use `---`), no indented code blocks (use ``` fences), no footnotes, no task lists;
/// - markdown inside an HTML block (`<details>…</details>`) is not rendered;
/// - `$` inside raw HTML attribute values is read as math.
public enum MarkdownRenderer {
    /// - Parameters:
    ///   - source: the file name used in error messages (`content/b-1-2-denoiser.md`).
    ///   - firstLine: the line of `source` on which `markdown` starts (after front matter), so errors point at
    ///     the right line of the file.
    public static func render(_ markdown: String, source: String, firstLine: Int = 1) throws -> String {
        let cutter: MarkdownCutter
        do {
            cutter = try MarkdownCutter(markdown)
        } catch MarkdownCutterError.unclosedDisplayMath(let line) {
            throw MarkdownError(source: source, line: firstLine + line, message: "$$ is never closed by $$")
        }
        let rendered = try cutter.cutouts.map { try html(for: $0, source: source, firstLine: firstLine) }
        let inkHTML = InkFixups.apply(MarkdownParser().html(from: InkFixups.indentListItems(cutter.text)))
        return restore(inkHTML, prefix: cutter.prefix, pieces: cutter.cutouts.map(\.piece), rendered: rendered)
    }

    private static func html(for cutout: MarkdownCutter.Cutout, source: String, firstLine: Int) throws -> String {
        func math(_ tex: String, display: Bool, delimiter: String) throws -> String {
            // Offsets in the message count from the formula as quoted: trimmed, on one line.
            let quoted = String(tex.map { $0.isNewline ? " " : $0 }).trimmingCharacters(in: .whitespaces)
            do {
                return try MathML.render(quoted, display: display)
            } catch let error as MathError {
                throw MarkdownError(source: source, line: firstLine + cutout.line,
                                    message: "\(error) in \(delimiter)\(quoted)\(delimiter)")
            }
        }
        switch cutout.piece {
        case let .inlineMath(tex): return try math(tex, display: false, delimiter: "$")
        case let .displayMath(tex): return try math(tex, display: true, delimiter: "$$")
        case let .codeSpan(code): return "<code>\(HTMLEscaping.escape(code))</code>"
        case let .codeBlock(code, language):
            let cls = language.isEmpty ? "" : " class=\"language-\(HTMLEscaping.escape(language))\""
            return "<pre><code\(cls)>\(HTMLEscaping.escape(code))</code></pre>"
        case let .literal(text): return HTMLEscaping.escape(text)
        case let .rawHTML(html): return html
        }
    }

    /// Puts rendered pieces where their placeholders landed; a block alone in a paragraph replaces the paragraph
    /// (`<pre>` may not sit inside `<p>`).
    static func restore(_ html: String, prefix: String, pieces: [MarkdownCutter.Piece], rendered: [String]) -> String {
        var out = ""
        var rest = Substring(html)
        while let hit = rest.range(of: prefix) {
            var digitsEnd = hit.upperBound
            while digitsEnd < rest.endIndex, rest[digitsEnd].isASCII, rest[digitsEnd].isNumber {
                digitsEnd = rest.index(after: digitsEnd)
            }
            guard digitsEnd < rest.endIndex, rest[digitsEnd] == "z",
                  let index = Int(rest[hit.upperBound..<digitsEnd]), index < rendered.count else {
                out += rest[..<hit.upperBound]
                rest = rest[hit.upperBound...]
                continue
            }
            var before = rest[..<hit.lowerBound]
            var after = rest[rest.index(after: digitsEnd)...]
            if pieces[index].isBlock, before.hasSuffix("<p>"), after.hasPrefix("</p>") {
                before = before.dropLast(3)
                after = after.dropFirst(4)
            }
            out += before
            out += rendered[index]
            rest = after
        }
        return out + rest
    }
}
