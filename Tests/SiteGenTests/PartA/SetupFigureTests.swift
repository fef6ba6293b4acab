import Compute
import Foundation
import Plotting
import Testing
@testable import SiteGen

/// Part A 0: three class "prompts" sampled with CFG at two numbers of steps, from the same noise.
@Suite struct SetupFigureTests {
    let recipe = SetupFigure(backend: PartATest.setup)

    @Test func eachStepCountWalksEvenlyFromTheStridedStartToZero() {
        for steps in recipe.stepCounts {
            let ts = recipe.timesteps(steps: steps)
            #expect(ts.count == steps + 1 && ts.first == PartATest.setup.strided[0] && ts.last == 0, "\(steps) steps")
            #expect(zip(ts, ts.dropFirst()).allSatisfy { $0 > $1 }, "\(steps) steps")
        }
        // A count that divides the start is the constant stride of the other figures: 33 steps = 297, 288, …, 0.
        #expect(recipe.timesteps(steps: 33) == PartATest.setup.strided)
    }

    @Test func aStepCountOutsideTheScheduleNamesTheFigure() throws {
        for counts in [[0, 20], [20, 298]] {
            var bad = recipe
            bad.stepCounts = counts
            #expect(!bad.parameters.isEmpty)
            #expect { try bad.compute(try fakeContext()) } throws: { "\($0)".contains("a.setup") && "\($0)".contains("1...297") }
        }
    }

    @Test func threeClassesAreSampledWithGuidanceOncePerStep() throws {
        let fake = try FakeDigitDenoiser()
        let data = try recipe.compute(try fakeContext(fake))
        #expect(recipe.prompts == ["0", "3", "7"] && recipe.stepCounts.count == 2)
        #expect(try data.require("samples", figure: recipe.id).shape == [6, 1, 28, 28])
        #expect(fake.calls.count == recipe.stepCounts.reduce(0, +))
        let classes = [0, 3, 7].map { Conditioning.label($0) }
        #expect(fake.calls.allSatisfy { $0.conditioning == classes + [.null, .null, .null] })
        #expect(fake.calls[0].timesteps.first == 297 && fake.calls[recipe.stepCounts[0]].timesteps.first == 297)
    }

    @Test func theTwoStepCountsGiveDifferentImagesFromTheSameStart() throws {
        let data = try recipe.compute(try fakeContext())
        let samples = try data.require("samples", figure: recipe.id)
        #expect(maxDifference(Batch.slice(samples, 0, 3), Batch.slice(samples, 3, 3)) > 0.01)
        // With equal counts the rows are identical: the start and step noise are shared, only the steps differ.
        var same = recipe
        same.stepCounts = [20, 20]
        let twins = try same.compute(try fakeContext()).require("samples", figure: recipe.id)
        #expect(Batch.slice(twins, 0, 3) == Batch.slice(twins, 3, 3))
    }

    @Test func theFigureIsLabelledWithItsStepCountsAndClasses() throws {
        let data = try recipe.compute(try fakeContext())
        #expect(SetupFigure.rowTitles([20, 80]) == ["20 steps", "80 steps"])
        #expect(recipe.columnTitles() == ["class 0", "class 3", "class 7"])
        let image = try recipe.draw(data)
        // Three 28-pixel columns and two rows at scale 4, plus the title bands, at the figures' density.
        let d = FigureStyle.density
        #expect(image.width > 3 * 28 * 4 * d && image.height > 2 * 28 * 4 * d)
        #expect(image.width < (3 * 28 * 4 + 300) * d && image.height < (2 * 28 * 4 + 150) * d)
        // The labels are drawn from the data: another step count in it draws another image.
        var relabelled = data
        relabelled.arrays = data.arrays.map { $0.name == "step_counts" ? ($0.name, Batch.vector([20, 81])) : $0 }
        #expect(try recipe.draw(relabelled) != image)
        let caption = recipe.caption(data)
        for phrase in ["class 0, class 3, class 7", "γ = 7", "20 steps (t = 297, \(recipe.timesteps(steps: 20)[1]), …, 0)",
                       "80 steps (t = 297, \(recipe.timesteps(steps: 80)[1]), …, 0)", "seed 180"] {
            #expect(caption.contains(phrase), "caption lacks \(phrase)")
        }
    }
}
