import Foundation
import Testing
@testable import Compute

/// The sampling loops of diffusers' `IFPipeline` (stage I) and `IFSuperResolutionPipeline` (stage II), run by
/// tools/make_if_reference.py on the tiny snapshots with every random draw saved in `pipeline.safetensors`: the
/// Swift loops, fed the same draws, agree with every intermediate x_t to 1e-4.
@Suite struct DeepFloydPipelineTests {
    let fixture: SafeTensorsFile

    init() throws { fixture = try SafeTensors.read(path: try IFFixtures.path("pipeline.safetensors")) }

    func timesteps(_ key: String) throws -> [Int] {
        let text = try #require(fixture.metadata[key])
        return text.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    @Test func stageILoopMatchesIFPipelineWithThresholdingAndCFG() throws {
        let sampler = try IFPipelineSampler.load(modelDir: try IFFixtures.path("if-tiny-I"))
        #expect(sampler.guidanceScale == 7 && sampler.scheduler.thresholding && sampler.scheduler.sampleMaxValue == 1.5)
        let ts = try timesteps("stage1.timesteps")
        #expect(ts == IFScheduler.leadingTimesteps(steps: 4))
        var steps: [Tensor] = []
        var asked: [Int] = []
        let x = try sampler.denoise(try fixture.tensor("stage1.initial"), timesteps: ts,
                                    prompt: try fixture.tensor("prompt_embeds"), negative: try fixture.tensor("negative_prompt_embeds"),
                                    stepNoise: { asked.append($0); return try fixture.tensor("stage1.noise\($0)") },
                                    onStep: { _, _, x in steps.append(x) })
        #expect(asked == [0, 1, 2], "no noise is drawn at t = 0")
        #expect(steps.count == 4)
        for (i, s) in steps.enumerated() {
            let d = ifMaxDiff(s, try fixture.tensor("stage1.x\(i)"))
            #expect(d < 1e-4, "stage I step \(i): max diff \(d)")
        }
        #expect(x.data.allSatisfy { abs($0) <= 1 + 1e-6 }, "the last step returns the thresholded x0, within [-1, 1]")
    }

    @Test func stageIIUpscalesBilinearWithAlignedCornersAndNoisesAtLevel250() throws {
        let sr = try IFSuperResolution.load(modelDir: try IFFixtures.path("if-tiny-II"))
        let image = try fixture.tensor("stage2.image")
        let up = IFBilinear.alignCorners(image, height: 16, width: 16)
        #expect(ifMaxDiff(up, try fixture.tensor("stage2.upscaled")) < 1e-6)
        #expect(up.data[0] == image.data[0] && up.data[15] == image.data[7], "corners map to corners")
        let noised = try sr.conditioning(image, size: 16, noise: try fixture.tensor("stage2.upscale_noise"))
        #expect(ifMaxDiff(noised, try fixture.tensor("stage2.noised_upscaled")) < 1e-6)
    }

    @Test func stageIILoopMatchesIFSuperResolutionPipeline() throws {
        let sr = try IFSuperResolution.load(modelDir: try IFFixtures.path("if-tiny-II"))
        #expect(sr.guidanceScale == 4 && sr.noiseLevel == 250)
        #expect(sr.scheduler.sampleMaxValue == 1.0 && sr.scheduler.thresholding, "read from if-tiny-II/scheduler")
        #expect(sr.outputSize == 16)
        let ts = try timesteps("stage2.timesteps")
        #expect(ts == [666, 333, 0])
        var steps: [Tensor] = []
        _ = try sr.denoise(image: try fixture.tensor("stage2.image"), initial: try fixture.tensor("stage2.initial"),
                           upscaleNoise: try fixture.tensor("stage2.upscale_noise"), timesteps: ts,
                           prompt: try fixture.tensor("prompt_embeds"), negative: try fixture.tensor("negative_prompt_embeds"),
                           stepNoise: { try fixture.tensor("stage2.noise\($0)") }, onStep: { _, _, x in steps.append(x) })
        #expect(steps.count == 3)
        for (i, s) in steps.enumerated() {
            let d = ifMaxDiff(s, try fixture.tensor("stage2.x\(i)"))
            #expect(d < 1e-4, "stage II step \(i): max diff \(d)")
        }
    }

    @Test func theSameSeedGivesTheSameBytesAndAnotherSeedAnotherImage() throws {
        let sampler = try IFPipelineSampler.load(modelDir: try IFFixtures.path("if-tiny-I"))
        let sr = try IFSuperResolution.load(modelDir: try IFFixtures.path("if-tiny-II"))
        let (p, n) = (try fixture.tensor("prompt_embeds"), try fixture.tensor("negative_prompt_embeds"))
        func run(_ seed: UInt64) throws -> (Tensor, Tensor) {
            var stream = RandomStream(seed: seed, streamNamed: "test/sample")
            let low = try sampler.sample(prompt: p, negative: n, steps: 3, noise: &stream, size: 8)
            let high = try sr.upscale(low, prompt: p, negative: n, steps: 2, noise: &stream)
            return (low, high)
        }
        let a = try run(1), b = try run(1), c = try run(2)
        #expect(a.0.shape == [1, 3, 8, 8] && a.1.shape == [1, 3, 16, 16])
        #expect(a.0.data == b.0.data && a.1.data == b.1.data)
        #expect(a.0.data != c.0.data && a.1.data != c.1.data)
    }

    @Test func aStageIUNetGivenAsStageIIIsRejectedNamingTheSnapshot() throws {
        let dir = try IFFixtures.path("if-tiny-I")
        let text = ifErrorText { _ = try IFSuperResolution.load(modelDir: dir) }
        #expect(text?.contains("if-tiny-I/unet/config.json") == true, "\(text ?? "no error")")
        #expect(text?.contains("in_channels") == true && text?.contains("stage II") == true, "\(text ?? "no error")")
    }

    @Test func aStageIIUNetWithoutClassEmbeddingIsRejectedNamingTheSnapshot() throws {
        let dir = try IFFixtures.copy("if-tiny-II")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/unet/config.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "\"class_embed_type\": \"timestep\"", with: "\"class_embed_type\": null")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let error = ifErrorText { _ = try IFSuperResolution.load(modelDir: dir) }
        #expect(error?.contains(path) == true, "\(error ?? "no error")")
        #expect(error?.contains("class_embed_type") == true && error?.contains("noise level") == true, "\(error ?? "no error")")
    }

    @Test func aStageIIUNetGivenAsStageIIsRejected() throws {
        let text = ifErrorText { _ = try IFPipelineSampler.load(modelDir: try IFFixtures.path("if-tiny-II")) }
        #expect(text?.contains("if-tiny-II/unet/config.json") == true, "\(text ?? "no error")")
        #expect(text?.contains("looks like stage II") == true, "\(text ?? "no error")")
    }

    @Test func bilinearAlignCornersInterpolatesLinearlyBetweenCorners() {
        let x = Tensor(shape: [1, 1, 2, 2], data: [0, 1, 2, 3])
        let y = IFBilinear.alignCorners(x, height: 3, width: 3)
        #expect(y.data == [0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3])
    }
}
