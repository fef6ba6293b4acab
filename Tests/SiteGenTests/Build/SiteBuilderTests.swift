import Compute
import Foundation
import Testing
@testable import SiteGen

@Suite struct SiteBuild {
    @Test func aBuildWritesPagesFiguresDataAndAManifest() throws {
        let project = try TestProject()
        try project.builder().build()
        let files = try project.siteFiles()
        for path in ["index.html", "a.1-first.html", "b.1-second.html", "b.2-third.html", "style.css", "manifest.json",
                     "figures/a.ramp.png", "figures/a.ramp.safetensors", "figures/b.ramp2.png"] {
            #expect(files[path] != nil, "missing \(path)")
        }
        let manifest = try Manifest.decode(files["manifest.json"]!, source: "manifest.json")
        #expect(manifest.figures.map(\.id) == ["a.ramp", "b.ramp", "b.ramp2"])
        let entry = manifest.figures[0]
        #expect(entry.section == "a.1-first")
        #expect(entry.sha256 == Hashing.sha256Hex(files["figures/a.ramp.png"]!))
        #expect(entry.dataSHA256 == Hashing.sha256Hex(files["figures/a.ramp.safetensors"]!))
        #expect(entry.recipe.parameters == ["gain": "1.0"])
        let page = String(decoding: files["b.1-second.html"]!, as: UTF8.self)
        // An 8-pixel image at the figures' density of 2 is shown 4 CSS pixels wide.
        #expect(page.contains("<img src=\"figures/b.ramp.png\" alt=\"a ramp\" width=\"4\" height=\"4\" style=\"--w: 4px\">"))
        #expect(page.contains("A ramp with gain 1.0."))
        #expect(!page.contains("SITEGENFIGURE"))
        let index = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(index.contains("<math"))
    }

    @Test func twoBuildsInARowGiveAByteIdenticalSiteAndTheSecondComputesNothing() throws {
        let project = try TestProject()
        try project.builder().build()
        let first = try project.siteFiles()
        let report = try project.builder().build()
        #expect(try project.siteFiles() == first)
        #expect(report.computed.isEmpty)
        #expect(report.cached == ["a.ramp", "b.ramp", "b.ramp2"])
        #expect(project.counter.computed.count == 3)
    }

    @Test func aChangedRecipeParameterIsRecomputed() throws {
        let project = try TestProject()
        try project.builder().build()
        var recipes = project.catalog.recipes.map { $0 as! RampRecipe }
        recipes[1].gain = 0.5
        let report = try project.builder(catalog: FigureCatalog(recipes: recipes)).build()
        #expect(report.computed == ["b.ramp"])
    }

    @Test func sectionRebuildTouchesOnlyItsFiguresItsPageAndThePagesThatLinkIt() throws {
        let project = try TestProject()
        try project.builder().build()
        let before = try project.siteFiles()
        // Edit two sections; only the one named by --section may change on the site.
        try project.section(file: "b-1.md", id: "b.1-second", order: 1, figures: ["b.ramp", "b.ramp2"], text: "Second, edited.")
        try project.section(file: "b-2.md", id: "b.2-third", order: 2, figures: [], text: "Third, edited.")
        try FileManager.default.removeItem(atPath: project.root + "/.cache")
        let report = try project.builder(section: "b.1-second").build()
        #expect(report.computed == ["b.ramp", "b.ramp2"])
        #expect(report.pagesWritten == ["a.1-first.html", "b.1-second.html", "b.2-third.html", "index.html"])
        let after = try project.siteFiles()
        #expect(String(decoding: after["b.1-second.html"]!, as: UTF8.self).contains("Second, edited."))
        // The neighbour is rewritten for its links, but from its published figures: the third section's text
        // edit shows, and no figure of another section was computed.
        #expect(after["figures/a.ramp.png"] == before["figures/a.ramp.png"])
        #expect(after["style.css"] == before["style.css"])
        #expect(try Manifest.decode(after["manifest.json"]!, source: "m").figures.count == 3)
    }

    @Test func anUnknownFigureIDStopsTheBuildWithFileAndLineAndLeavesTheSiteAlone() throws {
        let project = try TestProject()
        try project.builder().build()
        let before = try project.siteFiles()
        try project.write("content/b-2.md", """
        ---
        id: b.2-third
        title: Third
        part: B
        order: 2
        figures: [b.nosing]
        ---
        Text.

        ::figure b.nosing
        """)
        let error = try #require(throws: BuildError.self) { try project.builder().build() }
        #expect(error.step == "check figures")
        let source = try #require(error.underlying as? SourceError)
        #expect(source.file == "content/b-2.md")
        #expect(source.line == 10)
        #expect(source.message.hasPrefix("unknown figure id `b.nosing`"))
        #expect(try project.siteFiles() == before)
    }

    @Test func aCorruptCacheEntryIsRecomputedNotTrusted() throws {
        let project = try TestProject()
        try project.builder().build()
        let figures = project.root + "/.cache/figures"
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: figures).sorted().first { $0.hasSuffix(".safetensors") })
        let path = figures + "/" + entry
        let bytes = try #require(FileManager.default.contents(atPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let report = try project.builder().build()
        #expect(report.recomputedCorrupt.count == 1)
        #expect(report.computed == report.recomputedCorrupt)
    }

    @Test func anUnknownSectionNamesTheKnownOnes() throws {
        let project = try TestProject()
        try project.builder().build()
        let error = try #require(throws: BuildError.self) { try project.builder(section: "b.9-none").build() }
        #expect("\(error)".contains("b.1-second"))
    }
}
