import CKernels

/// GELU(BatchNorm2d(x)) as one op: same semantics as the pair, one less tensor stored and fewer sweeps
/// over memory. Backward recomputes the normalised value from x and the saved statistics.
public enum BatchNormGELU {
    public static func forward(_ x: Tensor, gamma: Tensor, beta: Tensor, runningMean: inout Tensor, runningVar: inout Tensor,
                               training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> (Tensor, BatchNormSaved) {
        BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &runningMean, runningVar: &runningVar,
                            training: training, momentum: momentum, eps: eps, gelu: true, keepDerivative: training)
    }

    /// Adds dL/dx, dL/dgamma, dL/dbeta; `saved` is what `forward` returned.
    public static func backward(_ x: Tensor, gamma: Tensor, beta: Tensor, saved: BatchNormSaved, gradOutput gy: Tensor,
                                training: Bool, gradInput gx: inout Tensor, gradGamma: inout Tensor, gradBeta: inout Tensor) {
        let c = gamma.count
        precondition(x.shape.count == 4 && x.shape[1] == c && beta.shape == [c] && gy.shape == x.shape,
                     "BatchNormGELU.backward: x \(x.shape), gamma \(gamma.shape), beta \(beta.shape), gradOutput \(gy.shape)")
        let plane = x.shape[2] * x.shape[3], n = x.shape[0]
        var gh = Tensor(uninitialized: x.shape)   // dL/d(BatchNorm output)
        var sumGy = [Double](repeating: 0, count: c), sumGyXhat = [Double](repeating: 0, count: c)
        // One sweep per channel: GELU derivative, then both sums while the plane is still in cache.
        let haveKept = saved.geluDerivative?.shape == x.shape
        let kept = haveKept ? saved.geluDerivative! : Tensor(zeros: [1])
        x.withPointer { xp in gy.withPointer { gp in gamma.withPointer { gmp in beta.withPointer { bp in
            kept.withPointer { kp in
            gh.withMutablePointer { hp in
                sumGy.withUnsafeMutableBufferPointer { sg in sumGyXhat.withUnsafeMutableBufferPointer { sgx in
                    parallelRanges(c, costPerItem: n * plane * 8) { range in
                        for ch in range {
                            let mean = saved.mean[ch], inv = saved.invStd[ch]
                            let scale = gmp[ch] * inv, shift = bp[ch] - mean * scale
                            var a = 0.0, b = 0.0
                            for i in 0..<n {
                                let off = (i * c + ch) * plane
                                let h = hp + off, v = xp + off, g = gp + off
                                if haveKept {
                                    let k = kp + off
                                    var sumH: Float = 0, sumHX: Float = 0
                                    if sitegen_bn_gelu_backward_sweep(g, k, v, h, plane, mean, &sumH, &sumHX) == 1 {
                                        a += Double(sumH); b += Double(sumHX)
                                        continue
                                    }
                                    for q in 0..<plane { h[q] = g[q] * k[q] }
                                } else {
                                    for q in 0..<plane { h[q] = g[q] * geluDerivative(v[q] * scale + shift) }
                                }
                                a += Double(laneSum(plane) { h[$0] })
                                b += Double(laneSum(plane) { h[$0] * (v[$0] - mean) })
                            }
                            sg[ch] = a; sgx[ch] = b * Double(inv)
                        }
                    }
                }}
            }
            }
        }}}}
        x.withPointer { xp in gh.withPointer { hp in
            BatchNorm2d.applyGradients(xp, hp, n: n, c: c, plane: plane, gamma: gamma, saved: saved, training: training,
                                       sumGy: sumGy, sumGyXhat: sumGyXhat, gradInput: &gx, gradGamma: &gradGamma,
                                       gradBeta: &gradBeta)
        }}
    }
}
