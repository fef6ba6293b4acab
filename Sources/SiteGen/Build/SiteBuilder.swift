import Compute
import Foundation
import Plotting

/// `sitegen build`: a list of named steps from `content/` + `templates/` to a complete `site/`, written in a
/// temporary folder and swapped in, so a failed build never leaves a half-written site.
public struct SiteBuilder {
    public var options: BuildOptions
    /// nil: the standard catalog of the models the build resolves.
    public var catalog: FigureCatalog?
    public var console: Console
    public var loadMNIST: () throws -> MNIST
    /// Tests inject a failure at a point of the site swap (see `SiteWriter.SwapPoint`).
    var swapFault: (SiteWriter.SwapPoint) throws -> Void = { _ in }

    public init(options: BuildOptions, catalog: FigureCatalog? = nil, console: Console = .standardError,
                loadMNIST: @escaping () throws -> MNIST) {
        self.options = options
        self.catalog = catalog
        self.console = console
        self.loadMNIST = loadMNIST
    }

    @discardableResult
    public func build() throws -> BuildReport {
        var report = BuildReport()
        // Held until build() returns: a second build of the same site waits instead of sharing the staging folder.
        let lock = try step("lock site") { try SiteLock(siteDirectory: options.siteDirectory, console: console) }
        defer { withExtendedLifetime(lock) {} }
        let writer = SiteWriter(siteDirectory: options.siteDirectory, fault: swapFault)
        try step("recover site") { try writer.recover() }
        let models = try step("resolve models") { try options.modelStore(console: console, mnist: loadMNIST) }
        let catalog = try step("load Part A sets") {
            try self.catalog ?? .standard(models: models.set, contentDirectory: options.contentDirectory, backend: options.backend)
        }
        let content = try step("load content") { try ContentLoader.load(directory: options.contentDirectory) }
        let templates = try step("load templates") { try Templates.load(directory: options.templatesDirectory) }
        try step("check figures") { try checkFigureIDs(content, catalog: catalog) }
        let target = try step("select sections") { try targetSections(content) }
        try step("check models") { try models.requireModels(of: target.flatMap(\.figures).compactMap(catalog.recipe)) }
        let previous = try step("read published site") { try publishedSite(required: options.section != nil) }

        var figures: [String: BuiltFigure] = [:]
        let context = FigureContext(profile: options.profile, log: console.write, loadMNIST: loadMNIST,
                                    models: models, denoiser: options.backend.denoiserLoader)
        let cache = FigureCache(directory: options.cacheDirectory)
        let wanted = target.flatMap { section in section.figures.map { (section, $0) } }
        try step("compute figures") {
            for (n, (section, id)) in wanted.enumerated() {
                let recipe = catalog.recipe(id)!
                let started = Date()
                let (data, origin) = try produce(recipe, context: context, cache: cache)
                switch origin {
                case .cache: report.cached.append(id)
                case .computed: report.computed.append(id)
                case .recomputedCorrupt: report.computed.append(id); report.recomputedCorrupt.append(id)
                }
                figures[id] = BuiltFigure(recipe: recipe, section: section.id, data: data, rendered: try RenderedFigure(recipe, data))
                console.write("[\(n + 1)/\(wanted.count)] \(id): \(origin.rawValue) (\(String(format: "%.2f", Date().timeIntervalSince(started))) s)")
            }
        }

        let pages = try step("render pages") {
            try renderPages(content: content, templates: templates, built: figures, previous: previous, target: target,
                            catalog: catalog, models: models)
        }
        report.pagesWritten = pages.map(\.name).sorted()
        try step("write site") {
            let manifest = makeManifest(built: figures, previous: previous?.manifest, models: models)
            try writer.write(
                pages: pages, stylesheet: templates.stylesheet,
                figures: figures.values.sorted { $0.recipe.id < $1.recipe.id }.map { ($0.recipe.id, $0.rendered, $0.dataBytes) },
                manifest: manifest.encoded(), startFromExisting: options.section != nil)
        }
        console.write("built \(options.siteDirectory): \(report.computed.count) figure(s) computed, \(report.cached.count) from cache, \(pages.count) page(s) written")
        return report
    }

    // MARK: steps


    private func checkFigureIDs(_ content: SiteContent, catalog: FigureCatalog) throws {
        for section in content.sections {
            for directive in try FigureDirective.scan(section) where catalog.recipe(directive.figureID) == nil {
                throw SourceError(file: section.file, line: section.bodyFirstLine + directive.bodyLine,
                                  "unknown figure id `\(directive.figureID)` (known figures: \(catalog.ids.joined(separator: ", ")))")
            }
        }
    }

    private func targetSections(_ content: SiteContent) throws -> [Section] {
        guard let id = options.section else { return content.sections }
        guard let section = content.section(id) else {
            throw SourceError(file: "--section", "no section `\(id)`; sections are: \(content.sections.map(\.id).joined(separator: ", "))")
        }
        return [section]
    }

    enum Origin: String { case cache = "cached", computed = "computed", recomputedCorrupt = "cache entry corrupt, recomputed" }

    private func produce(_ recipe: any FigureRecipe, context: FigureContext, cache: FigureCache) throws -> (FigureData, Origin) {
        var origin = Origin.computed
        if !options.force {
            switch cache.load(recipe) {
            case .hit(let data): return (data, .cache)
            case .miss: break
            case .corrupt(let reason):
                console.write("warning: cache entry of \(recipe.id) is corrupt (\(reason)); recomputing")
                origin = .recomputedCorrupt
            }
        }
        let data = try recipe.compute(context)
        try cache.store(recipe, data)
        return (data, origin)
    }
}

/// A figure ready to be written: its recipe, data and drawn files.
struct BuiltFigure {
    var recipe: any FigureRecipe
    var section: String
    var data: FigureData
    var rendered: RenderedFigure
    /// The data file, encoded once: it is both hashed for the manifest and written.
    var dataBytes: [UInt8]

    init(recipe: any FigureRecipe, section: String, data: FigureData, rendered: RenderedFigure) {
        self.recipe = recipe
        self.section = section
        self.data = data
        self.rendered = rendered
        dataBytes = FigureDataFile.encode(data, recipe: recipe)
    }
}
