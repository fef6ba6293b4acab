import Foundation

/// A figure as placed on a page: its files (relative to `site/`), size and caption.
public struct PlacedFigure: Sendable, Equatable {
    public var id: String
    public var section: String
    public var width: Int
    public var height: Int
    public var caption: String
    public var alt: String
    /// Shown instead of the image when the figure is a table of numbers (the PNG is still written).
    public var table: FigureTable? = nil
    /// Image pixels per CSS pixel. A figure drawn at 2 (for crisp labels on high-density screens) is shown at
    /// half its pixel size, so `width` and `height` above stay the PNG's and the page gets `displayWidth`; the
    /// page link opens the image itself, at full size.
    public var pixelDensity: Int = FigureStyle.density
    /// What the page shows: the PNG; or `figures/<id>.gif` for an animation (whose size `width` and `height`
    /// then are), with its PNG, the frames as one still, linked from the caption; or `figures/<id>.svg` for a
    /// diagram, drawn at the PNG's size, with the PNG linked.
    public var shown: FigureFormat = .png

    /// Size on the page in CSS pixels (rounded up, so an odd pixel count never loses a column).
    public var displayWidth: Int { (width + pixelDensity - 1) / max(1, pixelDensity) }
    public var displayHeight: Int { (height + pixelDensity - 1) / max(1, pixelDensity) }

    public var pngPath: String { "figures/\(id).png" }
    /// The file the page shows and its link opens.
    public var imagePath: String { "figures/\(id).\(shown.rawValue)" }
    /// The PNG, linked from the caption when the page shows another file: (link text, its title).
    public var stillLink: (text: String, title: String)? {
        switch shown {
        case .png: nil
        case .gif: ("frames", "every frame of the animation in one still image")
        case .svg: ("PNG", "the diagram as a PNG image")
        }
    }
    public var dataPath: String { "figures/\(id).safetensors" }
}

/// Fills the templates: markdown (with math) to HTML, `::figure` lines to figure markup, pages into the layout.
struct PageRenderer {
    var templates: Templates
    var content: SiteContent
    var figures: [String: PlacedFigure]
    var profile: String
    /// Where the figures' models came from, in words, for the footer.
    var models: String = "trained by this build"
    /// Named in the footer, and picks the `::backend` blocks the pages show.
    var backend: Backend

    static func number(of section: Section) -> String {
        let dotted = section.id.prefix { $0 != "-" }
        return dotted.prefix(1).uppercased() + dotted.dropFirst()
    }

    /// "3 figures" in the table of contents; nothing for a section of text only.
    static func figureCount(_ n: Int) -> String {
        n == 0 ? "" : n == 1 ? "1 figure" : "\(n) figures"
    }

    func renderIndex() throws -> String {
        let index = content.index
        let blocks = try Directives.scan(index.body, file: index.file, firstLine: index.bodyFirstLine).blocks
        let lines = BackendBlock.select(Self.lines(index.body), blocks: blocks, for: backend)
        let intro = try MarkdownRenderer.render(lines.joined(separator: "\n"), source: index.file, firstLine: index.bodyFirstLine)
        let parts: [[String: Any]] = Section.Part.allCases.compactMap { part in
            let sections = content.sections.filter { $0.part == part }
            guard !sections.isEmpty else { return nil }
            return [
                "anchor": part.rawValue.lowercased(),
                "name": part == .a ? "Part A · The power of diffusion models" : "Part B · Diffusion models from scratch",
                "sections": sections.map { section -> [String: Any] in
                    [
                        "href": section.pageName, "number": Self.number(of: section), "title": section.title,
                        // false, not "", for a section of text only: the template leaves out the whole count span.
                        "figureCount": section.figures.isEmpty ? false as Any : Self.figureCount(section.figures.count),
                    ]
                },
            ]
        }
        let inner = try templates.render("index", ["title": content.index.title, "byline": byline.isEmpty ? false as Any : byline,
                                                   "intro": intro, "parts": parts])
        return try layout(title: content.index.title, inner)
    }

