/// 2-D convolution, PyTorch semantics and layouts. Each chunk of images is unfolded (im2col) into one
/// matrix so the whole chunk is a single GEMM; backward-input is the GEMM's transpose folded back (col2im).
/// Single-channel stride-1 layers use `DirectConv`, wide 3x3 stride-1 layers `Winograd3x3`.
public enum Conv2d {
    /// x [N,Ci,H,W], weight [Co,Ci,kH,kW], bias [Co] -> [N,Co,Ho,Wo]
    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int) -> Tensor {
        let (g, n, co) = geometry(x, weight, stride: stride, padding: padding)
        if let bias { precondition(bias.shape == [co], "Conv2d: bias \(bias.shape) for weight \(weight.shape)") }
        let plane = g.outH * g.outW
        var y = Tensor(uninitialized: [n, co, g.outH, g.outW])
        let chunk = imagesPerChunk(plane: plane, total: n)
        x.withPointer { xp in weight.withPointer { wp in y.withMutablePointer { yp in
            bias.withOptionalPointer { bp in
                if DirectConv.applies(inChannels: g.channels, outChannels: co, stride: stride) {
                    DirectConv.forward(xp, wp, bp, images: n, outChannels: co, g, yp)
                    return
                }
                if Winograd3x3.applies(g, images: n, outChannels: co) {
                    withScratch(16 * co * g.channels) { u in
                        Winograd3x3.transformWeights(wp, outChannels: co, inChannels: g.channels, transposed: false, u)
                        Winograd3x3.convolve(xp, images: n, inChannels: g.channels, height: g.height, width: g.width,
                                             transformedWeights: u, outChannels: co, bias: bp, accumulate: false, yp)
                    }
                    return
                }
                let chunks = (n + chunk - 1) / chunk
                parallelWorkers(chunks) { _, mine in
                    withScratch(g.rows * chunk * plane + co * chunk * plane) { scratch in
                        let col = scratch, out = scratch + g.rows * chunk * plane
                        for k in mine {
                            let n0 = k * chunk, m = min(chunk, n - n0), cols = m * plane
                            im2col(xp + n0 * g.imageSize, images: m, g, col, threads: 1)
                            sgemm(m: co, n: cols, k: g.rows, a: wp, lda: g.rows, b: col, ldb: cols,
                                  beta: 0, c: out, ldc: cols)
                            scatterChannelMajor(out, images: m, channels: co, plane: plane, bias: bp,
                                                accumulate: false, yp + n0 * co * plane, threads: 1)
                        }
                    }
                }
            }
        }}}
        return y
    }

    /// Adds dL/dx (if `computeInput`), dL/dweight and dL/dbias into the given buffers.
    public static func backward(_ x: Tensor, weight: Tensor, gradOutput gy: Tensor, stride: Int, padding: Int,
                                gradInput gx: inout Tensor, gradWeight gw: inout Tensor, gradBias gb: inout Tensor,
                                computeInput: Bool) {
        let (g, n, co) = geometry(x, weight, stride: stride, padding: padding)
        precondition(gy.shape == [n, co, g.outH, g.outW], "Conv2d.backward: gradOutput \(gy.shape) for x \(x.shape), weight \(weight.shape)")
        precondition(gw.shape == weight.shape, "Conv2d.backward: gradWeight \(gw.shape) vs weight \(weight.shape)")
        precondition(gb.shape == [co], "Conv2d.backward: gradBias \(gb.shape) vs \(co) channels")
        if computeInput { precondition(gx.shape == x.shape, "Conv2d.backward: gradInput \(gx.shape) vs x \(x.shape)") }
        let plane = g.outH * g.outW
        let chunk = imagesPerChunk(plane: plane, total: n)
        x.withPointer { xp in weight.withPointer { wp in gy.withPointer { gyp in
            gw.withMutablePointer { gwp in
                gb.withMutablePointer { gbp in addChannelSums(gyp, images: n, channels: co, plane: plane, gbp) }
                if DirectConv.applies(inChannels: g.channels, outChannels: co, stride: stride) {
                    DirectConv.backwardWeight(xp, gyp, images: n, outChannels: co, g, gwp)
                    if computeInput {
                        gx.withMutablePointer { gxp in DirectConv.backwardInput(gyp, wp, images: n, outChannels: co, g, gxp) }
                    }
                    return
                }
                if Winograd3x3.applies(g, images: n, outChannels: co) {
                    Winograd3x3.addWeightGradient(xp, gyp, images: n, inChannels: g.channels, outChannels: co,
                                                  height: g.height, width: g.width, gwp)
                    guard computeInput else { return }
                    withScratch(16 * co * g.channels) { u in
                        Winograd3x3.transformWeights(wp, outChannels: co, inChannels: g.channels, transposed: true, u)
                        gx.withMutablePointer { gxp in
                            Winograd3x3.convolve(gyp, images: n, inChannels: co, height: g.height, width: g.width,
                                                 transformedWeights: u, outChannels: g.channels, bias: nil,
                                                 accumulate: true, gxp)
                        }
                    }
                    return
                }
                let colSize = g.rows * chunk * plane, chunks = (n + chunk - 1) / chunk
                let workers = min(computeThreads, chunks), gwCount = weight.count
                func run(_ gxp: UnsafeMutablePointer<Float>?) {
                withScratch(workers * gwCount) { partials in
                    partials.update(repeating: 0, count: workers * gwCount)
                    parallelWorkers(chunks) { w, mine in
                        withScratch(colSize * (computeInput ? 2 : 1) + co * chunk * plane) { scratch in
                            let col = scratch, gyc = scratch + colSize, gcol = gyc + co * chunk * plane
                            for k in mine {
                                let n0 = k * chunk, m = min(chunk, n - n0), cols = m * plane
                                gatherChannelMajor(gyp + n0 * co * plane, images: m, channels: co, plane: plane, gyc,
                                                   threads: 1)
                                im2col(xp + n0 * g.imageSize, images: m, g, col, threads: 1)
                                sgemm(transB: true, m: co, n: g.rows, k: cols, a: gyc, lda: cols, b: col, ldb: cols,
                                      beta: 1, c: partials + w * gwCount, ldc: g.rows)
                                if let gxp {
                                    sgemm(transA: true, m: g.rows, n: cols, k: co, a: wp, lda: g.rows, b: gyc, ldb: cols,
                                          beta: 0, c: gcol, ldc: cols)
                                    col2imAdd(gcol, images: m, g, gxp + n0 * g.imageSize, threads: 1)
                                }
                            }
                        }
                    }
                    addPartials(partials, workers: workers, count: gwCount, gwp)
                }
                }
                if computeInput { gx.withMutablePointer { run($0) } } else { run(nil) }
            }
        }}}
    }

    private static func geometry(_ x: Tensor, _ w: Tensor, stride: Int, padding: Int) -> (ConvGeometry, Int, Int) {
        precondition(x.shape.count == 4 && w.shape.count == 4 && x.shape[1] == w.shape[1],
                     "Conv2d: input \(x.shape) does not match weight \(w.shape)")
        precondition(stride >= 1 && padding >= 0, "Conv2d: stride \(stride), padding \(padding)")
        let g = ConvGeometry(channels: x.shape[1], height: x.shape[2], width: x.shape[3],
                             kernelH: w.shape[2], kernelW: w.shape[3], stride: stride, padding: padding)
        precondition(g.outH >= 1 && g.outW >= 1, "Conv2d: kernel \(w.shape) larger than padded input \(x.shape)")
        return (g, x.shape[0], w.shape[0])
    }
}
