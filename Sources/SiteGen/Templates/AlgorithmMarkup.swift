import Foundation

/// Algorithm boxes as HTML: numbered site-wide in reading order ("Algorithm 2."), each step's markdown and math
/// rendered like the page's text, filled into `templates/algorithm.mustache` (an ordered list numbers the steps).
struct AlgorithmMarkup {
    var templates: Templates

    /// The number of `section`'s first algorithm: one more than all algorithms of the sections before it.
    static func firstNumber(of section: Section, in content: SiteContent) throws -> Int {
        var n = 1
        for earlier in content.sections {
            if earlier.id == section.id { break }
            n += try Directives.scan(earlier.body, file: earlier.file, firstLine: earlier.bodyFirstLine).algorithms.count
        }
        return n
    }

    /// `@fig:ID` in a step or the title links to the figure, as in the page's text.
    func render(_ block: AlgorithmBlock, number: Int, in section: Section, figures: FigureNumbers) throws -> String {
        func html(_ text: String, bodyLine: Int) throws -> String {
            let resolved = try figures.resolvingReferences([text], from: section, firstBodyLine: bodyLine)[0]
            return try Self.inline(resolved, file: section.file, line: section.bodyFirstLine + bodyLine)
        }
        let steps = try block.steps.map { step -> [String: Any] in
            ["depth": "\(step.depth)", "html": try html(step.text, bodyLine: step.bodyLine)]
        }
        let title = try html(block.title, bodyLine: block.openLine)
        return try templates.render("algorithm", ["anchor": "algorithm-\(number)", "number": "\(number)", "title": title,
                                                  "steps": steps])
    }

    /// One line of markdown as inline HTML. A step that markdown reads as a block (a heading, a list item, a
    /// table row) would break the box's list, so it is an error at its line.
    static func inline(_ text: String, file: String, line: Int) throws -> String {
        let html = try MarkdownRenderer.render(text, source: file, firstLine: line).trimmingCharacters(in: .whitespacesAndNewlines)
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>"), !html.dropFirst(3).contains("<p>") else {
            throw SourceError(file: file, line: line, "`\(text)` in an algorithm box reads as a markdown block, not a line of "
                + "text; an algorithm step may not start with `#`, `-`, `>`, `|` or a number and a dot")
        }
        return String(html.dropFirst(3).dropLast(4))
    }
}