    func renderSection(_ section: Section) throws -> String {
        let body = try renderBody(section)
        let position = content.sections.firstIndex(of: section)!
        func link(_ i: Int) -> [String: Any]? {
            guard content.sections.indices.contains(i) else { return nil }
            let other = content.sections[i]
            return ["href": other.pageName, "number": Self.number(of: other), "title": other.title]
        }
        let outline = PageOutline.make(body)
        var context: [String: Any] = [
            "part": section.part.rawValue, "partAnchor": section.part.rawValue.lowercased(),
            "number": Self.number(of: section), "title": section.title, "body": outline.html,
        ]
        context["outline"] = outline.entries.isEmpty ? false as Any : [
            "entries": outline.entries.map { ["level": "\($0.level)", "id": $0.id, "html": $0.html] as [String: Any] },
        ] as [String: Any]
        // Present-but-false keys keep the template lint able to tell a typo from a missing neighbour.
        context["previous"] = link(position - 1) ?? false
        context["next"] = link(position + 1) ?? false
        let inner = try templates.render("section", context)
        return try layout(title: "\(Self.number(of: section)) \(section.title) · \(content.index.title)", inner)
    }

    /// Markdown with the other backends' blocks dropped and each `::figure id` line and `::algorithm` block swapped
    /// for a placeholder paragraph, rendered, then the placeholders replaced by their markup (Ink would otherwise
    /// treat the markup as text to format).
    private func renderBody(_ section: Section) throws -> String {
        let scanned = try Directives.scan(section.body, file: section.file, firstLine: section.bodyFirstLine)
        var lines = BackendBlock.select(Self.lines(section.body), blocks: scanned.blocks, for: backend)
        let directives = scanned.figures
        let numbers = try FigureNumbers(content)
        lines = try numbers.resolvingReferences(lines, from: section)
        for (n, directive) in directives.enumerated() {
            lines[directive.bodyLine] = "SITEGENFIGURE\(n)X"
        }
        for (n, block) in scanned.algorithms.enumerated() {
            // The placeholder goes on the first step's line, between the blanked `::algorithm` and `::end` lines, so
            // it is a paragraph of its own whatever text surrounds the block.
            for i in block.openLine...block.endLine { lines[i] = "" }
            lines[block.openLine + 1] = "SITEGENALGORITHM\(n)X"
        }
        var html = try MarkdownRenderer.render(lines.joined(separator: "\n"), source: section.file,
                                               firstLine: section.bodyFirstLine)
        let algorithms = AlgorithmMarkup(templates: templates)
        let firstAlgorithm = try AlgorithmMarkup.firstNumber(of: section, in: content)
        for (n, block) in scanned.algorithms.enumerated() {
            let markup = try algorithms.render(block, number: firstAlgorithm + n, in: section, figures: numbers)
            let placeholder = "<p>SITEGENALGORITHM\(n)X</p>"
            guard html.contains(placeholder) else {
                throw SourceError(file: section.file, line: section.bodyFirstLine + block.openLine,
                                  "`::algorithm \(block.title)` must stand on its own, not inside a list or a quote")
            }
            html = html.replacingOccurrences(of: placeholder, with: markup)
        }
        for (n, directive) in directives.enumerated() {
            guard let figure = figures[directive.figureID] else {
                throw SourceError(file: section.file, line: section.bodyFirstLine + directive.bodyLine,
                                  "figure `\(directive.figureID)` was not built")
            }
            let markup = try templates.render("figure", [
                "anchor": "fig-\(figure.id)", "image": figure.imagePath, "data": figure.dataPath, "alt": figure.alt,
                "still": figure.stillLink.map { ["path": figure.pngPath, "text": $0.text, "title": $0.title] as [String: Any] } ?? false,
                "width": "\(figure.displayWidth)", "height": "\(figure.displayHeight)", "caption": figure.caption,
                "number": "\(numbers.number[figure.id] ?? 0)",
                "table": figure.table.map { table -> [String: Any] in
                    ["header": table.header, "rows": table.rows.map { ["cells": $0] as [String: Any] }]
                } ?? false,
            ])
            let placeholder = "<p>SITEGENFIGURE\(n)X</p>"
            guard html.contains(placeholder) else {
                // Ink joined the line to the paragraph next to it; the page would show the placeholder as text.
                throw SourceError(file: section.file, line: section.bodyFirstLine + directive.bodyLine,
                                  "`::figure \(directive.figureID)` must be a paragraph of its own: leave a blank line before and after it")
            }
            html = html.replacingOccurrences(of: placeholder, with: markup)
        }
        return html
    }

    /// "Author · Course · Date", from the index page's front matter (those given).
    var byline: String {
        [content.index.author, content.index.course, content.index.date].compactMap { $0 }.joined(separator: " · ")
    }

    private static func lines(_ body: String) -> [String] {
        body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private func layout(title: String, _ content: String) throws -> String {
        try templates.render("base", [
            "pageTitle": title, "siteTitle": self.content.index.title, "content": content,
            "profile": profile, "backend": backend.rawValue, "models": models,
            "byline": byline.isEmpty ? false as Any : byline,
        ])
    }
}
