import Compute
import Foundation
import Testing
@testable import SiteGen

/// Figures 1-4: forward process, best blur, one-step and iterative denoising of the test digit.
@Suite struct NoisyDigitFiguresTests {
    let setup = PartATest.setup

    @Test func theForwardFigureNoisesTestDigitZeroAtTheMappedLevelsWithTheNamedStream() throws {
        let recipe = ForwardFigure(backend: setup, contentDirectory: PartATest.contentDirectory)
        let data = try recipe.compute(try fakeContext())
        let clean = try data.require("clean", figure: recipe.id), noisy = try data.require("noisy", figure: recipe.id)
        #expect(clean.shape == [1, 1, 28, 28] && noisy.shape == [3, 1, 28, 28])
        #expect(try data.require("timesteps", figure: recipe.id).data == [75, 150, 225])
        #expect(data.metadata["image"] == "test 0 (7)")
        let eps = Philox(seed: 180, streamNamed: "a.forward/eps").normalTensor(shape: [3, 1, 28, 28])
        let schedule = try NoiseSchedule.linear(T: 300)
        for (i, t) in [75, 150, 225].enumerated() {
            let abar = schedule.alphaBarDouble[t]
            for p in stride(from: 0, to: 784, by: 37) {
                let expected = abar.squareRoot() * Double(clean.data[p]) + (1 - abar).squareRoot() * Double(eps.data[i * 784 + p])
                #expect(abs(Double(noisy.data[i * 784 + p]) - expected) < 1e-5)
            }
        }
        #expect(recipe.caption(data).contains("t = 75, 150, 225 (the seed's 250, 500, 750 mapped to T = 300)"))
    }

    @Test func theChosenBlurIsAtLeastAsGoodAsEveryGridPoint() throws {
        let recipe = BlurFigure(backend: setup, contentDirectory: PartATest.contentDirectory)
        let data = try recipe.compute(try fakeContext())
        let clean = try data.require("clean", figure: recipe.id), noisy = try data.require("noisy", figure: recipe.id)
        let chosen = try data.require("psnr_blurred", figure: recipe.id).data
        let kernels = try data.require("kernel_sizes", figure: recipe.id).data
        let sigmas = try data.require("sigmas", figure: recipe.id).data
        for i in 0..<3 {
            let x = Batch.item(noisy, i)
            for k in recipe.kernelSizes {
                for s in recipe.sigmas {
                    let psnr = try ImageOps.psnr(try ImageOps.gaussianBlur(x, kernelSize: k, sigma: s), clean)
                    #expect(Double(chosen[i]) >= psnr - BlurSearchGrid.standard.tolerance - 1e-4, "t index \(i): k \(k) σ \(s) beats the choice")
                }
            }
            #expect(recipe.kernelSizes.contains(Int(kernels[i])) && recipe.sigmas.contains(Double(sigmas[i])))
            // The search covers its optimum: the choice is never on the grid's far edge.
            #expect(Int(kernels[i]) < recipe.kernelSizes.last! && Double(sigmas[i]) < recipe.sigmas.last!,
                    "t index \(i): k \(Int(kernels[i])), σ \(sigmas[i]) is on the edge of the grid")
            // The blur helps: it beats leaving the noise in.
            let noisyPSNR = try data.require("psnr_noisy", figure: recipe.id).data[i]
            #expect(chosen[i] > noisyPSNR)
        }
        let caption = recipe.caption(data)
        #expect(caption.contains("t = 75: k = \(Int(kernels[0])), σ = \(PartAFormat.sigma(Double(sigmas[0])))"))
        #expect(caption.contains("kernel sizes {3, 5, 7, 9, 11, 13, 15, 17, 19, 21}"))
        #expect(caption.contains("Every choice lies inside the grid"))
    }

    @Test func theOneStepEstimateInvertsTheForwardProcessWithTheClassAndNullEpsilon() throws {
        let fake = try FakeDigitDenoiser()
        let recipe = OneStepFigure(backend: setup, contentDirectory: PartATest.contentDirectory)
        let data = try recipe.compute(try fakeContext(fake))
        let noisy = try data.require("noisy", figure: recipe.id)
        // One batched call: 3 class-conditioned and 3 null passes at the three levels.
        #expect(fake.calls.count == 1)
        #expect(fake.calls[0].conditioning == Array(repeating: .label(7), count: 3) + Array(repeating: .null, count: 3))
        #expect(fake.calls[0].timesteps == [75, 150, 225, 75, 150, 225])
        for (name, condition) in [("one_step_prompt", Conditioning.label(7)), ("one_step_null", .null)] {
            let estimate = try data.require(name, figure: recipe.id)
            for (i, t) in [75, 150, 225].enumerated() {
                let abar = fake.schedule.alphaBarDouble[t], mu = fake.mu(condition), s2 = fake.s * fake.s
                // For Gaussian data the one-step estimate is the posterior mean E[x0 | x_t].
                let p = 400 + i * 784
                let xt = Double(noisy.data[p])
                let posterior = (abar.squareRoot() * s2 * xt + (1 - abar) * mu) / (abar * s2 + 1 - abar)
                #expect(abs(Double(estimate.data[p]) - posterior) < 1e-4)
            }
        }
        #expect(recipe.caption(data).contains("null class"))
    }

    @Test func iterativeDenoisingRecordsEveryFifthStepFromIStartTen() throws {
        let recipe = IterativeFigure(backend: setup, contentDirectory: PartATest.contentDirectory)
        let data = try recipe.compute(try fakeContext())
        #expect(try data.require("intermediate_timesteps", figure: recipe.id).data == [207, 162, 117, 72, 27])
        #expect(try data.require("intermediate", figure: recipe.id).shape == [5, 1, 28, 28])
        #expect(try data.require("compared", figure: recipe.id).shape == [4, 1, 28, 28])
        #expect(recipe.caption(data).contains("i_start = 10 (t = 207; the seed's 690)"))
        #expect(recipe.caption(data).contains("297, 288, …, 0 (34 entries"))
    }

    @Test func theComparisonShowsOriginalIterativeOneStepAndBlurWithTheirPSNR() throws {
        let recipe = IterativeCompareFigure(backend: setup, contentDirectory: PartATest.contentDirectory)
        let data = try recipe.compute(try fakeContext())
        let compared = try data.require("compared", figure: recipe.id)
        let psnr = try data.require("psnr", figure: recipe.id).data
        #expect(psnr.count == 3)   // iterative, one-step, blur; the original is the reference
        for i in 1..<4 {
            let expected = try ImageOps.psnr(ImageOps.clamp(Batch.item(compared, i)), Batch.item(compared, 0))
            #expect(abs(Double(psnr[i - 1]) - expected) < 1e-3)
        }
        // The same run as the intermediate figure (same stream), so both figures show one story.
        let other = try IterativeFigure(backend: setup, contentDirectory: PartATest.contentDirectory).compute(try fakeContext())
        #expect(other["compared"] == compared)
    }
}
