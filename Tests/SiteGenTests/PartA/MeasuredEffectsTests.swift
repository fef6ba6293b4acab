import Compute
import Foundation
import Testing
@testable import SiteGen

/// Every Part A technique states its effect as a measurement: the judge (in a build, Part B's classifier) reads
/// the images back, and the caption reports what it read, over `measuredSeeds` noises, whatever the outcome.
/// Here the judge reads the fake model's world: a sample of class k has mean brightness μ_k = 0.05 + 0.08 k, so
/// the judge answers the class whose μ is nearest the image's median (the median, unlike the mean, survives the
/// clamp to [0, 1] that precedes every reading).
@Suite struct MeasuredEffectsTests {
    static let judge = PartAJudge.Source(input: .model(name: "fake-judge", hash: "mean-brightness")) { _ in
        PartAJudge(name: "mean-brightness judge") { images in
            let n = images.shape[0], per = images.count / n
            return (0..<n).map { i in
                let median = images.data[(i * per)..<((i + 1) * per)].sorted()[per / 2]
                return String(min(9, max(0, Int(((median - 0.05) / 0.08).rounded()))))
            }
        }
    }
    let judged = DigitBackend(model: PartATest.model, sets: PartATest.setup.sets, judge: Self.judge)

    @Test func theJudgeJoinsTheCacheKeyOfTheFiguresThatMeasure() {
        for recipe: any FigureRecipe in [AnagramFigure(backend: judged), HybridFigure(backend: judged), CFGFigure(backend: judged)] {
            #expect(recipe.inputs.contains(Self.judge.input), "\(recipe.id)")
        }
        #expect(!AnagramFigure(backend: PartATest.setup).inputs.contains(Self.judge.input))
    }

