import Compute
import Foundation
import Plotting
import Testing
@testable import SiteGen

/// A ramp that brightens over three frames: its GIF plays the frames, its PNG shows them side by side.
struct AnimatedRampRecipe: FigureRecipe {
    var id: String
    let version = 1
    var inputs: [FigureInput] { [] }
    var alt: String { "a brightening ramp" }
    var parameters: [String: String] { ["frames": "3"] }

    func compute(_ context: FigureContext) throws -> FigureData {
        FigureData(arrays: [("frames", Tensor(shape: [3, 1, 8, 8], data: (0..<192).map { Float($0 % 64) / 63 * Float($0 / 64 + 1) / 3 }))])
    }

    func frame(_ data: FigureData, _ k: Int) throws -> PixelImage {
        let frames = try data.require("frames", figure: id)
        return PixelImage(width: 8, height: 8, channels: 1, pixels: frames.data[k * 64..<(k + 1) * 64].map { UInt8(($0 * 255).rounded()) })
    }

    func animate(_ data: FigureData) throws -> Animation? {
        Animation(frames: try (0..<3).map { try frame(data, $0) }, delays: [10, 10, 100])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let frames = try (0..<3).map { try frame(data, $0) }
        var pixels: [UInt8] = []
        for y in 0..<8 { for f in frames { pixels += f.pixels[y * 8..<(y + 1) * 8] } }
        return PixelImage(width: 24, height: 8, channels: 1, pixels: pixels)
    }

    func caption(_ data: FigureData) -> String { "A ramp in three frames." }
}

/// An animated figure goes through the build like a still one: its GIF is written beside its PNG, listed with
/// its hash in the manifest, shown by the page (the PNG linked as its frames) at its size over the figures'
/// pixel density (8 pixels drawn are 4 CSS pixels), byte-identical on a rebuild, and compared by `sitegen verify`.
@Suite struct AnimatedFigureBuild {
    static func project() throws -> (TestProject, FigureCatalog) {
        let project = try TestProject()
        let catalog = FigureCatalog(recipes: project.catalog.recipes.filter { $0.id != "b.ramp2" } + [AnimatedRampRecipe(id: "b.ramp2")])
        return (project, catalog)
    }

    @Test func theGIFIsWrittenListedAndShown() throws {
        let (project, catalog) = try Self.project()
        try project.builder(catalog: catalog).build()
        let files = try project.siteFiles()
        let gif = try #require(files["figures/b.ramp2.gif"], "no GIF written")
        let decoded = try GIF.decode(gif, source: "b.ramp2.gif")
        let data = try AnimatedRampRecipe(id: "b.ramp2").compute(FigureContext(profile: .quick, loadMNIST: { throw SourceError(file: "-", "unused") }))
        #expect(decoded.frames.count == 3 && decoded.delays == [10, 10, 100] && decoded.loopCount == 0)
        #expect(decoded.frames.last == asRGB(try AnimatedRampRecipe(id: "b.ramp2").frame(data, 2)))
        #expect(files["figures/b.ramp.gif"] == nil, "a still figure got a GIF")

        let manifest = try Manifest.decode(files["manifest.json"]!, source: "manifest.json")
        let entry = try #require(manifest.figures.first { $0.id == "b.ramp2" })
        #expect(entry.animation == "figures/b.ramp2.gif")
        #expect(entry.animationSHA256 == Hashing.sha256Hex(gif))
        #expect(manifest.figures.first { $0.id == "b.ramp" }?.animation == nil)
        #expect(!String(decoding: files["manifest.json"]!, as: UTF8.self).contains("\"animation\" : null"))

        let page = String(decoding: files["b.1-second.html"]!, as: UTF8.self)
        #expect(page.contains(#"<a href="figures/b.ramp2.gif" title="open the full-size image"><img src="figures/b.ramp2.gif" alt="a brightening ramp" width="4" height="4" style="--w: 4px"></a>"#), "\(page)")
        #expect(page.contains(#"<a class="data" href="figures/b.ramp2.png" title="every frame of the animation in one still image">frames</a>"#))
        #expect(page.contains(#"<img src="figures/b.ramp.png""#))
    }

    @Test func aRebuildIsByteIdenticalAndASectionRebuildKeepsTheGIFsSize() throws {
        let (project, catalog) = try Self.project()
        try project.builder(catalog: catalog).build()
        let first = try project.siteFiles()
        try FileManager.default.removeItem(atPath: project.root + "/.cache")
        try project.builder(catalog: catalog).build()
        #expect(try project.siteFiles() == first)
        // b.2-third links to b.1-second's page and is rebuilt alone: b.1-second is rewritten from the published GIF.
        try project.builder(section: "b.2-third", catalog: catalog).build()
        let page = String(decoding: try project.siteFiles()["b.1-second.html"]!, as: UTF8.self)
        #expect(page.contains(#"<img src="figures/b.ramp2.gif" alt="a brightening ramp" width="4" height="4""#))
        #expect(try project.siteFiles()["figures/b.ramp2.gif"] == first["figures/b.ramp2.gif"])
    }

    @Test func verifyComparesTheGIFToo() throws {
        let (project, catalog) = try Self.project()
        try project.builder(catalog: catalog).build()
        let verifier = Verifier(options: BuildOptions(root: project.root), catalog: catalog, console: .silent,
                                loadMNIST: { throw SourceError(file: "mnist", "not used") })
        let out = try TestPaths.temporaryDirectory("verify-gif")
        let rows = try verifier.verify(outputDirectory: out)
        #expect(rows.first { $0.id == "b.ramp2" }?.detail == "PNG and GIF bytes identical")
        #expect(FileManager.default.contents(atPath: out + "/b.ramp2.gif") == Data(try project.siteFiles()["figures/b.ramp2.gif"]!))
        // A published GIF that is not what the recipe makes is reported.
        let manifestPath = project.root + "/site/manifest.json"
        var manifest = try Manifest.decode([UInt8](FileManager.default.contents(atPath: manifestPath)!), source: "m")
        let i = manifest.figures.firstIndex { $0.id == "b.ramp2" }!
        manifest.figures[i].animationSHA256 = String(repeating: "0", count: 64)
        try Data(manifest.encoded()).write(to: URL(fileURLWithPath: manifestPath))
        let again = try verifier.verify(outputDirectory: out)
        #expect(again.first { $0.id == "b.ramp2" }?.status == .withinTolerance)
    }
}

/// A drawn image as the GIF decoder returns it: RGB, alpha dropped.
func asRGB(_ image: PixelImage) -> PixelImage {
    let c = image.channels
    var pixels: [UInt8] = []
    pixels.reserveCapacity(image.width * image.height * 3)
    for p in 0..<image.width * image.height {
        if c == 1 {
            pixels += [image.pixels[p], image.pixels[p], image.pixels[p]]
        } else {
            pixels += image.pixels[p * c..<p * c + 3]
        }
    }
    return PixelImage(width: image.width, height: image.height, channels: 3, pixels: pixels)
}
