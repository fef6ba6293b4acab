import Compute
import Foundation
import Testing
@testable import SiteGen

/// The committed `site/`: what `sitegen build` wrote from the real content, templates and figures (building it
/// here would train every model). It must stay in step with `content/` and pass tidy.
@Suite(.serialized) struct GeneratedSite {
    static let build: Result<String, any Error> = Result {
        let site = TestPaths.repoRoot + "/site"
        guard FileManager.default.fileExists(atPath: site + "/manifest.json") else {
            throw SourceError(file: site, "no committed site; run `sitegen build`")
        }
        return site
    }

    @Test func everyContentSectionHasAPageAndEveryFigureItsFiles() throws {
        let site = try Self.build.get()
        let content = try ContentLoader.load(directory: TestPaths.repoRoot + "/content")
        for section in content.sections {
            #expect(FileManager.default.fileExists(atPath: site + "/" + section.pageName), "no page for \(section.id)")
        }
        let manifest = try Manifest.decode([UInt8](FileManager.default.contents(atPath: site + "/manifest.json")!), source: "manifest")
        #expect(manifest.figures.map(\.id).sorted() == content.sections.flatMap(\.figures).sorted())
        for figure in manifest.figures {
            let png = try #require(FileManager.default.contents(atPath: site + "/" + figure.png))
            #expect(Hashing.sha256Hex([UInt8](png)) == figure.sha256, "\(figure.png) does not match the manifest")
        }
        let page = try String(contentsOfFile: site + "/b.1.2-denoiser.html", encoding: .utf8)
        #expect(page.contains("figures/b.noising.png"))
        #expect(page.contains("<math"))
    }

    @Test func everyPublishedRecipeIsTheOneThisSitegenRuns() throws {
        // A recipe whose version or parameters changed without a rebuild of site/ would make `verify` fail later.
        let site = try Self.build.get()
        let manifest = try Manifest.decode([UInt8](FileManager.default.contents(atPath: site + "/manifest.json")!), source: "manifest")
        var options = BuildOptions(root: TestPaths.repoRoot, profile: try #require(Profile(rawValue: manifest.profile)))
        options.retrain = manifest.models != "published"
        #expect(manifest.backend == "digits")
        let models = try options.modelStore(console: .silent, mnist: SharedMNIST.load)
        let catalog = try FigureCatalog.standard(models: models.set, contentDirectory: options.contentDirectory, backend: .digits)
        for entry in manifest.figures {
            let recipe = try #require(catalog.recipe(entry.id), "\(entry.id) has no recipe")
            #expect(RecipeDescription(recipe) == entry.recipe,
                    "\(entry.id): site/ was built from another recipe than this sitegen's; rebuild site/")
        }
    }

    @Test func tidyFindsNoErrorsOrWarningsInAnyPage() throws {
        let site = try Self.build.get()
        let pages = try FileManager.default.contentsOfDirectory(atPath: site).filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count > 10)
        try ExternalTools.expectTidyClean(pages.map { site + "/" + $0 })
    }
}
