import Compute
import Foundation
import Testing
@testable import SiteGen

/// Figures 5-11: sampling, CFG, SDEdit, inpainting, class-conditional translation, anagrams and hybrids.
@Suite struct GenerationFiguresTests {
    let setup = PartATest.setup

    @Test func fiveUnconditionalSamplesComeFromOneBatchedNullClassRun() throws {
        let fake = try FakeDigitDenoiser()
        let data = try SamplesFigure(backend: setup).compute(try fakeContext(fake))
        #expect(try data.require("samples", figure: "a.samples").shape == [5, 1, 28, 28])
        #expect(fake.calls.count == 33)   // the 34 strided timesteps from i_start = 0
        #expect(fake.calls.allSatisfy { $0.batch == 5 && $0.conditioning.allSatisfy { $0 == .null } })
        #expect(fake.calls.first?.timesteps.first == 297 && fake.calls.last?.timesteps.first == 9)
    }

    @Test func guidedAndUnguidedRowsDifferOnlyByGuidance() throws {
        let recipe = CFGFigure(backend: setup)
        let data = try recipe.compute(try fakeContext())
        let guided = try data.require("guided", figure: recipe.id), unguided = try data.require("unguided", figure: recipe.id)
        #expect(guided.shape == [5, 1, 28, 28] && unguided.shape == [5, 1, 28, 28])
        #expect(guided != unguided)
        // With γ = 1 guidance is the conditional model, and the shared noise makes the rows identical.
        var plain = recipe
        plain.backend.gamma = 1
        let same = try plain.compute(try fakeContext())
        #expect(maxDifference(try same.require("guided", figure: recipe.id), try same.require("unguided", figure: recipe.id)) < 1e-5)
        // The fake's class 4 has mean 0.37, the null class 0.15: unguided samples land on 0.37, guided ones are
        // pushed past it along μ_4 − μ_null.
        let meanGuided = Batch.item(guided, 4).data.reduce(0, +) / 784
        let meanPlain = Batch.item(unguided, 4).data.reduce(0, +) / 784
        #expect(abs(meanPlain - 0.37) < 0.05)
        #expect(meanGuided > meanPlain + 0.3)
        #expect(recipe.caption(data).contains("γ = 7"))
        #expect(recipe.caption(data).contains("class 0, class 1, class 2, class 3, class 4"))
    }

    @Test func sdeditRunsEveryIStartForEveryImageAndKeepsMoreOfTheImageAtLargerIStart() throws {
        let fake = try FakeDigitDenoiser()
        let recipe = try #require(try PartATest.recipe("a.sdedit-test") as? ImageToImageFigure)
        let data = try recipe.compute(try fakeContext(fake))
        let originals = try data.require("originals", figure: recipe.id), edits = try data.require("edits", figure: recipe.id)
        #expect(originals.shape == [3, 1, 28, 28] && edits.shape == [18, 1, 28, 28])
        #expect(try data.require("t_starts", figure: recipe.id).data == [288, 270, 252, 234, 207, 117])
        #expect(data.metadata["rows"] == "test 0 (7)\ntest 1 (2)\ntest 3 (0)")
        #expect(fake.calls.count == [1, 3, 5, 7, 10, 20].map { 33 - $0 }.reduce(0, +))
        // The grid's 3 edits and 19 more noises each for the distance plot, in one batch.
        #expect(fake.calls.allSatisfy { $0.batch == 3 * recipe.distanceSeeds && $0.conditioning.allSatisfy { $0 == .null } })
        // i_start 20 (t = 117) stays much closer to the original than i_start 1 (t = 288).
        let early = try ImageOps.psnr(ImageOps.clamp(Batch.slice(edits, 0, 3)), originals)
        let late = try ImageOps.psnr(ImageOps.clamp(Batch.slice(edits, 15, 3)), originals)
        #expect(late > early)
        let caption = recipe.caption(data)
        #expect(caption.contains("1 (t = 288), 3 (t = 270), 5 (t = 252), 7 (t = 234), 10 (t = 207), 20 (t = 117)"))
        #expect(try recipe.draw(data).width > 7 * 28 * 3)
    }

