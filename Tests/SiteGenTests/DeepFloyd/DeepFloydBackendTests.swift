import Compute
import Foundation
import Testing
@testable import SiteGen

/// `sitegen build --backend deepfloyd` end to end on the tiny seeded IF-shaped stage I snapshot of ComputeTests'
/// fixtures (16×16 px, text width 16): Part A's pages and figures, built from the real content and templates.
@Suite(.serialized) struct DeepFloydBackendTests {
    static let snapshot = TestPaths.repoRoot + "/Tests/ComputeTests/Fixtures/deepfloyd/if-tiny-I"
    static let prompts = ["", "a high quality photo", "a rocket ship", "an oil painting of an old man",
                          "an oil painting of people around a campfire", "a lithograph of a skull", "a lithograph of waterfalls",
                          "an oil painting of a snowy mountain village", "a man wearing a hat",
                          "a coffee cup with a handle", "a classic golden bell with a curved handle", "a pencil",
                          "a detailed photograph of a full moon with craters", "a simple round clock on black background"]

    /// A project with the real templates, Part A's sections, drawings and images, and a prompts file of the
    /// tiny model's width (8 tokens × 16), each prompt a different seeded embedding.
    func project() throws -> (root: String, options: DeepFloydOptions) {
        let root = try TestPaths.temporaryDirectory("deepfloyd-backend")
        let fm = FileManager.default
        try fm.copyItem(atPath: TestPaths.repoRoot + "/templates", toPath: root + "/templates")
        try fm.createDirectory(atPath: root + "/content", withIntermediateDirectories: true)
        let content = TestPaths.repoRoot + "/content"
        for name in try fm.contentsOfDirectory(atPath: content).sorted()
        where name.hasPrefix("a-") || name == "index.md" || name == "drawings" || name == "images" || name == "logo" || name == "part-a.yml" {
            try fm.copyItem(atPath: content + "/" + name, toPath: root + "/content/" + name)
        }
        var stream = RandomStream(seed: 7, streamNamed: "test prompts")
        let tensors = Self.prompts.map { (name: $0, tensor: stream.normalTensor(shape: [1, 8, 16])) }
        try SafeTensors.write(tensors, to: root + "/prompts.safetensors")
        return (root, DeepFloydOptions(modelDir: Self.snapshot, promptsFile: root + "/prompts.safetensors",
                                       timestepsOverride: [990, 690, 390, 90, 0]))
    }

    func builder(_ root: String, _ options: DeepFloydOptions) -> SiteBuilder {
        SiteBuilder(options: BuildOptions(root: root, backend: .deepfloyd(options)), console: .silent,
                    loadMNIST: { throw SourceError(file: "mnist", "Part A on DeepFloyd reads no MNIST") })
    }

