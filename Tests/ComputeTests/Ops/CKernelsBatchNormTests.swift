import Testing
import CKernels
@testable import Compute

/// BatchNorm's AVX2 sweeps in C must give the Swift loops' bits: backward's h = gy · GELU′ with the two
/// `laneSum`s its gradient is built from, the batch statistics' sums, and the input gradient.
@Suite struct CKernelsBatchNormTests {
    /// Plane sizes of the UNets (28², 14², 7², 1) and lengths around the eight-lane boundary.
    @Test(arguments: [784, 196, 49, 1, 0, 7, 8, 9, 15, 16, 17, 1000])
    func sweepEqualsTheSwiftSweepBitForBit(_ count: Int) {
        var rng = SplitMix64(seed: UInt64(40 + count))
        let gy = (0..<count).map { _ in Float(rng.uniform()) }
        let kept = (0..<count).map { _ in Float(rng.uniform() * 0.6 + 0.5) }
        let x = (0..<count).map { _ in Float(rng.uniform() * 3) }
        let mean: Float = 0.137
        var h = [Float](repeating: .nan, count: count), sumH: Float = .nan, sumHX: Float = .nan
        let done = sitegen_bn_gelu_backward_sweep(gy, kept, x, &h, count, mean, &sumH, &sumHX)
        #expect(done == (sitegen_bn_gelu_lanes() >= 8 ? 1 : 0))
        guard done == 1 else { return }
        let expected = (0..<count).map { gy[$0] * kept[$0] }
        let a = laneSum(count) { expected[$0] }, b = laneSum(count) { expected[$0] * (x[$0] - mean) }
        let differing = zip(h, expected).filter { $0.0.bitPattern != $0.1.bitPattern }.count
        #expect(differing == 0, "\(differing) of \(count) products differ")
        #expect(sumH.bitPattern == a.bitPattern, "Σh: kernel \(sumH), laneSum \(a)")
        #expect(sumHX.bitPattern == b.bitPattern, "Σh(x − mean): kernel \(sumHX), laneSum \(b)")
    }

    /// On this machine: a CPU whose flags list AVX2 runs the C sweeps (so the bit comparisons above are not
    /// vacuous), and a one-value plane gives its product and both sums.
    @Test func aCPUWithAVX2UsesTheSweep() {
        var h: [Float] = [0], sumH: Float = 0, sumHX: Float = 0
        let done = sitegen_bn_gelu_backward_sweep([1], [2], [3], &h, 1, 0, &sumH, &sumHX)
        #expect(done == (sitegen_bn_gelu_lanes() >= 8 ? 1 : 0))
        if OpenBLASCore.machineFlags.contains("avx2") { #expect(done == 1) }
        if done == 1 { #expect(h == [2] && sumH == 2 && sumHX == 6) }
    }

    @Test(arguments: [784, 196, 49, 1, 0, 7, 8, 9, 1000])
    func statisticSumsEqualLaneSumBitForBit(_ count: Int) {
        var rng = SplitMix64(seed: UInt64(60 + count))
        let x = (0..<count).map { _ in Float(rng.uniform() * 4 + 0.5) }
        let mean: Float = 0.43
        var sum: Float = .nan, deviations: Float = .nan
        let done = sitegen_bn_statistic_sum(x, count, 0, 0, &sum) + sitegen_bn_statistic_sum(x, count, mean, 1, &deviations)
        #expect(done == (sitegen_bn_gelu_lanes() >= 8 ? 2 : 0))
        guard done == 2 else { return }
        let s = laneSum(count) { x[$0] }, v = laneSum(count) { let d = x[$0] - mean; return d * d }
        #expect(sum.bitPattern == s.bitPattern, "Σx: kernel \(sum), laneSum \(s)")
        #expect(deviations.bitPattern == v.bitPattern, "Σ(x − mean)²: kernel \(deviations), laneSum \(v)")
        // Swift's own paths through `statisticSum` and the pointer `laneSum` (bias gradients) give the same.
        x.withUnsafeBufferPointer { p in
            if let base = p.baseAddress {
                #expect(BatchNorm2d.statisticSum(base, count, mean: mean, deviations: true).bitPattern == v.bitPattern)
                #expect(laneSum(base, count: count).bitPattern == s.bitPattern)
            }
        }
    }

    @Test(arguments: [784, 49, 9, 1])
    func inputGradientEqualsTheSwiftExpressionBitForBit(_ count: Int) {
        var rng = SplitMix64(seed: UInt64(80 + count))
        let gy = (0..<count).map { _ in Float(rng.uniform()) }, x = (0..<count).map { _ in Float(rng.uniform() * 3) }
        let start = (0..<count).map { _ in Float(rng.uniform()) }
        let (a, b, d): (Float, Float, Float) = (1.37, 0.021, -0.18)
        var gx = start
        let done = sitegen_bn_input_gradient(&gx, gy, x, count, a, b, d)
        #expect(done == (sitegen_bn_gelu_lanes() >= 8 ? 1 : 0))
        guard done == 1 else { return }
        let expected = (0..<count).map { q -> Float in var g = start[q]; g += a * gy[q] - b * x[q] + d; return g }
        let differing = zip(gx, expected).filter { $0.0.bitPattern != $0.1.bitPattern }.count
        #expect(differing == 0, "\(differing) of \(count) differ")
    }
}