    @Test func classTranslationGuidesEachSourceDigitTowardItsTarget() throws {
        let fake = try FakeDigitDenoiser()
        let recipe = try #require(try PartATest.recipe("a.class-i2i") as? ImageToImageFigure)
        let data = try recipe.compute(try fakeContext(fake))
        #expect(try data.require("edits", figure: recipe.id).shape == [18, 1, 28, 28])
        // CFG: conditional passes toward 8, 7, 9 and null passes, in one call per step.
        let seeds = recipe.distanceSeeds
        let conditional = Array(repeating: [Conditioning.label(8), .label(7), .label(9)], count: seeds).flatMap { $0 }
        #expect(fake.calls.allSatisfy { $0.conditioning == conditional + Array(repeating: .null, count: 3 * seeds) })
        #expect(recipe.caption(data).contains("test 18 → class 8, test 2 → class 7, test 4 → class 9"))
        #expect(recipe.parameters["prompts"] == "8 | 7 | 9" && recipe.parameters["gamma"] == "7")
    }

    @Test func inpaintingKeepsTheUnmaskedPixelsAndUsesTheScaledSeedMask() throws {
        let recipe = InpaintFigure(backend: setup, contentDirectory: PartATest.contentDirectory)
        #expect(recipe.masks[0] == MaskRect(rows: 1..<9, cols: 10..<18))
        let data = try recipe.compute(try fakeContext())
        let clean = try data.require("clean", figure: recipe.id), mask = try data.require("masks", figure: recipe.id)
        let result = try data.require("inpainted", figure: recipe.id)
        #expect(clean.shape == [3, 1, 28, 28] && mask.shape == [3, 1, 28, 28] && result.shape == [3, 1, 28, 28])
        var outside: Float = 0, inside: Float = 0
        for p in 0..<clean.count {
            let d = abs(result.data[p] - clean.data[p])
            if mask.data[p] == 0 { outside = max(outside, d) } else { inside = max(inside, d) }
        }
        // Outside the mask only the forward noise of the last step (t = 0, √(1−ᾱ₀) = 0.01) remains.
        #expect(outside < 0.06)
        #expect(inside > 0.2)
        #expect(mask.data.reduce(0, +) == Float(8 * 8 + 9 * 18 + 10 * 10))
        #expect(recipe.caption(data).contains("rows 2..<20, cols 24..<42 is rows 1..<9, cols 10..<18"))
    }

    @Test func anagramsAreShownUprightAndFlippedUpsideDownAsTheyWereOptimised() throws {
        let fake = try FakeDigitDenoiser()
        let recipe = AnagramFigure(backend: setup)
        let data = try recipe.compute(try fakeContext(fake))
        let upright = try data.require("anagrams", figure: recipe.id)
        #expect(upright.shape == [3, 1, 28, 28])
        #expect(try data.require("flipped", figure: recipe.id) == (try ImageOps.flipVertical(upright)))
        #expect(fake.calls.count == 33 && fake.calls.allSatisfy { $0.batch == 12 })
        #expect(fake.calls[0].conditioning.prefix(6) == [.label(2), .label(2), .label(4), .label(7), .label(5), .label(9)])
        #expect(recipe.caption(data).contains("class 2 / class 7, class 2 / class 5, class 4 / class 9"))
    }

    @Test func hybridsUseTheMappedLowPassAndAreShownReduced() throws {
        let recipe = HybridFigure(backend: setup)
        #expect(recipe.blur == BlurParameters(kernelSize: 15, sigma: 0.875))
        let data = try recipe.compute(try fakeContext())
        #expect(try data.require("hybrids", figure: recipe.id).shape == [3, 1, 28, 28])
        #expect(try data.require("reduced_14", figure: recipe.id).shape == [3, 1, 14, 14])
        #expect(try data.require("reduced_7", figure: recipe.id).shape == [3, 1, 7, 7])
        let caption = recipe.caption(data)
        #expect(caption.contains("kernel 15 and σ = 0.88") && caption.contains("the seed's kernel 33, σ = 2.00"))
    }
}

func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0
}
