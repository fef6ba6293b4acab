import Testing
@testable import Compute

/// Winograd F(2x2,3x3) kernels called directly (Conv2d only routes wide layers with many tiles to them), against
/// the Float64 direct-loop definition: odd and even sizes, planes narrower than one vector of tiles, several chunks.
@Suite struct Winograd3x3Tests {
    static let shapes: [[Int]] = [[2, 8, 5, 6], [3, 9, 7, 7], [2, 3, 1, 1], [1, 4, 2, 17], [21, 8, 28, 28], [5, 16, 14, 14]]

    struct Result { var y: Tensor; var gx: Tensor; var gw: Tensor }

    /// Forward, dL/dx and dL/dw for L = Σ gy ⊙ conv(x, w) through the Winograd kernels only.
    static func winograd(_ x: Tensor, _ w: Tensor, _ b: Tensor, _ gy: Tensor) -> Result {
        let (n, ci, h, wd, co) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], w.shape[0])
        var y = Tensor(zeros: [n, co, h, wd]), gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape)
        var u = Tensor(zeros: [16 * co * ci]), ut = Tensor(zeros: [16 * co * ci])
        w.withPointer { wp in
            u.withMutablePointer { Winograd3x3.transformWeights(wp, outChannels: co, inChannels: ci, transposed: false, $0) }
            ut.withMutablePointer { Winograd3x3.transformWeights(wp, outChannels: co, inChannels: ci, transposed: true, $0) }
        }
        x.withPointer { xp in u.withPointer { up in b.withPointer { bp in y.withMutablePointer { yp in
            Winograd3x3.convolve(xp, images: n, inChannels: ci, height: h, width: wd, transformedWeights: up,
                                 outChannels: co, bias: bp, accumulate: false, yp)
        }}}}
        gy.withPointer { gyp in
            ut.withPointer { up in gx.withMutablePointer { gxp in
                Winograd3x3.convolve(gyp, images: n, inChannels: co, height: h, width: wd, transformedWeights: up,
                                     outChannels: ci, bias: nil, accumulate: true, gxp)
            }}
            x.withPointer { xp in gw.withMutablePointer { gwp in
                Winograd3x3.addWeightGradient(xp, gyp, images: n, inChannels: ci, outChannels: co, height: h, width: wd, gwp)
            }}
        }
        return Result(y: y, gx: gx, gw: gw)
    }

    @Test(arguments: shapes)
    func forwardAndBothGradientsMatchTheDirectDefinition(_ shape: [Int]) {
        var rng = SplitMix64(seed: 7)
        let co = 5
        let x = rng.tensor(shape), w = rng.tensor([co, shape[1], 3, 3]), b = rng.tensor([co])
        let gy = rng.tensor([shape[0], co, shape[2], shape[3]])
        let r = Self.winograd(x, w, b, gy)
        let y = Reference.conv2d(x.doubles, x.shape, w.doubles, w.shape, b.doubles, stride: 1, padding: 1)
        let grads = Reference.conv2dGradients(x.doubles, x.shape, w.doubles, w.shape, gy.doubles)
        #expect(relativeError(r.y.data, y) < 1e-5)
        #expect(relativeError(r.gx.data, grads.input) < 1e-5)
        #expect(relativeError(r.gw.data, grads.weight) < 1e-5)
    }

    /// Bᵀ d B for one tile, written out in scalars in the order the kernel's comments give; any restaging of the
    /// vector code must keep exactly these sums (trained models are cached by their bits).
    static func transformedTile(_ d: [[Float]]) -> [Float] {
        var rows: [[Float]] = []   // rows[j] = column j of Bᵀ d
        for j in 0..<4 {
            let (d0, d1, d2, d3): (Float, Float, Float, Float) = (d[0][j], d[1][j], d[2][j], d[3][j])
            rows.append([d0 - d2, d1 + d2, d2 - d1, d1 - d3])
        }
        var out: [Float] = []
        for r in 0..<4 {
            let (c0, c1, c2, c3): (Float, Float, Float, Float) = (rows[0][r], rows[1][r], rows[2][r], rows[3][r])
            out += [c0 - c2, c1 + c2, c2 - c1, c1 - c3]
        }
        return out
    }

    @Test(arguments: [[2, 3, 28, 28], [3, 2, 14, 14], [5, 2, 7, 7], [2, 3, 5, 6], [1, 2, 2, 17], [2, 1, 1, 1]])
    func inputTransformGivesTheBitsOfItsScalarDefinition(_ shape: [Int]) {
        var rng = SplitMix64(seed: 11)
        let (n, ci, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let x = rng.tensor(shape), t = Winograd3x3.Tiling(height: h, width: w), columns = n * t.tiles
        var v = [Float](repeating: .nan, count: 16 * ci * columns), work = [Float](repeating: .nan, count: t.workspace)
        x.withPointer { xp in v.withUnsafeMutableBufferPointer { vp in work.withUnsafeMutableBufferPointer { wp in
            Winograd3x3.transformInput(xp, images: n, channels: ci, t, columns: columns, wp.baseAddress!, vp.baseAddress!)
        }}}
        var differing = 0
        for img in 0..<n {
            for c in 0..<ci {
                for ty in 0..<t.tilesH {
                    for tx in 0..<t.tilesW {
                        let d = (0..<4).map { i in (0..<4).map { j -> Float in
                            let r = 2 * ty - 1 + i, q = 2 * tx - 1 + j
                            return (0..<h).contains(r) && (0..<w).contains(q) ? x.data[((img * ci + c) * h + r) * w + q] : 0
                        }}
                        let tile = (img * t.tiles) + ty * t.tilesW + tx
                        for (xi, value) in Self.transformedTile(d).enumerated()
                        where v[xi * ci * columns + c * columns + tile].bitPattern != value.bitPattern {
                            differing += 1
                        }
                    }
                }
            }
        }
        #expect(differing == 0, "\(differing) of \(v.count) transformed values differ")
    }

    @Test func gradientsAreAddedIntoWhatIsThere() {
        var rng = SplitMix64(seed: 8)
        let x = rng.tensor([2, 8, 6, 6]), w = rng.tensor([5, 8, 3, 3]), b = rng.tensor([5]), gy = rng.tensor([2, 5, 6, 6])
        let once = Self.winograd(x, w, b, gy)
        var gw = once.gw
        x.withPointer { xp in gy.withPointer { gyp in gw.withMutablePointer { gwp in
            Winograd3x3.addWeightGradient(xp, gyp, images: 2, inChannels: 8, outChannels: 5, height: 6, width: 6, gwp)
        }}}
        #expect(relativeError(gw.data, once.gw.doubles.map { 2 * $0 }) < 1e-6)
    }

    /// Every Winograd layer the profiles train and sample, as (images, in, size, out): forward and the transposed
    /// backward-input convolution, full and last (60,000 mod batch) batches, CFG sampling batches.
    static let profileLayers: [[Int]] = {
        func layers(_ d: Int, batches: [Int]) -> [[Int]] {
            batches.flatMap { n in
                [[n, d, 28, d], [n, 2 * d, 28, d], [n, d, 28, 2 * d], [n, d, 14, d], [n, 2 * d, 7, 2 * d]]
            }
        }
        return layers(64, batches: [128, 96, 40, 80]) + layers(128, batches: [256, 96]) + layers(16, batches: [64, 40, 80])
    }()

    @Test func chunksSplitOnlyIntoSubChunksAboveOpenBLASsSmallMatrixBound() {
        // D = 64 at 28x28: five images (980 tiles) -> 2 + 3; one image (803k multiply-adds) stays whole.
        #expect(Winograd3x3.subChunkSizes(images: 5, tiles: 196, inChannels: 64, outChannels: 64) == [2, 3])
        #expect(Winograd3x3.subChunkSizes(images: 1, tiles: 196, inChannels: 64, outChannels: 64) == [1])
        // D = 16: every chunk is below the bound, so nothing is split.
        #expect(Winograd3x3.subChunkSizes(images: 5, tiles: 196, inChannels: 32, outChannels: 16) == [5])
        for m in 1...64 {
            let parts = Winograd3x3.subChunkSizes(images: m, tiles: 49, inChannels: 64, outChannels: 64)
            #expect(parts.reduce(0, +) == m)
            #expect(parts.count == 1 || parts.allSatisfy { $0 * 49 * 64 * 64 > Winograd3x3.regularKernelMACs })
        }
    }

    /// `convolve` splits chunks for speed alone, so it must give the bits the training runs' cached models were
    /// made with. Its GEMMs sum over channels, never across tiles, but OpenBLAS switches to another kernel
    /// (another summation order) for GEMMs under about 10⁶ multiply-adds: chunks of 196 tiles put the 64-channel
    /// layers there and changed 1.8 % of their outputs. Checked on every shape the profiles run.
    @Test(arguments: profileLayers)
    func convolveGivesTheBitsOfTheWeightGradientsChunking(_ shape: [Int]) {
        var rng = SplitMix64(seed: 9)
        let (n, ci, size, co) = (shape[0], shape[1], shape[2], shape[3])
        let x = rng.tensor([n, ci, size, size]), wt = rng.tensor([co, ci, 3, 3]), b = rng.tensor([co])
        var u = Tensor(zeros: [16 * co * ci])
        wt.withPointer { wp in
            u.withMutablePointer { Winograd3x3.transformWeights(wp, outChannels: co, inChannels: ci, transposed: false, $0) }
        }
        func run(split: Bool) -> [Float] {
            var y = Tensor(zeros: [n, co, size, size])
            x.withPointer { xp in u.withPointer { up in b.withPointer { bp in y.withMutablePointer { yp in
                Winograd3x3.convolve(xp, images: n, inChannels: ci, height: size, width: size, transformedWeights: up,
                                     outChannels: co, bias: bp, accumulate: false, splitChunks: split, yp)
            }}}}
            return y.data
        }
        let y = run(split: true), reference = run(split: false)
        let differing = zip(y, reference).filter { $0.0.bitPattern != $0.1.bitPattern }.count
        #expect(differing == 0, "\(differing) of \(y.count) values differ")
    }

    @Test func conv2dRoutesOnlyWideLayersWithManyTilesToWinograd() {
        func geometry(_ c: Int, _ size: Int, kernel: Int = 3, stride: Int = 1) -> ConvGeometry {
            ConvGeometry(channels: c, height: size, width: size, kernelH: kernel, kernelW: kernel, stride: stride, padding: 1)
        }
        // The quick and full UNets' 3x3 layers at their training batches.
        #expect(Winograd3x3.applies(geometry(16, 28), images: 64, outChannels: 16))
        #expect(Winograd3x3.applies(geometry(128, 7), images: 128, outChannels: 128))
        // The stem and head (one channel), strided convolutions, other kernels.
        #expect(!Winograd3x3.applies(geometry(1, 28), images: 64, outChannels: 16))
        #expect(!Winograd3x3.applies(geometry(64, 28, stride: 2), images: 128, outChannels: 64))
        #expect(!Winograd3x3.applies(geometry(64, 28, kernel: 1), images: 128, outChannels: 64))
        // DeepFloyd's 8x8 layers at one CFG pair: a few tiles per chunk, so im2col.
        #expect(!Winograd3x3.applies(geometry(1280, 8), images: 2, outChannels: 1280))
    }
}
