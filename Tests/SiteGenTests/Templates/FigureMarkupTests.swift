import Foundation
import Testing
@testable import SiteGen

/// How a figure sits on the page: a link to its full-size PNG, its size in CSS pixels, its box that scrolls.
@Suite struct FigureMarkupTests {
    func renderer(_ figure: PlacedFigure) throws -> (PageRenderer, Section) {
        let templates = try Templates.load(directory: TestPaths.repoRoot + "/templates")
        let section = try SectionParser.section(from: "---\nid: b.1-x\ntitle: T\npart: B\norder: 1\nfigures: [\(figure.id)]\n---\nText.\n\n::figure \(figure.id)\n",
                                                file: "content/b.md")
        let index = IndexPage(title: "Site", body: "", file: "content/index.md", bodyFirstLine: 4)
        let content = SiteContent(index: index, sections: [section])
        return (PageRenderer(templates: templates, content: content, figures: [figure.id: figure], profile: "quick", backend: .digits), section)
    }

    @Test func theImageLinksToItsFullSizePNGAndScrollsInItsOwnBox() throws {
        var figure = PlacedFigure(id: "b.grid", section: "b.1-x", width: 604, height: 292, caption: "A grid.", alt: "digits")
        figure.pixelDensity = 1
        let (renderer, section) = try renderer(figure)
        let page = try renderer.renderSection(section)
        #expect(page.contains(#"<div class="figure-image"><a href="figures/b.grid.png" title="open the full-size image"><img src="figures/b.grid.png" alt="digits" width="604" height="292" style="--w: 604px"></a></div>"#), "\(page)")
    }

    @Test func aFigureDrawnAtTwiceItsSizeIsShownAtHalfItsPixels() throws {
        var figure = PlacedFigure(id: "b.grid", section: "b.1-x", width: 1209, height: 584, caption: "A grid.", alt: "digits")
        figure.pixelDensity = 2
        #expect(figure.displayWidth == 605 && figure.displayHeight == 292)
        let (renderer, section) = try renderer(figure)
        let page = try renderer.renderSection(section)
        #expect(page.contains(#"width="605" height="292" style="--w: 605px""#), "\(page)")
    }

    @Test func aFigureLineJoinedToAParagraphIsAnErrorNotAPlaceholderOnThePage() throws {
        let project = try TestProject()
        try project.write("content/b-2.md", "---\nid: b.2-third\ntitle: T\npart: B\norder: 2\nfigures: [b.ramp2]\n---\nText right above\n::figure b.ramp2\n")
        try project.section(file: "b-1.md", id: "b.1-second", order: 1, figures: ["b.ramp"], text: "Second.")
        let failure = try #require(throws: BuildError.self) { try project.builder().build() }
        let error = try #require(failure.underlying as? SourceError)
        #expect(error.file == "content/b-2.md" && error.line == 9, "\(error)")
        #expect(error.message.contains("paragraph of its own"))
    }
}
