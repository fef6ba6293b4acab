import Foundation
import Testing
@testable import Compute

@Suite struct ForwardProcessTests {
    let schedule = try! NoiseSchedule.linear(T: 300)

    @Test func forwardNoisingHasTheMarginalMeanAndVariance() throws {
        let noise = TestNoise(seed: 1)
        let x0 = Tensor(shape: [2, 1, 40, 50], data: [Float](repeating: 0.8, count: 4000))
        let ts = [75, 225]
        let xt = try schedule.addNoise(x0, timesteps: ts, epsilon: noise.normal(x0.shape))
        for (n, t) in ts.enumerated() {
            let abar = schedule.alphaBarDouble[t]
            let (mean, variance) = meanAndVariance(Array(xt.data[(n * 2000)..<((n + 1) * 2000)]))
            #expect(abs(mean - abar.squareRoot() * 0.8) < 0.05, "mean at t=\(t)")
            #expect(abs(variance - (1 - abar)) < 0.08 * (1 - abar), "variance at t=\(t)")
        }
    }

    @Test func forwardNoisingIsTheFormulaPerSample() throws {
        let x0 = Tensor(shape: [2, 1, 1, 2], data: [0.5, -0.25, 1, 0])
        let eps = Tensor(shape: [2, 1, 1, 2], data: [1, 2, -1, 0.5])
        let xt = try schedule.addNoise(x0, timesteps: [0, 299], epsilon: eps)
        let a0 = schedule.alphaBarDouble[0], a1 = schedule.alphaBarDouble[299]
        let expected: [Double] = [a0.squareRoot() * 0.5 + (1 - a0).squareRoot() * 1,
                                  a0.squareRoot() * -0.25 + (1 - a0).squareRoot() * 2,
                                  a1.squareRoot() * 1 + (1 - a1).squareRoot() * -1,
                                  (1 - a1).squareRoot() * 0.5]
        for (got, want) in zip(xt.data, expected) { #expect(abs(Double(got) - want) < 1e-6) }
    }

    @Test func oneStepEstimateIsExactWithTheTrueNoise() throws {
        let noise = TestNoise(seed: 2)
        let x0 = noise.normal([3, 1, 5, 5])
        let eps = noise.normal([3, 1, 5, 5])
        let ts = [10, 150, 290]
        let xt = try schedule.addNoise(x0, timesteps: ts, epsilon: eps)
        let x0Hat = try schedule.estimateX0(xt, timesteps: ts, epsilon: eps)
        #expect(maxAbsDifference(x0Hat, x0) < 2e-4)
        // A wrong ε does not recover x₀ (the check can fail).
        let wrong = try schedule.estimateX0(xt, timesteps: ts, epsilon: noise.normal([3, 1, 5, 5]))
        #expect(maxAbsDifference(wrong, x0) > 0.1)
    }

    @Test func mismatchedInputsThrowInsteadOfCrashing() {
        let x = Tensor(zeros: [2, 1, 2, 2])
        #expect(throws: DiffusionError.batchMismatch(what: "timesteps", expected: 2, got: 1)) {
            try schedule.addNoise(x, timesteps: [5], epsilon: x)
        }
        #expect(throws: DiffusionError.timestepOutOfRange(t: 300, T: 300)) {
            try schedule.addNoise(x, timesteps: [1, 300], epsilon: x)
        }
    }
}

@Suite struct OneStepDenoisingTests {
    @Test func oneStepEstimateWithTheOptimalEpsilonIsThePosteriorMean() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let fake = GaussianFakeDenoiser(schedule: schedule, imageSize: 3, s: 0.5)
        let xt = TestNoise(seed: 23).normal([2, 1, 3, 3])
        let t = 150
        let x0Hat = try fake.oneStepDenoise(xt, t: t, guidance: .plain(.label(2)))
        // E[x₀ | x_t] for x₀ ~ N(μ, s²): μ + √ᾱ s² (x_t − √ᾱ μ) / (ᾱ s² + 1 − ᾱ).
        let abar = schedule.alphaBarDouble[t], mu = fake.mu(.label(2)), s2 = 0.25
        for (got, x) in zip(x0Hat.data, xt.data) {
            let want = mu + abar.squareRoot() * s2 * (Double(x) - abar.squareRoot() * mu) / (abar * s2 + 1 - abar)
            #expect(abs(Double(got) - want) < 1e-5)
        }
    }
}
