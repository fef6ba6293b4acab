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

    public var pngPath: String { "figures/\(id).png" }
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
        var context: [String: Any] = [
            "part": section.part.rawValue, "partAnchor": section.part.rawValue.lowercased(),
            "number": Self.number(of: section), "title": section.title, "body": body,
        ]
        // Present-but-false keys keep the template lint able to tell a typo from a missing neighbour.
        context["previous"] = link(position - 1) ?? false
        context["next"] = link(position + 1) ?? false
        let inner = try templates.render("section", context)
        return try layout(title: "\(Self.number(of: section)) \(section.title) · \(content.index.title)", inner)
    }

    /// Markdown with the other backends' blocks dropped and each `::figure id` line swapped for a placeholder
    /// paragraph, rendered, then the placeholders replaced by figure markup (Ink would otherwise treat the markup
    /// as text to format).
    private func renderBody(_ section: Section) throws -> String {
        let scanned = try Directives.scan(section.body, file: section.file, firstLine: section.bodyFirstLine)
        var lines = BackendBlock.select(Self.lines(section.body), blocks: scanned.blocks, for: backend)
        let directives = scanned.figures
        let numbers = try FigureNumbers(content)
        lines = try numbers.resolvingReferences(lines, from: section)
        for (n, directive) in directives.enumerated() {
            lines[directive.bodyLine] = "SITEGENFIGURE\(n)X"
        }
        var html = try MarkdownRenderer.render(lines.joined(separator: "\n"), source: section.file,
                                               firstLine: section.bodyFirstLine)
        for (n, directive) in directives.enumerated() {
            guard let figure = figures[directive.figureID] else {
                throw SourceError(file: section.file, line: section.bodyFirstLine + directive.bodyLine,
                                  "figure `\(directive.figureID)` was not built")
            }
            let markup = try templates.render("figure", [
                "anchor": "fig-\(figure.id)", "png": figure.pngPath, "data": figure.dataPath, "alt": figure.alt,
                "width": "\(figure.width)", "height": "\(figure.height)", "caption": figure.caption,
                "number": "\(numbers.number[figure.id] ?? 0)",
                "table": figure.table.map { table -> [String: Any] in
                    ["header": table.header, "rows": table.rows.map { ["cells": $0] as [String: Any] }]
                } ?? false,
            ])
            html = html.replacingOccurrences(of: "<p>SITEGENFIGURE\(n)X</p>", with: markup)
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
