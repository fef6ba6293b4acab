import Testing
import CKernels
@testable import Compute

/// im2col and col2imAdd on AVX-512 (Im2Col.c) must give the Swift loops' bits: the UNets' geometries (3x3 stride 1
/// and 2, the transposed convs' 4x4 stride 2 and 7x7 stride 7) and odd, narrow and too-wide planes.
@Suite struct CKernelsIm2ColTests {
    /// (channels, height, width, kernel, stride, padding)
    static let geometries: [[Int]] = [
        [3, 28, 28, 3, 2, 1], [2, 14, 14, 3, 2, 1], [2, 28, 28, 4, 2, 1], [2, 14, 14, 4, 2, 1], [2, 7, 7, 7, 7, 0],
        [2, 28, 28, 3, 1, 1], [1, 5, 6, 3, 1, 1], [2, 32, 32, 3, 1, 1], [2, 9, 31, 4, 2, 1], [1, 1, 1, 3, 1, 1],
        [1, 3, 17, 5, 3, 2], [2, 33, 33, 3, 2, 1],
    ]

    static func geometry(_ s: [Int]) -> ConvGeometry {
        ConvGeometry(channels: s[0], height: s[1], width: s[2], kernelH: s[3], kernelW: s[3], stride: s[4], padding: s[5])
    }

    static var kernelApplies: (ConvGeometry) -> Bool = { g in
        sitegen_bn_gelu_lanes() == 16 && g.width <= 32 && g.outW <= 32
    }

    @Test(arguments: geometries)
    func im2colEqualsTheSwiftLoopsBitForBit(_ shape: [Int]) {
        let g = Self.geometry(shape), images = 3
        let x = signedZeroMix(images * g.imageSize, seed: UInt64(shape.reduce(0, +)))
        let count = g.rows * images * g.outH * g.outW
        var kernel = [Float](repeating: .nan, count: count), portable = kernel
        let done = sitegen_im2col(x, images, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.stride, g.padding,
                                  0, g.channels, &kernel)
        #expect(done == (Self.kernelApplies(g) ? 1 : 0))
        guard done == 1 else { return }
        x.withUnsafeBufferPointer { xp in portable.withUnsafeMutableBufferPointer { cp in
            im2col(xp.baseAddress!, images: images, g, cp.baseAddress!, portable: true)
        }}
        #expect(bitDifferences(kernel, portable) == 0, "\(bitDifferences(kernel, portable)) of \(count) differ")
    }

    @Test(arguments: geometries)
    func col2imAddEqualsTheSwiftLoopsBitForBit(_ shape: [Int]) {
        let g = Self.geometry(shape), images = 3
        let col = signedZeroMix(g.rows * images * g.outH * g.outW, seed: UInt64(50 + shape.reduce(0, +)))
        let start = signedZeroMix(images * g.imageSize, seed: UInt64(90 + shape.reduce(0, +)))
        var kernel = start, portable = start
        let done = sitegen_col2im_add(col, images, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.stride,
                                      g.padding, 0, g.channels, &kernel)
        #expect(done == (Self.kernelApplies(g) ? 1 : 0))
        guard done == 1 else { return }
        col.withUnsafeBufferPointer { cp in portable.withUnsafeMutableBufferPointer { xp in
            col2imAdd(cp.baseAddress!, images: images, g, xp.baseAddress!, portable: true)
        }}
        #expect(bitDifferences(kernel, portable) == 0, "\(bitDifferences(kernel, portable)) of \(start.count) differ")
    }

    /// On a CPU whose flags list AVX-512 the kernels run, so the comparisons above are not vacuous.
    @Test func aCPUWithAVX512UsesTheKernels() {
        if OpenBLASCore.machineFlags.contains("avx512f") { #expect(sitegen_bn_gelu_lanes() == 16) }
    }
}
