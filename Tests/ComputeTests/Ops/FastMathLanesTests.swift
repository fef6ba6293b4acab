import Testing
@testable import Compute

/// The eight-lane GELU must be the scalar one bit for bit: trained models and cached figures depend on it.
func geluTestInputs() -> [Float] {
    var rng = SplitMix64(seed: 77)
    var xs: [Float] = [0, -0, 1, -1, 0.927734375 * 2.0.squareRoot().float, -1.3120, 1.3121, 5, -5, 9, -9, 13, -13,
                       20, -20, 40, -40, 200, -200, 1e-30, -1e-30, 1e-45, -1e-45, .greatestFiniteMagnitude,
                       -.greatestFiniteMagnitude, .infinity, -.infinity]
    for scale: Float in [0.01, 0.5, 1, 2, 4, 8, 30] {
        xs += rng.tensor([4000], scale: Double(scale)).data
    }
    // Around erf's branch point |x/√2| = 0.927734375 and exp's clamps, one ulp at a time.
    for centre: Float in [1.3120, -1.3120, 13.2, -13.2] {
        var v = centre
        for _ in 0..<200 { xs.append(v); v = v.nextUp }
    }
    return xs + [Float](repeating: 0.25, count: (8 - xs.count % 8) % 8)
}

private extension Double { var float: Float { Float(self) } }

@Test func eightLaneGELUEqualsTheScalarBitForBit() {
    let xs = geluTestInputs()
    var mismatches: [String] = []
    for start in stride(from: 0, to: xs.count, by: 8) {
        let v = Lanes((0..<8).map { xs[start + $0] })
        let e = geluErf(v)
        let value = geluValue(v, erf: e), derivative = geluDerivative(v, erf: e)
        for k in 0..<8 {
            let x = xs[start + k], se = geluErf(x)
            if value[k].bitPattern != geluValue(x, erf: se).bitPattern
                || derivative[k].bitPattern != geluDerivative(x, erf: se).bitPattern {
                mismatches.append("x = \(x): lanes \(value[k]), \(derivative[k]); scalar \(geluValue(x, erf: se)), \(geluDerivative(x, erf: se))")
            }
        }
    }
    let differing = mismatches.count   // not the array itself: #expect would print every mismatch
    #expect(differing == 0, "\(differing) of \(xs.count) differ, e.g. \(mismatches.prefix(3))")
}

@Test func batchNormGELUForwardMatchesTheScalarPathOnEveryPlaneSize() {
    // Planes of 49 and 196 leave a scalar tail after the eight-lane body; both must agree with the scalar GELU.
    for plane in [(7, 7), (14, 14), (1, 3), (4, 2)] {
        var rng = SplitMix64(seed: 78)
        let x = rng.tensor([2, 3, plane.0, plane.1], scale: 3)
        let gamma = rng.tensor([3]), beta = rng.tensor([3])
        var rm = Tensor(zeros: [3]), rv = Tensor(shape: [3], repeating: 1)
        let (y, saved) = BatchNormGELU.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: true)
        var rm2 = Tensor(zeros: [3]), rv2 = Tensor(shape: [3], repeating: 1)
        let (u, _) = BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &rm2, runningVar: &rv2, training: true)
        #expect(y.data.map(\.bitPattern) == u.data.map { geluValue($0).bitPattern }, "plane \(plane)")
        #expect(saved.geluDerivative!.data.map(\.bitPattern) == u.data.map { geluDerivative($0).bitPattern }, "plane \(plane)")
        // Evaluation mode takes the value-only loop.
        let (ye, _) = BatchNormGELU.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: false)
        let (ue, _) = BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv, training: false)
        #expect(ye.data.map(\.bitPattern) == ue.data.map { geluValue($0).bitPattern }, "plane \(plane), eval")
    }
}
