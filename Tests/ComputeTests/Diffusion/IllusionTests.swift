import Testing
@testable import Compute

/// ε of the fake with CFG, computed directly (reference for the illusion tests).
func guidedReference(_ fake: GaussianFakeDenoiser, _ x: Tensor, t: Int, _ c: Conditioning, gamma: Float) -> Tensor {
    let n = x.shape[0]
    let cond = fake.optimalEpsilon(x, t: t, conditioning: Array(repeating: c, count: n))
    let uncond = fake.optimalEpsilon(x, t: t, conditioning: Array(repeating: .null, count: n))
    return Tensor(shape: x.shape, data: zip(uncond.data, cond.data).map { $0 + gamma * ($1 - $0) })
}

@Suite struct VisualAnagramTests {
    let schedule = try! NoiseSchedule.linear(T: 300)

    @Test func anagramEpsilonAveragesUprightAndFlippedPredictions() throws {
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 4, rowSlope: 0.2)
        let x = TestNoise(seed: 17).normal([2, 1, 4, 4])
        let out = try fake.anagramEpsilon(x, t: 120, upright: .cfg(.label(1), scale: 3), flipped: .cfg(.label(8), scale: 3))
        #expect(fake.calls.count == 1 && fake.calls[0].batch == 8)
        let e1 = guidedReference(fake, x, t: 120, .label(1), gamma: 3)
        let e2 = try ImageOps.flipVertical(guidedReference(fake, try ImageOps.flipVertical(x), t: 120, .label(8), gamma: 3))
        let expected = Tensor(shape: x.shape, data: zip(e1.data, e2.data).map { ($0 + $1) / 2 })
        #expect(maxAbsDifference(out.epsilon, expected) < 1e-5)
    }

    @Test func samePromptBothWaysIsFlipConsistent() throws {
        // Even for a model that is not flip-symmetric (μ varies by row), E(flip x) = flip E(x) when c₁ = c₂.
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 4, rowSlope: 0.2)
        let x = TestNoise(seed: 18).normal([1, 1, 4, 4])
        let g = Guidance.cfg(.label(4), scale: 5)
        let a = try fake.anagramEpsilon(try ImageOps.flipVertical(x), t: 60, upright: g, flipped: g)
        let b = try ImageOps.flipVertical(try fake.anagramEpsilon(x, t: 60, upright: g, flipped: g).epsilon)
        #expect(maxAbsDifference(a.epsilon, b) < 1e-5)
        // ...and not merely because every ε is symmetric:
        let plain = try fake.epsilon(try ImageOps.flipVertical(x), t: 60, guidance: g).epsilon
        #expect(maxAbsDifference(plain, try ImageOps.flipVertical(try fake.epsilon(x, t: 60, guidance: g).epsilon)) > 0.01)
    }

    @Test func withAFlipSymmetricModelTheAnagramIsOrdinarySampling() throws {
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 4)
        let ts = SeedMapping.digits.stridedTimesteps
        let g = Guidance.cfg(.label(2), scale: 7)
        let anagram = try fake.visualAnagram(count: 2, timesteps: ts, upright: g, flipped: g, noise: TestNoise(seed: 19).normal)
        let plain = try fake.sample(count: 2, timesteps: ts, guidance: g, noise: TestNoise(seed: 19).normal)
        #expect(maxAbsDifference(anagram.x, plain.x) < 1e-4)
    }
}

@Suite struct HybridImageTests {
    let schedule = try! NoiseSchedule.linear(T: 300)
    let blur = SeedMapping.digits.blur(BlurParameters(kernelSize: 33, sigma: 2))

    @Test func hybridEpsilonIsLowpassOfOnePlusHighpassOfTheOther() throws {
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 8, rowSlope: 0.1)
        let x = TestNoise(seed: 20).normal([2, 1, 8, 8])
        let out = try fake.hybridEpsilon(x, t: 200, lowpass: .cfg(.label(0), scale: 7), highpass: .cfg(.label(6), scale: 7),
                                         blur: BlurParameters(kernelSize: 5, sigma: 1))
        #expect(fake.calls.count == 1 && fake.calls[0].batch == 8)
        let e1 = guidedReference(fake, x, t: 200, .label(0), gamma: 7)
        let e2 = guidedReference(fake, x, t: 200, .label(6), gamma: 7)
        let low = try ImageOps.gaussianBlur(e1, kernelSize: 5, sigma: 1)
        let e2Low = try ImageOps.gaussianBlur(e2, kernelSize: 5, sigma: 1)
        let expected = Tensor(shape: x.shape, data: (0..<x.count).map { low.data[$0] + e2.data[$0] - e2Low.data[$0] })
        #expect(maxAbsDifference(out.epsilon, expected) < 1e-4)
    }

    @Test func samePromptTwiceRecombinesToThePlainEpsilon() throws {
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 8, rowSlope: 0.1)
        let x = TestNoise(seed: 21).normal([1, 1, 8, 8])
        let g = Guidance.cfg(.label(3), scale: 7)
        let hybrid = try fake.hybridEpsilon(x, t: 100, lowpass: g, highpass: g, blur: blur)
        let plain = try fake.epsilon(x, t: 100, guidance: g)
        #expect(maxAbsDifference(hybrid.epsilon, plain.epsilon) < 1e-5)
        let sampled = try fake.hybridImage(count: 1, timesteps: SeedMapping.digits.stridedTimesteps, lowpass: g,
                                           highpass: g, blur: blur, noise: TestNoise(seed: 22).normal)
        let reference = try fake.sample(count: 1, timesteps: SeedMapping.digits.stridedTimesteps, guidance: g,
                                        noise: TestNoise(seed: 22).normal)
        #expect(maxAbsDifference(sampled.x, reference.x) < 1e-3)
    }
}