    @Test func cfgReportsHowOftenGuidedAndUnguidedSamplesReadAsTheirClass() throws {
        let fake = try FakeDigitDenoiser()
        let recipe = CFGFigure(backend: judged)
        let data = try recipe.compute(try fakeContext(fake))
        #expect(try data.require("guided", figure: recipe.id).shape == [5, 1, 28, 28], "the grid shows the first noise")
        #expect(fake.calls.allSatisfy { $0.batch == 3 * 5 * 20 }, "guided (2 passes) and plain, 20 noises, one batch")
        let guided = try #require(JudgedRate.read("guided", from: data)?.first)
        let plain = try #require(JudgedRate.read("unguided", from: data)?.first)
        #expect(guided.total == 100 && plain.total == 100)
        // Unguided samples land on μ_k and read as k; guidance pushes them past μ_k, so the judge reads higher classes.
        #expect(plain.hits == 100)
        #expect(guided.hits < 100)
        let caption = recipe.caption(data)
        #expect(caption.contains("reads \(guided.description) of the guided samples") && caption.contains("\(plain.description) of the unguided"),
                "\(caption)")
    }

    @Test func anagramsAreMeasuredOverTwentyNoisesPerPairAndShowTheFirstThree() throws {
        let fake = try FakeDigitDenoiser()
        let recipe = AnagramFigure(backend: judged)
        let data = try recipe.compute(try fakeContext(fake))
        let pairs = recipe.pairs.count
        #expect(try data.require("anagrams", figure: recipe.id).shape == [3 * pairs, 1, 28, 28])
        #expect(fake.calls.allSatisfy { $0.batch == 4 * 20 * pairs })
        let up = try #require(JudgedRate.read("upright", from: data)), both = try #require(JudgedRate.read("both", from: data))
        #expect(up.count == pairs && up.allSatisfy { $0.total == 20 })
        // The fake's anagram averages the two classes' means: the judge reads the class between, neither p₁ nor p₂
        // (unless they are one class apart), and the caption says so.
        for (p, pair) in recipe.pairs.enumerated() where abs(Int(pair.first)! - Int(pair.second)!) > 1 {
            #expect(both[p].hits == 0)
        }
        #expect(recipe.caption(data).contains("Measured over 20 noises per pair"))
        #expect(recipe.caption(data).contains("both \(both[0].description)"))
    }

    @Test func hybridsChooseTheLowPassTheJudgeReadsBestAndSayWhichWereTried() throws {
        let recipe = HybridFigure(backend: judged)
        #expect(recipe.candidates.count == 1 + HybridFigure.searchSigmas.count)
        #expect(recipe.candidates[0] == recipe.blur, "the seed's scaled kernel is the first candidate")
        #expect(recipe.candidates.dropFirst().map(\.kernelSize) == [11, 13, 19])
        let data = try recipe.compute(try fakeContext())
        let both = try #require(JudgedRate.read("both", from: data))
        #expect(both.count == recipe.candidates.count * recipe.pairs.count)
        let chosen = recipe.chosen(data)
        let index = try #require(recipe.candidates.firstIndex(of: chosen))
        #expect(index == HybridFigure.best(both, candidates: recipe.candidates.count, pairs: recipe.pairs.count))
        #expect(recipe.caption(data).contains("kernel \(chosen.kernelSize) and σ = \(PartAFormat.sigma(chosen.sigma))"))
        #expect(recipe.caption(data).contains("The low-pass was chosen as the one with the most images read both ways"))
        #expect(try data.require("hybrids", figure: recipe.id).shape == [2 * recipe.pairs.count, 1, 28, 28])
    }

    @Test func aSeedMajorBatchIsJudgedPerGroup() {
        // Two pairs over three noises: images 0, 2, 4 are pair 0's, 1, 3, 5 pair 1's.
        let rates = JudgedRate.perGroup([true, false, true, true, false, true], groups: 2)
        #expect(rates == [JudgedRate(hits: 2, total: 3), JudgedRate(hits: 2, total: 3)])
        #expect(JudgedRate.perGroup([true, false, false, false], groups: 2) == [JudgedRate(hits: 1, total: 2), JudgedRate(hits: 0, total: 2)])
    }

    @Test func theBestLowPassIsTheFirstOfEqualScores() {
        let r = { (h: Int) in JudgedRate(hits: h, total: 20) }
        #expect(HybridFigure.best([r(1), r(1), r(3), r(1), r(3), r(1)], candidates: 3, pairs: 2) == 1)
        #expect(HybridFigure.best([r(0), r(0), r(0), r(0)], candidates: 2, pairs: 2) == 0)
    }

    @Test func sdeditsDistanceToTheOriginalIsPlottedAndTheCaptionSaysWhetherItFalls() throws {
        let recipe = try #require(try PartATest.recipe("a.sdedit-test") as? ImageToImageFigure)
        let data = try recipe.compute(try fakeContext())
        let d = try data.require("distance_rms", figure: recipe.id)
        #expect(d.shape == [6, 3])
        let caption = recipe.caption(data)
        #expect(caption.contains("over 20 noises per edit"))
        for row in 0..<3 {
            // The fake keeps little of a digit until the noise is light: the last i_start is the closest.
            let v = recipe.distances(data, row: row)
            #expect(v.last! < v.first!, "row \(row): \(v)")
            let steady = zip(v, v.dropFirst()).allSatisfy { $1 < $0 }
            let shown = v.map { String(format: "%.3f", $0) }.joined(separator: " → ")
            #expect(caption.contains(shown + (steady ? " (falling at every step)" : " (not falling at every step)")), "\(caption)")
        }
        let figure = try recipe.draw(data)
        #expect(figure.height > 3 * 28 * 3 + 240, "the plot sits under the grid")
    }

    @Test func theConditionalEditReportsHowOftenEachLevelReachesItsTargetClass() throws {
        let base = try #require(try PartATest.recipe("a.class-i2i") as? ImageToImageFigure)
        let recipe = ImageToImageFigure(id: base.id, backend: judged, contentDirectory: base.contentDirectory,
                                        pictures: base.pictures, prompts: base.prompts, what: base.what)
        #expect(recipe.hasTarget && recipe.inputs.contains(Self.judge.input))
        let data = try recipe.compute(try fakeContext())
        let rates = try #require(JudgedRate.read("target", from: data))
        #expect(rates.count == recipe.iStarts.count && rates.allSatisfy { $0.total == 3 * 20 })
        #expect(recipe.caption(data).contains("reads the edits as their target class at i_start = 1: \(rates[0].description)"))
        // SDEdit's content-free prompt has no target: no judge, no rates.
        let sdedit = try #require(try PartATest.recipe("a.sdedit-test") as? ImageToImageFigure)
        #expect(!sdedit.hasTarget)
    }

    @Test func rmsDistancesCompareEachEditWithItsOwnPicture() {
        let originals = Tensor(shape: [2, 1, 1, 2], data: [0, 0, 1, 1])
        let edits = Tensor(shape: [4, 1, 1, 2], data: [0, 0, 1, 1, 0.5, 0.5, 1, 0])
        #expect(ImageToImageFigure.rmsDistances(edits, to: originals) == [0, 0, 0.5, Float(0.5).squareRoot()])
    }
}
