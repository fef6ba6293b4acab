/// Winograd F(2x2, 3x3) for the 3x3, stride-1, padding-1 convolutions that carry most of the UNets' FLOPs.
///
/// Each 2x2 output tile is computed from a 4x4 input tile as Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, so a layer becomes 16
/// GEMMs over the transformed tiles with 16/36 of the multiplications of im2col + GEMM, and no 9x unfolded
/// matrix goes through memory. Backward-input is the same convolution with the kernels transposed and rotated;
/// backward-weight is the exact adjoint of the forward in the transformed domain (gU = gM·Vᵀ per position,
/// then gW = Gᵀ gU G). Results differ from im2col only by Float32 rounding (the transforms add, subtract and halve).
enum Winograd3x3 {
    /// Narrow layers keep im2col: their GEMMs are too thin for 16 of them to pay for the transforms. So do
    /// small batches of small planes: each of the 16 GEMMs would pack its whole co x ci matrix for a few tiles.
    static func applies(_ g: ConvGeometry, images n: Int, outChannels co: Int) -> Bool {
        guard g.kernelH == 3 && g.kernelW == 3 && g.stride == 1 && g.padding == 1,
              min(g.channels, co) >= minimumChannels else { return false }
        let t = Tiling(height: g.height, width: g.width)
        return imagesPerChunk(t, total: n) * t.tiles >= minimumTilesPerChunk
    }
    /// Measured with `sitegen deepfloyd bench`: 128–512 all beat im2col on IF; below, its 8x8 and 16x16 layers slowed.
    static let minimumTilesPerChunk = 256
    /// Measured with `sitegen bench --config class:16:64`: at 8+ channels the quick profile's step is 10–14 % faster.
    static let minimumChannels = 8

    /// Tiles of one image, and the workspace the transforms stage one plane in.
    struct Tiling {
        let height, width, tilesH, tilesW: Int
        init(height: Int, width: Int) {
            self.height = height; self.width = width
            tilesH = (height + 1) / 2; tilesW = (width + 1) / 2
        }
        var tiles: Int { tilesH * tilesW }
        /// Floats per even or odd half-row of a staged plane: one per tile column, one more for the right
        /// neighbour, and room for a whole vector beyond the last tile.
        var half: Int { tilesW + 1 + Vec.scalarCount }
        /// A staged plane: the padded input has 2·tilesH + 2 rows, each an even and an odd half-row.
        var workspace: Int { (2 * tilesH + 2) * 2 * half }
    }

    /// Tiles per chunk so a chunk's 16 GEMMs stay cache-friendly yet wide; at least one chunk per thread.
    static func imagesPerChunk(_ t: Tiling, total: Int) -> Int {
        let perThread = (total + computeThreads - 1) / computeThreads
        return max(1, min(perThread, targetTiles / max(t.tiles, 1)))
    }
    /// 512, 1024 and 2048 measured within 3 % of each other at D = 64, batch 128.
    static let targetTiles = 1024

    /// How `convolve` (forward and backward-input) splits each chunk further, so that its 16 transformed planes
    /// stay in the core's cache between the transform, the GEMMs and the inverse transform: sub-chunks of about
    /// `subChunkTiles` tiles. Measured with `sitegen bench --layers --config class:64:128` (forward + backward,
    /// best of three): 64->64 @28 131-141 -> 123-127 ms, 128->64 @28 260-276 -> 242-259 ms. (One-image chunks were
    /// faster still, 104-115 ms, but fall under the bound below.)
    ///
    /// The bits must stay those of whole chunks (trained models are cached by their arithmetic). A GEMM's sums
    /// run over channels, not tiles, so its width does not matter, except that OpenBLAS computes GEMMs of up
    /// to ~10⁶ multiply-adds with another kernel (another summation order), whose results also depend on the
    /// width. So a chunk is split only into sub-chunks that all stay above that bound, and a chunk already
    /// below it is left whole. A test checks every layer shape of every profile.
    static func subChunkSizes(images m: Int, tiles: Int, inChannels ci: Int, outChannels co: Int) -> [Int] {
        let macsPerImage = co * ci * tiles
        guard macsPerImage * m > regularKernelMACs else { return [m] }
        let fewest = regularKernelMACs / macsPerImage + 1, wanted = max(1, subChunkTiles / tiles)
        let parts = max(1, m / max(fewest, wanted))
        return (0..<parts).map { m * ($0 + 1) / parts - m * $0 / parts }
    }
    static let subChunkTiles = 392
    /// OpenBLAS's small-matrix bound (10⁶ multiply-adds) with a margin.
    static let regularKernelMACs = 1_250_000

