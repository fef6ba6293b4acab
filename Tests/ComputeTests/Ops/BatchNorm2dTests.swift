import Testing
import Compute

private func parameters(_ c: Int, _ rng: inout SplitMix64) -> (Tensor, Tensor) {
    (Tensor(shape: [c], data: (0..<c).map { _ in Float(1 + 0.5 * rng.uniform()) }), rng.tensor([c]))
}

@Test func batchNormTrainingNormalisesWithBatchStatistics() {
    var rng = SplitMix64(seed: 21)
    let x = rng.tensor([3, 4, 5, 3], scale: 2)
    let (gamma, beta) = parameters(4, &rng)
    var rm = Tensor(zeros: [4]), rv = Tensor(shape: [4], repeating: 1)
    let (y, saved) = BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: true)
    let ref = Reference.batchNorm(x.doubles, x.shape, gamma: gamma.doubles, beta: beta.doubles)
    #expect(relativeError(y.data, ref) < 1e-5)
    let stats = Reference.batchStatistics(x.doubles, x.shape)
    #expect(relativeError(saved.mean, stats.mean) < 1e-6)
    #expect(relativeError(saved.invStd, stats.variance.map { 1 / ($0 + 1e-5).squareRoot() }) < 1e-5)
}

@Test func batchNormUpdatesRunningStatisticsWithUnbiasedVariance() {
    var rng = SplitMix64(seed: 22)
    let x = rng.tensor([2, 3, 4, 2], scale: 3)
    let (gamma, beta) = parameters(3, &rng)
    let rm0 = rng.tensor([3]), rv0 = Tensor(shape: [3], data: [0.5, 1.5, 2])
    var rm = rm0, rv = rv0
    _ = BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: true, momentum: 0.1)
    let stats = Reference.batchStatistics(x.doubles, x.shape)
    let m = 2.0 * 4 * 2
    #expect(relativeError(rm.data, (0..<3).map { 0.9 * Double(rm0.data[$0]) + 0.1 * stats.mean[$0] }) < 1e-6)
    #expect(relativeError(rv.data, (0..<3).map { 0.9 * Double(rv0.data[$0]) + 0.1 * stats.variance[$0] * m / (m - 1) }) < 1e-6)
}

@Test func batchNormEvalUsesRunningStatisticsAndLeavesThemAlone() {
    var rng = SplitMix64(seed: 23)
    let x = rng.tensor([2, 3, 3, 3])
    let (gamma, beta) = parameters(3, &rng)
    var rm = rng.tensor([3]), rv = Tensor(shape: [3], data: [0.7, 1.3, 2.2])
    let (rm0, rv0) = (rm, rv)
    let (y, _) = BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: false)
    let ref = Reference.batchNorm(x.doubles, x.shape, gamma: gamma.doubles, beta: beta.doubles,
                                  stats: (rm0.doubles, rv0.doubles))
    #expect(relativeError(y.data, ref) < 1e-5)
    #expect(rm == rm0 && rv == rv0)
}

@Test(arguments: [true, false])
func batchNormBackwardMatchesFiniteDifferences(training: Bool) {
    var rng = SplitMix64(seed: training ? 24 : 25)
    let x = rng.tensor([3, 2, 4, 3], scale: 2)
    let (gamma, beta) = parameters(2, &rng)
    var rm = rng.tensor([2]), rv = Tensor(shape: [2], data: [0.8, 1.7])
    let stats = (rm.doubles, rv.doubles)
    let (y, saved) = BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: training)
    let r = rng.tensor(y.shape)
    var gx = Tensor(zeros: x.shape), gg = Tensor(zeros: [2]), gb = Tensor(zeros: [2])
    BatchNorm2d.backward(x, gamma: gamma, saved: saved, gradOutput: r, training: training,
                         gradInput: &gx, gradGamma: &gg, gradBeta: &gb)
    func loss(_ x: [Double], _ g: [Double], _ b: [Double]) -> Double {
        weightedSum(r.doubles, Reference.batchNorm(x, [3, 2, 4, 3], gamma: g, beta: b, stats: training ? nil : stats))
    }
    expectGradient(gx, matches: numericGradient(x.doubles) { loss($0, gamma.doubles, beta.doubles) }, "dL/dx")
    expectGradient(gg, matches: numericGradient(gamma.doubles) { loss(x.doubles, $0, beta.doubles) }, "dL/dgamma")
    expectGradient(gb, matches: numericGradient(beta.doubles) { loss(x.doubles, gamma.doubles, $0) }, "dL/dbeta")
}

