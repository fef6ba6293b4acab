import Compute
import Foundation
import Plotting
@testable import SiteGen

/// Counts computations, so tests can tell a cached figure from a recomputed one.
final class ComputeCounter: @unchecked Sendable {
    private(set) var computed: [String] = []
    func record(_ id: String) { computed.append(id) }
}

/// A cheap recipe with a known result: an 8x8 ramp scaled by `gain`.
struct RampRecipe: FigureRecipe {
    var id: String
    var gain: Float = 1
    var counter: ComputeCounter
    let version = 1
    var inputs: [FigureInput] { [] }
    var alt: String { "a ramp" }
    var parameters: [String: String] { ["gain": "\(gain)"] }

    func compute(_ context: FigureContext) throws -> FigureData {
        counter.record(id)
        return FigureData(arrays: [("ramp", Tensor(shape: [1, 1, 8, 8], data: (0..<64).map { Float($0) / 63 * gain }))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let ramp = try data.require("ramp", figure: id)
        return PixelImage(width: 8, height: 8, channels: 1, pixels: ramp.data.map { UInt8(max(0, min(255, $0 * 255))) })
    }

    func caption(_ data: FigureData) -> String { "A ramp with gain \(gain)." }
}

/// A throwaway project folder: the real templates, three small sections, and a catalog of ramps.
struct TestProject {
    let root: String
    let counter = ComputeCounter()

    init(_ name: String = #function) throws {
        root = try TestPaths.temporaryDirectory(name)
        let fm = FileManager.default
        try fm.copyItem(atPath: TestPaths.repoRoot + "/templates", toPath: root + "/templates")
        try fm.createDirectory(atPath: root + "/content", withIntermediateDirectories: true)
        try write("content/index.md", "---\ntitle: Test site\n---\nIntro with math $\\bar\\alpha_t$.\n")
        try section(file: "a-1.md", id: "a.1-first", order: 1, figures: ["a.ramp"], text: "First section.")
        try section(file: "b-1.md", id: "b.1-second", order: 1, figures: ["b.ramp", "b.ramp2"], text: "Second section.")
        try section(file: "b-2.md", id: "b.2-third", order: 2, figures: [], text: "Third section.")
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
    }

    func section(file: String, id: String, order: Int, figures: [String], text: String) throws {
        let body = ([text] + figures.map { "\n::figure \($0)" }).joined(separator: "\n")
        try write("content/" + file, """
        ---
        id: \(id)
        title: Section \(id)
        part: \(id.prefix(1).uppercased())
        order: \(order)
        figures: [\(figures.joined(separator: ", "))]
        ---
        \(body)
        """)
    }

    var catalog: FigureCatalog {
        FigureCatalog(recipes: ["a.ramp", "b.ramp", "b.ramp2"].map { RampRecipe(id: $0, counter: counter) })
    }

    /// The ramps stand in for either backend's figures, so `backend` only changes which content blocks show.
    /// `backend` picks the content's blocks; the ramps ask no model, so the DeepFloyd one needs no snapshot.
    func builder(section: String? = nil, catalog: FigureCatalog? = nil, backend: Backend = .digits) -> SiteBuilder {
        let choice: PartABackendChoice = backend == .digits ? .digits
            : .deepfloyd(DeepFloydOptions(modelDir: "/nonexistent", promptsFile: "/nonexistent"))
        return SiteBuilder(options: BuildOptions(root: root, section: section, backend: choice), catalog: catalog ?? self.catalog,
                    console: .silent, loadMNIST: { throw SourceError(file: "mnist", "not used by ramps") })
    }

    /// Every file under site/, by relative path.
    func siteFiles() throws -> [String: [UInt8]] {
        let site = root + "/site"
        var files: [String: [UInt8]] = [:]
        for path in FileManager.default.enumerator(atPath: site)!.compactMap({ $0 as? String }) {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: site + "/" + path, isDirectory: &isDir)
            if !isDir.boolValue { files[path] = [UInt8](FileManager.default.contents(atPath: site + "/" + path)!) }
        }
        return files
    }
}
