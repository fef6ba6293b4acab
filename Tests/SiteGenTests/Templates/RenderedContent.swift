import Compute
import Foundation
@testable import SiteGen

/// The project's real `content/` and `templates/` rendered into a temporary site, without computing a figure:
/// each figure is the committed `site/`'s PNG (and GIF), with the caption and alt text its recipe writes from the committed
/// data (the path a `--section` rebuild takes). So the page tests check today's text and templates, not the pages
/// of the last `sitegen build`.
struct RenderedContent {
    let directory: String
    /// Page file names, sorted.
    let pages: [String]

    static let digits = Result { try RenderedContent(backend: .digits) }
    static let deepfloyd = Result { try RenderedContent(backend: .deepfloyd) }

    init(backend: Backend) throws {
        let root = TestPaths.repoRoot
        let committed = root + "/site"
        let manifestPath = committed + "/manifest.json"
        guard let manifestBytes = FileManager.default.contents(atPath: manifestPath) else {
            throw SourceError(file: manifestPath, "no committed site to take the figures from; run `sitegen build`")
        }
        let manifest = try Manifest.decode([UInt8](manifestBytes), source: manifestPath)
        let content = try ContentLoader.load(directory: root + "/content")
        let templates = try Templates.load(directory: root + "/templates")
        let catalog = try FigureCatalog.standard(profile: .quick, contentDirectory: root + "/content")
        let published = PublishedSite(directory: committed, manifest: manifest)
        directory = try TestPaths.temporaryDirectory("rendered-\(backend.rawValue)")
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/figures", withIntermediateDirectories: true)
        var placed: [String: PlacedFigure] = [:]
        for section in content.sections {
            for id in section.figures {
                guard let entry = manifest.figures.first(where: { $0.id == id }), let recipe = catalog.recipe(id) else {
                    throw SourceError(file: section.file, line: section.figuresLine,
                                      "figure `\(id)` is not in the committed site or the catalog; rebuild site/")
                }
                placed[id] = try published.placedFigure(entry, recipe: recipe)
                try fm.copyItem(atPath: committed + "/" + entry.png, toPath: directory + "/" + entry.png)
                try fm.copyItem(atPath: committed + "/" + entry.data, toPath: directory + "/" + entry.data)
                if let shown = entry.shown?.path { try fm.copyItem(atPath: committed + "/" + shown, toPath: directory + "/" + shown) }
            }
        }
        try fm.copyItem(atPath: manifestPath, toPath: directory + "/manifest.json")
        try Data(templates.stylesheet).write(to: URL(fileURLWithPath: directory + "/style.css"))
        let renderer = PageRenderer(templates: templates, content: content, figures: placed, profile: "quick", backend: backend)
        var names = ["index.html"]
        try Data(try renderer.renderIndex().utf8).write(to: URL(fileURLWithPath: directory + "/index.html"))
        for section in content.sections {
            try Data(try renderer.renderSection(section).utf8).write(to: URL(fileURLWithPath: directory + "/" + section.pageName))
            names.append(section.pageName)
        }
        pages = names.sorted()
    }

    func html(_ page: String) throws -> String {
        try String(contentsOfFile: directory + "/" + page, encoding: .utf8)
    }
}
