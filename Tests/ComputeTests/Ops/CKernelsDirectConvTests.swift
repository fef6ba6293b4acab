import Testing
import CKernels
@testable import Compute

/// DirectConv on AVX-512 (DirectConv.c) must give the Swift loops' bits in all three passes: the UNets' stem and
/// head, other kernels and paddings, odd and narrow planes, and a plane too wide for it.
@Suite struct CKernelsDirectConvTests {
    /// (in channels, out channels, height, width, kernel, padding)
    static let layers: [[Int]] = [
        [1, 4, 28, 28, 3, 1], [6, 1, 28, 28, 3, 1], [1, 3, 7, 7, 3, 1], [3, 1, 5, 9, 5, 2], [1, 2, 6, 32, 3, 1],
        [2, 1, 4, 11, 3, 0], [1, 2, 1, 1, 3, 1], [1, 2, 17, 20, 7, 3], [2, 1, 3, 33, 3, 1],
    ]

    struct Passes { var y: [Float]; var gx: [Float]; var gw: [Float] }

    static func run(_ l: [Int], portable: Bool) -> Passes {
        let (ci, co, h, w, k, p) = (l[0], l[1], l[2], l[3], l[4], l[5]), n = 3
        let g = ConvGeometry(channels: ci, height: h, width: w, kernelH: k, kernelW: k, stride: 1, padding: p)
        let seed = UInt64(l.reduce(0, +))
        let x = signedZeroMix(n * ci * h * w, seed: seed), wt = signedZeroMix(co * ci * k * k, seed: seed + 1)
        let b = signedZeroMix(co, seed: seed + 2), gy = signedZeroMix(n * co * g.outH * g.outW, seed: seed + 3)
        var out = Passes(y: [Float](repeating: .nan, count: gy.count), gx: signedZeroMix(x.count, seed: seed + 4),
                         gw: signedZeroMix(wt.count, seed: seed + 5))
        x.withUnsafeBufferPointer { xp in wt.withUnsafeBufferPointer { wp in gy.withUnsafeBufferPointer { gp in
            b.withUnsafeBufferPointer { bp in
                DirectConv.forward(xp.baseAddress!, wp.baseAddress!, bp.baseAddress!, images: n, outChannels: co, g,
                                   &out.y, portable: portable)
            }
            DirectConv.backwardInput(gp.baseAddress!, wp.baseAddress!, images: n, outChannels: co, g, &out.gx,
                                     portable: portable)
            DirectConv.backwardWeight(xp.baseAddress!, gp.baseAddress!, images: n, outChannels: co, g, &out.gw,
                                      portable: portable)
        }}}
        return out
    }

    @Test(arguments: layers)
    func allThreePassesEqualTheSwiftLoopsBitForBit(_ layer: [Int]) {
        let kernel = Self.run(layer, portable: false), portable = Self.run(layer, portable: true)
        #expect(bitDifferences(kernel.y, portable.y) == 0, "forward: \(bitDifferences(kernel.y, portable.y)) differ")
        #expect(bitDifferences(kernel.gx, portable.gx) == 0, "input gradient: \(bitDifferences(kernel.gx, portable.gx)) differ")
        #expect(bitDifferences(kernel.gw, portable.gw) == 0, "weight gradient: \(bitDifferences(kernel.gw, portable.gw)) differ")
    }

    /// The comparison above is not vacuous: on an AVX-512 CPU the kernel runs for the stem, not for a 33-wide plane.
    @Test func theKernelTakesPlanesUpTo32Wide() {
        var y = [Float](repeating: 0, count: 33 * 3)
        let w = [Float](repeating: 1, count: 9), x = [Float](repeating: 1, count: 33 * 3)
        let expected: Int32 = sitegen_bn_gelu_lanes() == 16 ? 1 : 0
        #expect(sitegen_direct_conv_forward(x, w, 0, 1, 3, 28, 3, 3, 1, &y) == expected)
        #expect(sitegen_direct_conv_forward(x, w, 0, 1, 3, 33, 3, 3, 1, &y) == 0)
        if OpenBLASCore.machineFlags.contains("avx512f") { #expect(expected == 1) }
    }
}
