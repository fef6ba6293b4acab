import Testing
@testable import Compute

@Suite struct DDPMSamplerTests {
    @Test func ddpmSamplesFollowTheDataDistribution() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 4, s: 0.5)
        let noise = TestNoise(seed: 12)
        let result = try fake.sampleDDPM(count: 300, guidance: .plain(.label(3)), noise: noise.normal)
        let (mean, variance) = meanAndVariance(result.x.data)
        #expect(abs(mean - fake.mu(.label(3))) < 0.03, "mean \(mean)")
        #expect(abs(variance - 0.25) < 0.025, "variance \(variance)")
        #expect(fake.calls.count == 300)
        #expect(fake.calls.first?.timesteps.first == 299 && fake.calls.last?.timesteps.first == 0)
    }

    @Test func guidedDDPMWithGammaOneSamplesTheConditional() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 4, s: 0.5)
        let noise = TestNoise(seed: 13)
        let labels: [Conditioning] = (0..<200).map { .label($0 % 2 == 0 ? 0 : 9) }
        let result = try fake.sampleDDPM(count: 200, guidance: .cfg(labels, scale: 1), recordAt: [299, 150, -1],
                                         noise: noise.normal)
        #expect(fake.calls.allSatisfy { $0.batch == 400 })
        var zeros: [Float] = [], nines: [Float] = []
        for n in 0..<200 {
            let values = result.x.data[(n * 16)..<((n + 1) * 16)]
            if n % 2 == 0 { zeros += values } else { nines += values }
        }
        #expect(abs(meanAndVariance(zeros).mean - fake.mu(.label(0))) < 0.04)
        #expect(abs(meanAndVariance(nines).mean - fake.mu(.label(9))) < 0.04)
        #expect(result.snapshots.map(\.timestep) == [299, 150, -1])
        #expect(result.snapshots.last?.x == result.x)
        // x at t = 299 is the starting noise.
        #expect(result.snapshots.first?.x == noise.draws.first)
    }
}

@Suite struct SDEditTests {
    @Test func sdeditStartsFromTheForwardProcessAtIStart() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 4)
        let ts = SeedMapping.digits.stridedTimesteps
        let original = Tensor(shape: [1, 1, 4, 4], data: (0..<16).map { Float($0) / 8 - 1 })
        let noise = TestNoise(seed: 14)
        let out = try fake.sdedit(original, timesteps: ts, iStart: 20, guidance: .cfg(.label(5), scale: 7),
                                  options: SamplingOptions(recording: .every(100)), noise: noise.normal)
        let expectedStart = try schedule.addNoise(original, timesteps: [ts[20]], epsilon: noise.draws[0])
        #expect(out.snapshots.count == 1 && out.snapshots[0].timestep == ts[20])
        #expect(out.snapshots[0].x == expectedStart)
    }

    @Test func lessNoiseKeepsMoreOfTheOriginal() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 4)
        let ts = SeedMapping.digits.stridedTimesteps
        let original = Tensor(shape: [8, 1, 4, 4], data: (0..<128).map { Float($0 % 16) / 8 - 1 })
        var psnrs: [Double] = []
        for iStart in [1, 20, 30] {
            let out = try fake.sdedit(original, timesteps: ts, iStart: iStart, guidance: .plain(.label(5)),
                                      noise: TestNoise(seed: 15).normal)
            psnrs.append(try ImageOps.psnr(out.x, original, peak: 2))
        }
        #expect(psnrs[0] < psnrs[1] && psnrs[1] < psnrs[2], "\(psnrs)")
    }
}

@Suite struct InpaintingTests {
    @Test func unmaskedPixelsFollowTheForwardProcessAndEndAtTheOriginal() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 6)
        let ts = try Timesteps.strided(start: 297, stride: 27) + [-1]
        let original = Tensor(shape: [2, 1, 6, 6], data: (0..<72).map { Float($0 % 7) / 4 - 0.75 })
        var maskData = [Float](repeating: 0, count: 36)
        for r in 1..<4 { for c in 2..<5 { maskData[r * 6 + c] = 1 } }
        let mask = Tensor(shape: [1, 1, 6, 6], data: maskData)
        let noise = TestNoise(seed: 16)
        let out = try fake.inpaint(original, mask: mask, timesteps: ts, guidance: .cfg(.label(9), scale: 3),
                                   options: SamplingOptions(recording: .every(1)), noise: noise.normal)
        #expect(out.snapshots.count == ts.count)
        // Draw order: starting noise, then per step: step noise (if σ > 0), forward-process noise for x_orig.
        var draw = 1
        for k in 0..<(ts.count - 1) {
            let tPrev = ts[k + 1]
            if try schedule.stepCoefficients(from: ts[k], to: tPrev).posteriorVariance > 0 { draw += 1 }
            let known = try schedule.addNoise(original, timesteps: [tPrev, tPrev], epsilon: noise.draws[draw])
            draw += 1
            let x = out.snapshots[k + 1].x
            for i in 0..<72 where maskData[i % 36] == 0 {
                #expect(abs(x.data[i] - known.data[i]) < 1e-6, "step \(k) pixel \(i)")
            }
        }
        #expect(draw == noise.draws.count)
        var maskedDiffers = false
        for i in 0..<72 {
            if maskData[i % 36] == 0 { #expect(abs(out.x.data[i] - original.data[i]) < 1e-6) }
            else if abs(out.x.data[i] - original.data[i]) > 1e-3 { maskedDiffers = true }
        }
        #expect(maskedDiffers)
    }

    @Test func masksMustBroadcastToTheImage() throws {
        let fake = GaussianFakeDenoiser(schedule: try NoiseSchedule.linear(T: 300), imageSize: 4)
        #expect(throws: DiffusionError.self) {
            try fake.inpaint(Tensor(zeros: [1, 1, 4, 4]), mask: Tensor(zeros: [1, 1, 3, 4]), timesteps: [9, 0],
                             guidance: .plain(.null), noise: TestNoise(seed: 1).normal)
        }
    }
}

@Suite struct AlgorithmB2Tests {
    /// Algorithm B.2 written out literally with 1-based t (alpha_bars[t-1]; ᾱ_0 = 1), replaying the sampler's noise.
    @Test func samplerIsAlgorithmB2Literally() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 3)
        let noise = TestNoise(seed: 24)
        let result = try fake.sampleDDPM(count: 2, guidance: .cfg(.label(6), scale: 5), noise: noise.normal)
        #expect(noise.draws.count == 300)   // x_T, then z for t = T…2 (none at t = 1)

        var x = noise.draws[0]
        for t in stride(from: 300, through: 1, by: -1) {
            let eps = guidedReference(fake, x, t: t - 1, .label(6), gamma: 5)
            let abar = Double(schedule.alphaBar[t - 1]), abarPrev = t > 1 ? Double(schedule.alphaBar[t - 2]) : 1
            let alpha = Double(schedule.alphas[t - 1]), beta = Double(schedule.betas[t - 1])
            let z = t > 1 ? noise.draws[301 - t].data : [Float](repeating: 0, count: x.count)
            var next = [Float]()
            for i in 0..<x.count {
                let xt = Double(x.data[i])
                let x0 = (xt - (1 - abar).squareRoot() * Double(eps.data[i])) / abar.squareRoot()
                next.append(Float(abarPrev.squareRoot() * beta / (1 - abar) * x0
                                  + alpha.squareRoot() * (1 - abarPrev) / (1 - abar) * xt
                                  + beta.squareRoot() * Double(z[i])))
            }
            x = Tensor(shape: x.shape, data: next)
        }
        #expect(maxAbsDifference(result.x, x) < 1e-3)
    }
}
