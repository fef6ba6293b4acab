/// One page of the site: a section of the project write-up, read from `content/<file>.md`.
public struct Section: Equatable, Sendable {
    public enum Part: String, Sendable, CaseIterable { case a = "A", b = "B" }

    public var id: String
    public var title: String
    public var part: Part
    public var order: Int
    /// Figure ids this section owns (and places with `::figure` lines), in front-matter order.
    public var figures: [String]
    /// Markdown after the front matter.
    public var body: String
    public var file: String
    public var bodyFirstLine: Int
    /// File line of the `figures:` key, for errors about the list itself.
    public var figuresLine: Int

    /// The page's file name inside `site/`.
    public var pageName: String { "\(id).html" }
}

/// The landing page, `content/index.md`: its own title and an introduction above the table of contents.
public struct IndexPage: Equatable, Sendable {
    public var title: String
    /// Optional front matter shown under the title and in every footer: who wrote it, for which course, when.
    public var author: String? = nil
    public var course: String? = nil
    public var date: String? = nil
    public var body: String
    public var file: String
    public var bodyFirstLine: Int
}

public struct SiteContent: Equatable, Sendable {
    public var index: IndexPage
    /// Part A before Part B, then by `order`.
    public var sections: [Section]

    public func section(_ id: String) -> Section? { sections.first { $0.id == id } }
}