    // MARK: forward

    /// y[n, co] = conv3x3(x, w) + bias, for x [n, ci, H, W]; `accumulate` adds into y instead.
    static func convolve(_ x: UnsafePointer<Float>, images n: Int, inChannels ci: Int, height: Int, width: Int,
                         transformedWeights u: UnsafePointer<Float>, outChannels co: Int, bias: UnsafePointer<Float>?,
                         accumulate: Bool, splitChunks: Bool = true, _ y: UnsafeMutablePointer<Float>) {
        let t = Tiling(height: height, width: width), plane = height * width
        forEachChunk(images: n, inChannels: ci, outChannels: co, t, split: splitChunks) { _, n0, images, cols, v, m, work in
            transformInput(x + n0 * ci * plane, images: images, channels: ci, t, columns: cols, work, v)
            for xi in 0..<16 {
                sgemm(m: co, n: cols, k: ci, a: u + xi * co * ci, lda: ci, b: v + xi * ci * cols, ldb: cols,
                      beta: 0, c: m + xi * co * cols, ldc: cols)
            }
            transformOutput(m, images: images, channels: co, t, columns: cols, bias: bias, accumulate: accumulate,
                            work, y + n0 * co * plane)
        }
    }

    /// Splits the batch into chunks of whole images, a fixed run of chunks per worker, and hands each chunk
    /// (worker, first image, images, tile columns) with the worker's buffers: room for 16·ci and 16·co values per
    /// tile, and the plane workspace.
    /// With `split`, each chunk is handed over in the sub-chunks of `subChunkSizes`.
    static func forEachChunk(images n: Int, inChannels ci: Int, outChannels co: Int, _ t: Tiling, split: Bool = false,
                             _ body: (Int, Int, Int, Int, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
                                      UnsafeMutablePointer<Float>) -> Void) {
        let chunk = imagesPerChunk(t, total: n), p = chunk * t.tiles
        parallelWorkers((n + chunk - 1) / chunk) { worker, mine in
            withScratch(16 * (ci + co) * p + t.workspace) { scratch in
                for k in mine {
                    var n0 = k * chunk
                    let images = min(chunk, n - n0)
                    let parts = split ? subChunkSizes(images: images, tiles: t.tiles, inChannels: ci, outChannels: co)
                                      : [images]
                    for m in parts {
                        // Sub-chunks pack their planes at the sub-chunk's width, from the start of the buffers.
                        body(worker, n0, m, m * t.tiles, scratch, scratch + 16 * ci * m * t.tiles,
                             scratch + 16 * (ci + co) * p)
                        n0 += m
                    }
                }
            }
        }
    }

    /// Workers `forEachChunk` uses for a batch of n images.
    static func workers(images n: Int, _ t: Tiling) -> Int {
        let chunk = imagesPerChunk(t, total: n)
        return min(computeThreads, (n + chunk - 1) / chunk)
    }

    /// U[ξ][o][i] = (G w[o,i] Gᵀ)[ξ] for w [co, ci, 3, 3]. With `transposed`, the kernels of the backward-input
    /// convolution: U[ξ][i][o] from w[o,i] rotated by 180°.
    static func transformWeights(_ w: UnsafePointer<Float>, outChannels co: Int, inChannels ci: Int, transposed: Bool,
                                 _ u: UnsafeMutablePointer<Float>) {
        let count = co * ci
        // Every kernel is transformed on its own, so the threads' split does not matter to the bits.
        parallelRanges(co, costPerItem: 40 * ci) { outputs in
            for o in outputs {
                for i in 0..<ci {
                    let g = w + (o * ci + i) * 9
                    @inline(__always) func k(_ q: Int) -> Float { transposed ? g[8 - q] : g[q] }
                    let dst = transposed ? i * co + o : o * ci + i
                    // Row r of G g (4x3), then that row times Gᵀ: (a, (a + b + c)/2, (a - b + c)/2, c).
                    @inline(__always) func emit(_ r: Int, _ a: Float, _ b: Float, _ c: Float) {
                        u[(r * 4 + 0) * count + dst] = a
                        u[(r * 4 + 1) * count + dst] = 0.5 * (a + b + c)
                        u[(r * 4 + 2) * count + dst] = 0.5 * (a - b + c)
                        u[(r * 4 + 3) * count + dst] = c
                    }
                    @inline(__always) func middle(_ sign: Float, _ c: Int) -> Float { 0.5 * (k(c) + sign * k(3 + c) + k(6 + c)) }
                    emit(0, k(0), k(1), k(2))
                    emit(1, middle(1, 0), middle(1, 1), middle(1, 2))
                    emit(2, middle(-1, 0), middle(-1, 1), middle(-1, 2))
                    emit(3, k(6), k(7), k(8))
                }
            }
        }
    }