    @Test func buildsPartAOnTheIFSnapshotWithRGBFiguresOfTheModelsSize() throws {
        let (root, options) = try project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try builder(root, options).build()
        let expected = ["a.anagrams", "a.blur", "a.cfg", "a.class-i2i", "a.forward", "a.hybrids", "a.inpaint", "a.iterative",
                        "a.iterative-compare", "a.one-step", "a.samples", "a.sdedit-drawn", "a.sdedit-test", "a.sdedit-web", "a.setup",
                        "a.iterative-animation", "a.logo"]
        #expect(report.computed.sorted() == expected.sorted())
        // (array, images) per figure: one test picture, the seed's 3 noise levels, 5 samples, 6 SDEdit levels.
        let counts: [String: (String, Int)] = [
            "a.forward": ("noisy", 3), "a.blur": ("blurred", 3), "a.one-step": ("one_step_prompt", 3), "a.samples": ("samples", 5),
            "a.cfg": ("guided", 5), "a.sdedit-test": ("edits", 3 * 6), "a.class-i2i": ("edits", 4 * 6), "a.inpaint": ("inpainted", 3),
            "a.anagrams": ("flipped", 3), "a.hybrids": ("hybrids", 3), "a.iterative-compare": ("compared", 4)]
        for id in expected {
            let path = root + "/site/figures/\(id).safetensors"
            let data = try FigureDataFile.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
            // Every image array: RGB at the model's size, in [0, 1] (reduced hybrid views are smaller).
            let images = data.arrays.filter { $0.tensor.shape.count == 4 && !$0.name.hasPrefix("reduced") && $0.name != "masks" }
            #expect(!images.isEmpty, "\(id) has no images")
            for (name, x) in images {
                #expect(Array(x.shape.dropFirst()) == [3, 16, 16], "\(id).\(name): \(x.shape)")
                #expect(x.data.allSatisfy { $0 >= 0 && $0 <= 1 && $0.isFinite }, "\(id).\(name) in [0, 1]")
            }
            if let (name, n) = counts[id] {
                #expect(try data.require(name, figure: id).shape[0] == n, "\(id): \(name) should hold \(n) images")
            }
            #expect(FileManager.default.fileExists(atPath: root + "/site/figures/\(id).png"))
        }
        let forward = try FigureDataFile.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/site/figures/a.forward.safetensors"))), source: "forward")
        #expect(try forward.require("timesteps", figure: "a.forward").data == [250, 500, 750])
        let manifest = try String(contentsOfFile: root + "/site/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"backend\" : \"deepfloyd\"") || manifest.contains("\"backend\":\"deepfloyd\""))
        let page = try String(contentsOfFile: root + "/site/a.1.1-forward.html", encoding: .utf8)
        #expect(page.contains("DeepFloyd IF backend"))
        // The pages carry the IF prose only: nothing of the digit model's text leaks into them.
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/site").sorted() where name.hasPrefix("a.") {
            let html = try String(contentsOfFile: root + "/site/" + name, encoding: .utf8)
            #expect(!html.contains("MNIST") && !html.contains("null class"), "\(name) shows the digit model's prose")
        }
        #expect(try String(contentsOfFile: root + "/site/a.1.8-anagrams.html", encoding: .utf8).contains("an oil painting of an old man"))
    }

    @Test func theBackendAndSnapshotAreInEveryPartACacheKey() throws {
        let (root, options) = try project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let digits = try FigureCatalog.standard(profile: .quick, contentDirectory: root + "/content")
        let floyd = try FigureCatalog.standard(profile: .quick, contentDirectory: root + "/content", backend: .deepfloyd(options))
        var other = options
        other.promptsFile = root + "/other.safetensors"
        try SafeTensors.write([("", Tensor(shape: [1, 8, 16], data: Array(repeating: 0, count: 128)))], to: other.promptsFile!)
        let otherPrompts = try FigureCatalog.standard(profile: .quick, contentDirectory: root + "/content", backend: .deepfloyd(other))
        for id in digits.ids where id.hasPrefix("a.") {
            let a = try #require(digits.recipe(id)), b = try #require(floyd.recipe(id)), c = try #require(otherPrompts.recipe(id))
            #expect(RecipeDescription(a).canonicalJSON != RecipeDescription(b).canonicalJSON, "\(id)")
            #expect(RecipeDescription(b).canonicalJSON != RecipeDescription(c).canonicalJSON, "\(id)")
            #expect(b.parameters["backend"] == "deepfloyd")
        }
        for id in digits.ids where !id.hasPrefix("a.") {
            #expect(RecipeDescription(try #require(digits.recipe(id))).canonicalJSON
                    == RecipeDescription(try #require(floyd.recipe(id))).canonicalJSON, "\(id) is Part B's")
        }
    }

    @Test func aFigureWhosePromptIsMissingNamesItAndTheAvailableOnes() throws {
        let (root, options) = try project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var stream = RandomStream(seed: 7, streamNamed: "test prompts")
        try SafeTensors.write(["", "a high quality photo"].map { (name: $0, tensor: stream.normalTensor(shape: [1, 8, 16])) },
                              to: options.promptsFile!)
        let recipe = try #require(try FigureCatalog.standard(profile: .quick, contentDirectory: root + "/content", backend: .deepfloyd(options))
            .recipe("a.class-i2i"))
        let context = FigureContext(profile: .quick, loadMNIST: { throw SourceError(file: "mnist", "unused") },
                                    denoiser: options.denoiserLoader)
        do {
            _ = try recipe.compute(context)
            Issue.record("computed without the prompt's embedding")
        } catch {
            #expect("\(error)".contains("\"a rocket ship\""))
            #expect("\(error)".contains("available prompts: \"\", \"a high quality photo\""))
        }
    }

    @Test func aPromptsFileOfAnotherWidthIsRejectedByName() throws {
        let (root, options) = try project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SafeTensors.write([("", Tensor(shape: [1, 8, 4096], data: Array(repeating: 0, count: 8 * 4096)))], to: options.promptsFile!)
        do {
            _ = try options.loadDenoiser()
            Issue.record("loaded 4096-wide prompts for a 16-wide model")
        } catch {
            #expect("\(error)".contains("4096") && "\(error)".contains("16"))
        }
    }

    @Test func theDeepFloydBackendSaysWhatItNeeds() throws {
        #expect(try PartABackendChoice.parse("digits", modelDir: nil, stage2Dir: nil, prompts: nil) == .digits)
        let options = try PartABackendChoice.parse("deepfloyd", modelDir: "/m", stage2Dir: nil, prompts: "/p")
        #expect(options == .deepfloyd(DeepFloydOptions(modelDir: "/m", promptsFile: "/p")))
        do {
            _ = try PartABackendChoice.parse("deepfloyd", modelDir: nil, stage2Dir: nil, prompts: "/p")
            Issue.record("no error without --model-dir")
        } catch {
            #expect("\(error)".contains("--model-dir is missing"))
        }
        do {
            _ = try PartABackendChoice.parse("deepfloyd", modelDir: "/m", stage2Dir: nil, prompts: nil)
            Issue.record("no error without --prompts")
        } catch {
            #expect("\(error)".contains("--prompts is missing"))
        }
        #expect(throws: BackendError.self) { try PartABackendChoice.parse("sdxl", modelDir: nil, stage2Dir: nil, prompts: nil) }
        #expect(throws: BackendError.self) { try PartABackendChoice.parse("digits", modelDir: "/m", stage2Dir: nil, prompts: nil) }
    }

    @Test func theCourseMaskAndBlurScaleToTheModelSize() throws {
        // The real snapshots' 64 px: the seed's own numbers; the tiny snapshot's 16 px: scaled by the same mapping.
        let real = try DeepFloydBackend(options: DeepFloydOptions(modelDir: "/nonexistent", promptsFile: "/p"), contentDirectory: PartATest.contentDirectory)
        let tiny = try DeepFloydBackend(options: DeepFloydOptions(modelDir: Self.snapshot, promptsFile: "/p"), contentDirectory: PartATest.contentDirectory)
        #expect(real.size == 64 && tiny.size == 16)
        let m64 = try InpaintFigure(backend: real, contentDirectory: "-").masks[0].tensor(size: 64)
        #expect(m64.data.reduce(0, +) == 18 * 18)
        #expect(m64.data[2 * 64 + 24] == 1 && m64.data[19 * 64 + 41] == 1 && m64.data[20 * 64 + 41] == 0 && m64.data[2 * 64 + 42] == 0)
        let m16 = try InpaintFigure(backend: tiny, contentDirectory: "-").masks[0].tensor(size: 16)
        #expect(m16.data.reduce(0, +) == 5 * 5)
        #expect(HybridFigure(backend: real).blur == BlurParameters(kernelSize: 33, sigma: 2))
        #expect(HybridFigure(backend: tiny).blur == BlurParameters(kernelSize: 9, sigma: 0.5))
    }
}
