import Testing
import CKernels
@testable import Compute

/// Winograd's AVX-512 and AVX2 tile transforms in C must give the portable Swift transforms' bits (trained models are cached
/// by their arithmetic): every plane width the kernels take, odd and even heights, signed zeros, bias and accumulate.
@Suite struct CKernelsWinogradTilesTests {
    /// (images, channels, height, width): every width from 1 to 32, with heights that are odd, even and 1.
    static let shapes: [[Int]] = (1...32).map { w in [1 + w % 3, 1 + w % 2, [1, 2, 7, 14, 28, 5][w % 6], w] }

    @Test(arguments: shapes)
    func inputTransformEqualsThePortableOneBitForBit(_ shape: [Int]) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let t = Winograd3x3.Tiling(height: h, width: w), columns = n * t.tiles
        let x = signedZeroMix(n * c * h * w, seed: UInt64(w))
        var portable = [Float](repeating: .nan, count: 16 * c * columns)
        var work = [Float](repeating: .nan, count: t.workspace)
        x.withUnsafeBufferPointer { xp in work.withUnsafeMutableBufferPointer { wp in
            Winograd3x3.transformInputPortable(xp.baseAddress!, images: n, channels: c, t, columns: columns,
                                               wp.baseAddress!, &portable)
        }}
        // AVX-512, and AVX2 for CPUs without it: each width this CPU has.
        for (lanes, has) in Self.widths {
            var kernel = [Float](repeating: .nan, count: portable.count)
            let done = sitegen_winograd_input_width(Int32(lanes), x, n, c, h, w, columns, &kernel)
            #expect(done == (w <= 30 && has ? 1 : 0), "\(lanes) lanes")
            guard done == 1 else { continue }
            let diff = bitDifferences(kernel, portable)
            #expect(diff == 0, "\(lanes) lanes: \(diff) of \(kernel.count) differ")
        }
    }

    @Test(arguments: shapes)
    func outputAdjointEqualsThePortableOneBitForBit(_ shape: [Int]) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let t = Winograd3x3.Tiling(height: h, width: w), columns = n * t.tiles
        let gy = signedZeroMix(n * c * h * w, seed: UInt64(100 + w))
        var portable = [Float](repeating: .nan, count: 16 * c * columns)
        var work = [Float](repeating: .nan, count: t.workspace)
        gy.withUnsafeBufferPointer { gp in work.withUnsafeMutableBufferPointer { wp in
            Winograd3x3.transformOutputAdjointPortable(gp.baseAddress!, images: n, channels: c, t, columns: columns,
                                                       wp.baseAddress!, &portable)
        }}
        for (lanes, has) in Self.widths {
            var kernel = [Float](repeating: .nan, count: portable.count)
            let done = sitegen_winograd_output_adjoint_width(Int32(lanes), gy, n, c, h, w, columns, &kernel)
            #expect(done == (has ? 1 : 0), "\(lanes) lanes")
            guard done == 1 else { continue }
            let diff = bitDifferences(kernel, portable)
            #expect(diff == 0, "\(lanes) lanes: \(diff) of \(kernel.count) differ")
        }
    }

    @Test(arguments: shapes)
    func outputTransformEqualsThePortableOneBitForBit(_ shape: [Int]) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let t = Winograd3x3.Tiling(height: h, width: w), columns = n * t.tiles
        let m = signedZeroMix(16 * c * columns, seed: UInt64(200 + w)), bias = signedZeroMix(c, seed: UInt64(300 + w))
        let start = signedZeroMix(n * c * h * w, seed: UInt64(400 + w))
        var work = [Float](repeating: .nan, count: t.workspace)
        for (withBias, accumulate) in [(false, false), (true, false), (true, true), (false, true)] {
        for (lanes, has) in Self.widths {
            var kernel = accumulate ? start : [Float](repeating: .nan, count: start.count), portable = kernel
            let done = bias.withUnsafeBufferPointer { bp in
                sitegen_winograd_output_width(Int32(lanes), m, n, c, h, w, columns, withBias ? bp.baseAddress : nil,
                                              accumulate ? 1 : 0, &kernel)
            }
            #expect(done == (has ? 1 : 0), "\(lanes) lanes")
            guard done == 1 else { continue }
            m.withUnsafeBufferPointer { mp in bias.withUnsafeBufferPointer { bp in work.withUnsafeMutableBufferPointer { wp in
                Winograd3x3.transformOutputPortable(mp.baseAddress!, images: n, channels: c, t, columns: columns,
                                                    bias: withBias ? bp.baseAddress : nil, accumulate: accumulate,
                                                    wp.baseAddress!, &portable)
            }}}
            let diff = bitDifferences(kernel, portable)
            #expect(diff == 0, "\(lanes) lanes, bias \(withBias), accumulate \(accumulate): \(diff) of \(kernel.count) differ")
        }}
    }

    static var hasAVX512: Bool { OpenBLASCore.machineFlags.contains("avx512f") }
    static var hasAVX2: Bool { OpenBLASCore.machineFlags.contains("avx2") }
    /// The kernels' vector widths, and whether this CPU has each.
    static var widths: [(Int, Bool)] { [(16, hasAVX512), (8, hasAVX2)] }

    /// Wider planes (DeepFloyd's) stay on the Swift path; the kernels do nothing to them.
    @Test func planesWiderThanTheVectorsAreLeftToSwift() {
        var v = [Float](repeating: 7, count: 16 * 16 * 2)
        #expect(sitegen_winograd_input([Float](repeating: 1, count: 31 * 2), 1, 1, 2, 31, 16, &v) == 0)
        #expect(sitegen_winograd_output_adjoint([Float](repeating: 1, count: 33 * 2), 1, 1, 2, 33, 17, &v) == 0)
        #expect(v.allSatisfy { $0 == 7 })
    }
}