    // MARK: backward-weight

    /// gW[o,i] += Gᵀ (Σ_tiles gM[o] ⊙ V[i]) G, where gM = A gY Aᵀ is the adjoint of the output transform.
    static func addWeightGradient(_ x: UnsafePointer<Float>, _ gy: UnsafePointer<Float>, images n: Int,
                                  inChannels ci: Int, outChannels co: Int, height: Int, width: Int,
                                  _ gw: UnsafeMutablePointer<Float>) {
        let t = Tiling(height: height, width: width), plane = height * width
        let workers = workers(images: n, t), uCount = 16 * co * ci
        withScratch(workers * uCount) { partials in
            partials.update(repeating: 0, count: workers * uCount)
            forEachChunk(images: n, inChannels: ci, outChannels: co, t) { w, n0, images, cols, v, gm, work in
                transformInput(x + n0 * ci * plane, images: images, channels: ci, t, columns: cols, work, v)
                transformOutputAdjoint(gy + n0 * co * plane, images: images, channels: co, t, columns: cols, work, gm)
                for xi in 0..<16 {
                    sgemm(transB: true, m: co, n: ci, k: cols, a: gm + xi * co * cols, lda: cols,
                          b: v + xi * ci * cols, ldb: cols, beta: 1, c: partials + w * uCount + xi * co * ci, ldc: ci)
                }
            }
            withScratch(uCount) { gu in
                gu.update(repeating: 0, count: uCount)
                addPartials(partials, workers: workers, count: uCount, gu)
                untransformWeightGradient(gu, outChannels: co, inChannels: ci, gw)
            }
        }
    }

    /// gW[o,i] += Gᵀ gU[o,i] G, the adjoint of `transformWeights`.
    static func untransformWeightGradient(_ gu: UnsafePointer<Float>, outChannels co: Int, inChannels ci: Int,
                                          _ gw: UnsafeMutablePointer<Float>) {
        let count = co * ci
        parallelRanges(count, costPerItem: 40) { kernels in
            for q in kernels {
                // Column c of Gᵀ gU (3x4): (e0 + (e1 + e2)/2, (e1 - e2)/2, (e1 + e2)/2 + e3) from column c of gU.
                @inline(__always) func column(_ c: Int) -> (Float, Float, Float) {
                    let e0 = gu[c * count + q], e1 = gu[(4 + c) * count + q]
                    let e2 = gu[(8 + c) * count + q], e3 = gu[(12 + c) * count + q]
                    return (e0 + 0.5 * (e1 + e2), 0.5 * (e1 - e2), 0.5 * (e1 + e2) + e3)
                }
                let c0 = column(0), c1 = column(1), c2 = column(2), c3 = column(3)
                let g = gw + q * 9
                // Row r of (Gᵀ gU) G: the same combination across the four columns.
                @inline(__always) func row(_ r: Int, _ e0: Float, _ e1: Float, _ e2: Float, _ e3: Float) {
                    g[r * 3] += e0 + 0.5 * (e1 + e2)
                    g[r * 3 + 1] += 0.5 * (e1 - e2)
                    g[r * 3 + 2] += 0.5 * (e1 + e2) + e3
                }
                row(0, c0.0, c1.0, c2.0, c3.0)
                row(1, c0.1, c1.1, c2.1, c3.1)
                row(2, c0.2, c1.2, c2.2, c3.2)
            }
        }
    }
}
