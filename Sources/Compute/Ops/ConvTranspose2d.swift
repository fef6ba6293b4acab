/// Transposed convolution (PyTorch semantics, output_padding 0), computed as the exact adjoint of a
/// Conv2d from the output space: forward = GEMM + col2im, backward-input = im2col + GEMM.
public enum ConvTranspose2d {
    /// x [N,Ci,H,W], weight [Ci,Co,kH,kW], bias [Co] -> [N,Co,(H-1)s-2p+kH,(W-1)s-2p+kW]
    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int) -> Tensor {
        let (g, n, ci) = geometry(x, weight, stride: stride, padding: padding)
        let co = g.channels
        if let bias { precondition(bias.shape == [co], "ConvTranspose2d: bias \(bias.shape) for weight \(weight.shape)") }
        let plane = g.outH * g.outW   // input spatial size
        var y = Tensor(zeros: [n, co, g.height, g.width])
        let chunk = imagesPerChunk(plane: plane, total: n)
        x.withPointer { xp in weight.withPointer { wp in y.withMutablePointer { yp in
            let chunks = (n + chunk - 1) / chunk
            parallelWorkers(chunks) { _, mine in
                withScratch(ci * chunk * plane + g.rows * chunk * plane) { scratch in
                    let xc = scratch, col = scratch + ci * chunk * plane
                    for k in mine {
                        let n0 = k * chunk, m = min(chunk, n - n0), cols = m * plane
                        gatherChannelMajor(xp + n0 * ci * plane, images: m, channels: ci, plane: plane, xc, threads: 1)
                        sgemm(transA: true, m: g.rows, n: cols, k: ci, a: wp, lda: g.rows, b: xc, ldb: cols,
                              beta: 0, c: col, ldc: cols)
                        col2imAdd(col, images: m, g, yp + n0 * g.imageSize, threads: 1)
                    }
                }
            }
            if let bias {
                bias.withPointer { bp in addBias(bp, images: n, channels: co, plane: g.height * g.width, yp) }
            }
        }}}
        return y
    }

    /// Adds dL/dx (if `computeInput`), dL/dweight and dL/dbias into the given buffers.
    public static func backward(_ x: Tensor, weight: Tensor, gradOutput gy: Tensor, stride: Int, padding: Int,
                                gradInput gx: inout Tensor, gradWeight gw: inout Tensor, gradBias gb: inout Tensor,
                                computeInput: Bool) {
        let (g, n, ci) = geometry(x, weight, stride: stride, padding: padding)
        let co = g.channels
        precondition(gy.shape == [n, co, g.height, g.width], "ConvTranspose2d.backward: gradOutput \(gy.shape) for x \(x.shape), weight \(weight.shape)")
        precondition(gw.shape == weight.shape, "ConvTranspose2d.backward: gradWeight \(gw.shape) vs weight \(weight.shape)")
        precondition(gb.shape == [co], "ConvTranspose2d.backward: gradBias \(gb.shape) vs \(co) channels")
        if computeInput { precondition(gx.shape == x.shape, "ConvTranspose2d.backward: gradInput \(gx.shape) vs x \(x.shape)") }
        let plane = g.outH * g.outW
        let chunk = imagesPerChunk(plane: plane, total: n)
        x.withPointer { xp in weight.withPointer { wp in gy.withPointer { gyp in gw.withMutablePointer { gwp in
            gb.withMutablePointer { gbp in addChannelSums(gyp, images: n, channels: co, plane: g.height * g.width, gbp) }
            let colSize = g.rows * chunk * plane, chunks = (n + chunk - 1) / chunk
            let workers = min(computeThreads, chunks), gwCount = weight.count
            func run(_ gxp: UnsafeMutablePointer<Float>?) {
                withScratch(workers * gwCount) { partials in
                    partials.update(repeating: 0, count: workers * gwCount)
                    parallelWorkers(chunks) { w, mine in
                        withScratch(colSize + 2 * ci * chunk * plane) { scratch in
                            let col = scratch, xc = scratch + colSize, gxc = xc + ci * chunk * plane
                            for k in mine {
                                let n0 = k * chunk, m = min(chunk, n - n0), cols = m * plane
                                im2col(gyp + n0 * g.imageSize, images: m, g, col, threads: 1)
                                gatherChannelMajor(xp + n0 * ci * plane, images: m, channels: ci, plane: plane, xc,
                                                   threads: 1)
                                sgemm(transB: true, m: ci, n: g.rows, k: cols, a: xc, lda: cols, b: col, ldb: cols,
                                      beta: 1, c: partials + w * gwCount, ldc: g.rows)
                                if let gxp {
                                    sgemm(m: ci, n: cols, k: g.rows, a: wp, lda: g.rows, b: col, ldb: cols,
                                          beta: 0, c: gxc, ldc: cols)
                                    scatterChannelMajor(gxc, images: m, channels: ci, plane: plane, bias: nil,
                                                        accumulate: true, gxp + n0 * ci * plane, threads: 1)
                                }
                            }
                        }
                    }
                    addPartials(partials, workers: workers, count: gwCount, gwp)
                }
            }
            if computeInput { gx.withMutablePointer { run($0) } } else { run(nil) }
        }}}}
    }

    /// The geometry of the adjoint convolution (output space -> input space), batch size and Ci.
    private static func geometry(_ x: Tensor, _ w: Tensor, stride: Int, padding: Int) -> (ConvGeometry, Int, Int) {
        precondition(x.shape.count == 4 && w.shape.count == 4 && x.shape[1] == w.shape[0],
                     "ConvTranspose2d: input \(x.shape) does not match weight \(w.shape)")
        precondition(stride >= 1 && padding >= 0, "ConvTranspose2d: stride \(stride), padding \(padding)")
        let oh = (x.shape[2] - 1) * stride - 2 * padding + w.shape[2]
        let ow = (x.shape[3] - 1) * stride - 2 * padding + w.shape[3]
        precondition(oh >= 1 && ow >= 1, "ConvTranspose2d: empty output for input \(x.shape), weight \(w.shape)")
        let g = ConvGeometry(channels: w.shape[1], height: oh, width: ow, kernelH: w.shape[2], kernelW: w.shape[3],
                             stride: stride, padding: padding)
        precondition(g.outH == x.shape[2] && g.outW == x.shape[3], "ConvTranspose2d: geometry mismatch")
        return (g, x.shape[0], x.shape[1])
    }

    private static func addBias(_ b: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                                _ y: UnsafeMutablePointer<Float>) {
        parallelRanges(images * channels, costPerItem: plane) { range in
            for nc in range {
                let v = b[nc % channels], d = y + nc * plane
                for q in 0..<plane { d[q] += v }
            }
        }
    }
}
