import Compute
import Foundation
import Testing
@testable import SiteGen

/// Part 0 on the DeepFloyd backend (`a.setup`) with the tiny seeded stage I and stage II snapshots of ComputeTests'
/// fixtures: the three provided prompts at 20 and 80 steps, upsampled by stage II when it is given.
@Suite(.serialized) struct DeepFloydSetupFigureTests {
    static let stage2 = TestPaths.repoRoot + "/Tests/ComputeTests/Fixtures/deepfloyd/if-tiny-II"
    static let provided = ["an oil painting of a snowy mountain village", "a man wearing a hat", "a rocket ship"]

    func recipe(_ options: DeepFloydOptions, _ root: String) throws -> any FigureRecipe {
        try #require(try FigureCatalog.standard(profile: .quick, contentDirectory: root + "/content", backend: .deepfloyd(options)).recipe("a.setup"))
    }

    func context(_ options: DeepFloydOptions) -> FigureContext {
        FigureContext(profile: .quick, loadMNIST: { throw SourceError(file: "mnist", "unused") }, denoiser: options.denoiserLoader)
    }

    @Test func samplesTheThreeProvidedPromptsAt20And80StepsAndUpsamplesThemWithStageII() throws {
        let (root, project) = try DeepFloydBackendTests().project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = project
        options.stage2Dir = Self.stage2
        options.stage2Steps = 3
        let figure = try recipe(options, root)
        let data = try figure.compute(context(options))
        let grid = try IFGrid(data, figure: "a.setup")
        #expect(grid.columns == Self.provided)
        #expect(grid.rows.map(\.title) == ["20 steps, 16 px", "80 steps, 16 px",
                                           "20 steps, stage II 3 steps, 16 px", "80 steps, stage II 3 steps, 16 px"])
        for row in grid.rows {
            #expect(row.images.shape == [3, 3, 16, 16], "\(row.title): \(row.images.shape)")
            #expect(row.images.data.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(row.title) in [0, 1]")
        }
        let (s20, s80) = (grid.rows[0].images, grid.rows[1].images)
        for p in 0..<3 {
            #expect(Batch.item(s20, p).data != Batch.item(s80, p).data, "20 and 80 steps differ for \(Self.provided[p])")
            #expect(Batch.item(grid.rows[2].images, p).data != Batch.item(s20, p).data, "stage II changes the image")
        }
        #expect(Batch.item(s20, 0).data != Batch.item(s20, 1).data, "each prompt its own image")
        let caption = figure.caption(data)
        for words in ["20 and with 80 denoising steps", "guidance 7", "Seed 180", "stage II with 3 steps", "noise level 250", "16×16 px"] {
            #expect(caption.contains(words), "caption lacks '\(words)': \(caption)")
        }
        let png = try figure.draw(data)
        #expect(png.width > 3 * 16 && png.height > 4 * 16)
        let again = try recipe(options, root).compute(context(options))
        #expect(again.arrays.map { $0.tensor.data } == data.arrays.map { $0.tensor.data }, "the same seed gives the same images")
    }

    @Test func withoutStageIIOnlyTheStageIRowsAreShown() throws {
        let (root, options) = try DeepFloydBackendTests().project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let figure = try recipe(options, root)
        let data = try figure.compute(context(options))
        let grid = try IFGrid(data, figure: "a.setup")
        #expect(grid.rows.count == 2)
        #expect(!figure.caption(data).contains("stage II"))
        #expect(figure.parameters["stage2"] == "none")
    }

    @Test func theStageIISnapshotAndStepsAreInTheCacheKey() throws {
        let (root, options) = try DeepFloydBackendTests().project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var with2 = options
        with2.stage2Dir = Self.stage2
        var moreSteps = with2
        moreSteps.stage2Steps = 50
        var other = with2
        other.stage2Dir = TestPaths.repoRoot + "/Tests/ComputeTests/Fixtures/deepfloyd/if-tiny-I"
        let keys = try [options, with2, moreSteps, other].map { RecipeDescription(try recipe($0, root)).canonicalJSON }
        #expect(Set(keys).count == 4)
        #expect(try recipe(options, root).parameters["backend"] == "deepfloyd")
    }

    @Test func aMissingProvidedPromptNamesItAndTheAvailableOnes() throws {
        let (root, options) = try DeepFloydBackendTests().project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var stream = RandomStream(seed: 7, streamNamed: "test prompts")
        try SafeTensors.write(["", "a high quality photo"].map { (name: $0, tensor: stream.normalTensor(shape: [1, 8, 16])) },
                              to: options.promptsFile!)
        do {
            _ = try recipe(options, root).compute(context(options))
            Issue.record("computed without the provided prompts' embeddings")
        } catch {
            #expect("\(error)".contains("a.setup"))
            #expect("\(error)".contains("\"an oil painting of a snowy mountain village\""))
            #expect("\(error)".contains("available prompts: \"\", \"a high quality photo\""))
        }
    }

    @Test func theDrawingEnlargesStageIRowsToStageIIsSize() throws {
        let small = Tensor(shape: [1, 1, 2, 2], data: [0, 0.25, 0.5, 1])
        #expect(IFSetupFigure.enlarged(small, by: 2).data == [0, 0, 0.25, 0.25, 0, 0, 0.25, 0.25,
                                                              0.5, 0.5, 1, 1, 0.5, 0.5, 1, 1])
        let (root, options) = try DeepFloydBackendTests().project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let figure = try recipe(options, root)
        func grid(_ sizes: [Int]) -> FigureData {
            IFGrid(rows: sizes.map { ("\($0) px", Tensor(shape: [3, 3, $0, $0], data: Array(repeating: 0.5, count: 9 * $0 * $0))) },
                   columns: Self.provided).data
        }
        let mixed = try figure.draw(grid([8, 8, 32, 32])), same = try figure.draw(grid([32, 32, 32, 32]))
        #expect(mixed.width == same.width && mixed.height == same.height, "8 px rows take the 32 px rows' cells")
    }
}
