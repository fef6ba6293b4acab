import Compute
import Foundation
import Plotting
import Testing
@testable import SiteGen

/// Two boxes and an arrow: a diagram, drawn as a PNG at the figures' density and as an SVG.
struct TwoBoxDiagramRecipe: FigureRecipe {
    var id: String
    let version = 1
    var inputs: [FigureInput] { [] }
    var alt: String { "two boxes" }
    var parameters: [String: String] { [:] }

    func compute(_ context: FigureContext) throws -> FigureData {
        FigureData(arrays: [("widths", Tensor(shape: [2], data: [3, 5]))])
    }

    func diagram() -> BlockDiagram {
        BlockDiagram(nodes: [.init(title: "in", detail: "3", column: 0, row: 0), .init(title: "out", detail: "5", column: 1, row: 0)],
                     edges: [.init(from: 0, to: 1)])
    }

    func draw(_ data: FigureData) throws -> PixelImage { diagram().render(density: FigureStyle.density) }
    func vector(_ data: FigureData) throws -> [UInt8]? { try diagram().svg() }
    func caption(_ data: FigureData) -> String { "Two boxes." }
}

/// A diagram goes through the build like an image: its SVG is written beside its PNG, listed with its hash in the
/// manifest as `vector`, shown by the page at the PNG's size over the pixel density (the PNG linked), kept by a
/// section rebuild, and compared by `sitegen verify`.
@Suite struct VectorFigureBuild {
    static func project() throws -> (TestProject, FigureCatalog) {
        let project = try TestProject()
        let catalog = FigureCatalog(recipes: project.catalog.recipes.filter { $0.id != "b.ramp2" } + [TwoBoxDiagramRecipe(id: "b.ramp2")])
        return (project, catalog)
    }

    @Test func theSVGIsWrittenListedAndShownAtTheDiagramsSize() throws {
        let (project, catalog) = try Self.project()
        try project.builder(catalog: catalog).build()
        let files = try project.siteFiles()
        let svg = try #require(files["figures/b.ramp2.svg"], "no SVG written")
        let size = TwoBoxDiagramRecipe(id: "x").diagram().size
        let png = try #require(files["figures/b.ramp2.png"])
        #expect(PNGHeader.size(of: png)! == (size.width * FigureStyle.density, size.height * FigureStyle.density))
        #expect(String(decoding: svg, as: UTF8.self).contains(#"width="\#(size.width)px" height="\#(size.height)px""#))

        let manifest = try Manifest.decode(files["manifest.json"]!, source: "manifest.json")
        let entry = try #require(manifest.figures.first { $0.id == "b.ramp2" })
        #expect(entry.vector == "figures/b.ramp2.svg" && entry.vectorSHA256 == Hashing.sha256Hex(svg) && entry.animation == nil)
        #expect(manifest.figures.first { $0.id == "b.ramp" }?.vector == nil)

        let page = String(decoding: files["b.1-second.html"]!, as: UTF8.self)
        #expect(page.contains(#"<img src="figures/b.ramp2.svg" alt="two boxes" width="\#(size.width)" height="\#(size.height)""#), "\(page)")
        #expect(page.contains(#"<a class="data" href="figures/b.ramp2.png" title="the diagram as a PNG image">PNG</a>"#))

        // b.2-third links to b.1-second's page and is rebuilt alone: b.1-second is rewritten from the published files.
        try project.builder(section: "b.2-third", catalog: catalog).build()
        let rewritten = String(decoding: try project.siteFiles()["b.1-second.html"]!, as: UTF8.self)
        #expect(rewritten.contains(#"<img src="figures/b.ramp2.svg" alt="two boxes" width="\#(size.width)" height="\#(size.height)""#))
    }

    @Test func verifyComparesTheSVGToo() throws {
        let (project, catalog) = try Self.project()
        try project.builder(catalog: catalog).build()
        let verifier = Verifier(options: BuildOptions(root: project.root), catalog: catalog, console: .silent,
                                loadMNIST: { throw SourceError(file: "mnist", "not used") })
        let out = try TestPaths.temporaryDirectory("verify-svg")
        #expect(try verifier.verify(outputDirectory: out).first { $0.id == "b.ramp2" }?.detail == "PNG and SVG bytes identical")
        // A site published before the figure became a diagram is told to rebuild.
        let manifestPath = project.root + "/site/manifest.json"
        var manifest = try Manifest.decode([UInt8](FileManager.default.contents(atPath: manifestPath)!), source: "m")
        let i = manifest.figures.firstIndex { $0.id == "b.ramp2" }!
        manifest.figures[i].vector = nil
        manifest.figures[i].vectorSHA256 = nil
        try Data(manifest.encoded()).write(to: URL(fileURLWithPath: manifestPath))
        let row = try #require(try verifier.verify(outputDirectory: out).first { $0.id == "b.ramp2" })
        #expect(row.status == .differs && row.detail.contains("published as PNG, this recipe makes SVG"))
    }
}