@Test func batchNormBackwardAddsIntoGradients() {
    var rng = SplitMix64(seed: 26)
    let x = rng.tensor([2, 3, 4, 4]), gy = rng.tensor([2, 3, 4, 4])
    let (gamma, beta) = parameters(3, &rng)
    var rm = Tensor(zeros: [3]), rv = Tensor(shape: [3], repeating: 1)
    let (_, saved) = BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: true)
    var once = (Tensor(zeros: x.shape), Tensor(zeros: [3]), Tensor(zeros: [3]))
    BatchNorm2d.backward(x, gamma: gamma, saved: saved, gradOutput: gy, training: true,
                         gradInput: &once.0, gradGamma: &once.1, gradBeta: &once.2)
    var twice = once
    BatchNorm2d.backward(x, gamma: gamma, saved: saved, gradOutput: gy, training: true,
                         gradInput: &twice.0, gradGamma: &twice.1, gradBeta: &twice.2)
    #expect(once.0.data.contains { $0 != 0 })
    #expect(relativeError(twice.0.data, once.0.doubles.map { 2 * $0 }) < 1e-6)
    #expect(relativeError(twice.1.data, once.1.doubles.map { 2 * $0 }) < 1e-6)
    #expect(relativeError(twice.2.data, once.2.doubles.map { 2 * $0 }) < 1e-6)
}

@Test(arguments: [true, false])
func batchNormGELUEqualsTheUnfusedPair(training: Bool) {
    var rng = SplitMix64(seed: 27)
    let x = rng.tensor([3, 4, 5, 6], scale: 2), gy = rng.tensor([3, 4, 5, 6])
    let (gamma, beta) = parameters(4, &rng)
    var rm1 = rng.tensor([4]), rv1 = Tensor(shape: [4], data: [0.5, 1, 1.5, 2])
    var (rm2, rv2) = (rm1, rv1)
    let (h, saved1) = BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &rm1, runningVar: &rv1, training: training)
    let y1 = GELU.forward(h)
    let (y2, saved2) = BatchNormGELU.forward(x, gamma: gamma, beta: beta, runningMean: &rm2, runningVar: &rv2, training: training)
    #expect(relativeError(y2.data, y1.doubles) < 1e-6)
    #expect(rm1 == rm2 && rv1 == rv2)
    var gh = Tensor(zeros: x.shape), gx1 = Tensor(zeros: x.shape), gg1 = Tensor(zeros: [4]), gb1 = Tensor(zeros: [4])
    GELU.backward(h, gradOutput: gy, gradInput: &gh)
    BatchNorm2d.backward(x, gamma: gamma, saved: saved1, gradOutput: gh, training: training,
                         gradInput: &gx1, gradGamma: &gg1, gradBeta: &gb1)
    var gx2 = Tensor(zeros: x.shape), gg2 = Tensor(zeros: [4]), gb2 = Tensor(zeros: [4])
    for _ in 0..<2 {   // twice, so the comparison also checks that it adds
        BatchNormGELU.backward(x, gamma: gamma, beta: beta, saved: saved2, gradOutput: gy, training: training,
                               gradInput: &gx2, gradGamma: &gg2, gradBeta: &gb2)
    }
    #expect(gx1.data.contains { $0 != 0 })
    #expect(relativeError(gx2.data, gx1.doubles.map { 2 * $0 }) < 1e-5)
    #expect(relativeError(gg2.data, gg1.doubles.map { 2 * $0 }) < 1e-5)
    #expect(relativeError(gb2.data, gb1.doubles.map { 2 * $0 }) < 1e-5)
}

/// A training forward keeps GELU' so backward needs no erf or exp; the gradients must be the very bits the
/// recomputing backward gives, or trained weights (and the published figures) would change.
@Test func batchNormGELUKeptDerivativeGivesBitIdenticalGradients() {
    var rng = SplitMix64(seed: 31)
    let x = rng.tensor([4, 3, 7, 7], scale: 3), gy = rng.tensor([4, 3, 7, 7])
    let (gamma, beta) = parameters(3, &rng)
    var rm = Tensor(zeros: [3]), rv = Tensor(shape: [3], repeating: 1)
    let (_, kept) = BatchNormGELU.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: true)
    #expect(kept.geluDerivative?.shape == x.shape)
    var recomputed = kept
    recomputed.geluDerivative = nil
    var grads: [[Float]] = []
    for saved in [kept, recomputed] {
        var gx = Tensor(zeros: x.shape), gg = Tensor(zeros: [3]), gb = Tensor(zeros: [3])
        BatchNormGELU.backward(x, gamma: gamma, beta: beta, saved: saved, gradOutput: gy, training: true,
                               gradInput: &gx, gradGamma: &gg, gradBeta: &gb)
        grads.append(gx.data + gg.data + gb.data)
    }
    #expect(grads[0].contains { $0 != 0 })
    #expect(grads[0] == grads[1])
}
