import Testing
import Foundation
import CKernels
@testable import Compute

/// The AVX2 / AVX-512 BatchNorm+GELU kernel must give the scalar Swift code's bits: trained models and cached
/// figures depend on them, whichever CPU computed them.
@Suite struct CKernelsGELUTests {
    /// Each width this CPU supports (a wider one is skipped: the kernel returns 0 and the check is vacuous).
    @Test(arguments: [8, 16], [(Float(1), Float(0)), (1.7, -0.3), (0.05, 2.5)])
    func vectorKernelEqualsTheScalarGELUBitForBit(_ lanes: Int, _ affine: (Float, Float)) {
        let (scale, shift) = affine
        let xs = geluTestInputs() + [1, 2, 3]   // a length no vector width divides
        var y = [Float](repeating: .nan, count: xs.count), d = y
        let done = sitegen_bn_gelu_width(Int32(lanes), xs, &y, &d, xs.count, scale, shift)
        let supported = lanes <= Int(sitegen_bn_gelu_lanes())
        #expect(done == (supported ? xs.count - xs.count % lanes : 0))
        var mismatches: [String] = []
        for q in 0..<done {
            let u = xs[q] * scale + shift
            if y[q].bitPattern != geluValue(u).bitPattern || d[q].bitPattern != geluDerivative(u).bitPattern {
                mismatches.append("x = \(xs[q]): kernel \(y[q]), \(d[q]); scalar \(geluValue(u)), \(geluDerivative(u))")
            }
        }
        let differing = mismatches.count
        #expect(differing == 0, "\(differing) of \(done) differ, e.g. \(mismatches.prefix(3))")
        let untouched = y[done...].allSatisfy { $0.isNaN }
        #expect(untouched, "values past the returned count are the caller's")
    }

    @Test func withoutADerivativeBufferOnlyValuesAreWritten() {
        let xs = geluTestInputs()
        var y = [Float](repeating: .nan, count: xs.count)
        let done = sitegen_bn_gelu(xs, &y, nil, xs.count, 1, 0)
        let equal = (0..<done).allSatisfy { y[$0].bitPattern == geluValue(xs[$0]).bitPattern }
        #expect(done > 0 || sitegen_bn_gelu_lanes() == 0)
        #expect(equal)
    }

    /// On this machine: a CPU whose flags list AVX2 runs the vector kernel, so the tests above check it.
    @Test func aCPUWithAVX2UsesTheVectorKernel() {
        let flags = OpenBLASCore.machineFlags
        if flags.contains("avx512f") {
            #expect(sitegen_bn_gelu_lanes() == 16)
        } else if flags.contains("avx2") {
            #expect(sitegen_bn_gelu_lanes() == 8)
        }
    }
}
