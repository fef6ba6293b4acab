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
        try NestingLimits.checkLists(markdown, source: source, firstLine: firstLine)
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
        case let .displayMath(tex):
            // The span scrolls sideways on a narrow screen (style.css) instead of clipping a long equation; a span,
            // not a div, because display math may sit inside a paragraph.
            return "<span class=\"math-display\">" + (try math(tex, display: true, delimiter: "$$")) + "</span>"
        case let .codeSpan(code): return "<code>\(HTMLEscaping.escape(code))</code>"
        case let .codeBlock(code, language):
            let cls = language.isEmpty ? "" : " class=\"language-\(HTMLEscaping.escape(language))\""
            return "<pre><code\(cls)>\(HTMLEscaping.escape(code))</code></pre>"
        case let .literal(text): return HTMLEscaping.escape(text)
        case let .rawHTML(html): return html
        }
    }

    /// Puts rendered pieces where their placeholders landed; a block alone in a paragraph replaces the paragraph
    /// (`<pre>` may not sit inside `<p>`). One pass over the bytes: searching the rest of the string for each
    /// placeholder took 1 s for 64,000 of them.
    static func restore(_ html: String, prefix: String, pieces: [MarkdownCutter.Piece], rendered: [String]) -> String {
        let bytes = Array(html.utf8)
        let mark = Array(prefix.utf8)
        let p = "<p>".utf8, closeP = "</p>".utf8
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var k = 0
        var segmentStart = 0  // where the output after the last placeholder begins
        while k < bytes.count {
            guard bytes[k] == mark[0], k + mark.count <= bytes.count, bytes[k..<k + mark.count].elementsEqual(mark) else {
                out.append(bytes[k])
                k += 1
                continue
            }
            var digitsEnd = k + mark.count
            var index = 0
            while digitsEnd < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[digitsEnd]), index < rendered.count {
                index = index * 10 + Int(bytes[digitsEnd] - UInt8(ascii: "0"))
                digitsEnd += 1
            }
            guard digitsEnd > k + mark.count, digitsEnd < bytes.count, bytes[digitsEnd] == UInt8(ascii: "z"),
                  index < rendered.count else {
                out.append(contentsOf: mark)
                segmentStart = out.count
                k += mark.count
                continue
            }
            var after = digitsEnd + 1
            if pieces[index].isBlock, out.count - 3 >= segmentStart, out[(out.count - 3)...].elementsEqual(p),
               after + 4 <= bytes.count, bytes[after..<after + 4].elementsEqual(closeP) {
                out.removeLast(3)
                after += 4
            }
            out.append(contentsOf: rendered[index].utf8)
            segmentStart = out.count
            k = after
        }
        return String(decoding: out, as: UTF8.self)
    }
}
