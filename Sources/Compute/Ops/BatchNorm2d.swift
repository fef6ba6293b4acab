import CKernels

/// Per-channel mean and 1/sqrt(var + eps) used by the forward pass, kept for backward.
public struct BatchNormSaved: Sendable {
    public var mean: [Float]
    public var invStd: [Float]
    /// GELU'(u) at every element, kept by a BatchNorm+GELU forward that will be differentiated: it reuses the
    /// erf the forward computes anyway, so backward needs no transcendental at all (bit-identical to recomputing).
    public var geluDerivative: Tensor?
    public init(mean: [Float], invStd: [Float], geluDerivative: Tensor? = nil) {
        self.mean = mean; self.invStd = invStd; self.geluDerivative = geluDerivative
    }
}

/// Batch normalisation over N, H, W per channel (PyTorch semantics: the batch variance normalises
/// with the biased estimate, the running variance is updated with the unbiased one).
public enum BatchNorm2d {
    /// training: normalise with batch stats (biased var), update running stats in place; eval: use running stats.
    public static func forward(_ x: Tensor, gamma: Tensor, beta: Tensor, runningMean: inout Tensor, runningVar: inout Tensor,
                               training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> (Tensor, BatchNormSaved) {
        forward(x, gamma: gamma, beta: beta, runningMean: &runningMean, runningVar: &runningVar,
                training: training, momentum: momentum, eps: eps, gelu: false)
    }

    /// The forward pass, optionally followed by GELU in the same sweep over memory (BatchNormGELU);
    /// `keepDerivative` also stores GELU' for the backward pass.
    static func forward(_ x: Tensor, gamma: Tensor, beta: Tensor, runningMean: inout Tensor, runningVar: inout Tensor,
                        training: Bool, momentum: Float, eps: Float, gelu: Bool,
                        keepDerivative: Bool = false) -> (Tensor, BatchNormSaved) {
        let (n, c, plane) = dims(x, gamma, beta)
        precondition(runningMean.shape == [c] && runningVar.shape == [c],
                     "BatchNorm2d: running stats \(runningMean.shape), \(runningVar.shape) for input \(x.shape)")
        var saved = training
            ? batchStatistics(x, n: n, c: c, plane: plane, eps: eps, momentum: momentum,
                              runningMean: &runningMean, runningVar: &runningVar)
            : BatchNormSaved(mean: runningMean.data, invStd: runningVar.data.map { 1 / ($0 + eps).squareRoot() })
        var y = Tensor(uninitialized: x.shape)
        let keep = gelu && keepDerivative
        var derivative = Tensor(uninitialized: keep ? x.shape : [1])  // [1]: a pointer exists even when unused
        x.withPointer { xp in gamma.withPointer { gp in beta.withPointer { bp in y.withMutablePointer { yp in
            derivative.withMutablePointer { dp in
            saved.mean.withUnsafeBufferPointer { mp in saved.invStd.withUnsafeBufferPointer { sp in
                parallelRanges(n * c, costPerItem: plane) { range in
                    for nc in range {
                        let ch = nc % c
                        let scale = gp[ch] * sp[ch], shift = bp[ch] - mp[ch] * scale
                        let s = xp + nc * plane, d = yp + nc * plane
                        // GELU on AVX-512 / AVX2 where the CPU has them (CKernels), then eight lanes at a time
                        // (FastMathLanes), the plane's last few values on the scalar path: all bit-identical.
                        let whole = plane - plane % Lanes.scalarCount
                        if keep {
                            let g = dp + nc * plane
                            let vectorised = sitegen_bn_gelu(s, d, g, plane, scale, shift)
                            for q in stride(from: vectorised, to: whole, by: Lanes.scalarCount) {
                                let u = loadLanes(s + q) * scale + shift, e = geluErf(u)
                                storeLanes(geluValue(u, erf: e), d + q)
                                storeLanes(geluDerivative(u, erf: e), g + q)
                            }
                            for q in whole..<plane {
                                let u = s[q] * scale + shift, e = geluErf(u)
                                d[q] = geluValue(u, erf: e)
                                g[q] = geluDerivative(u, erf: e)
                            }
                        } else if gelu {
                            let vectorised = sitegen_bn_gelu(s, d, nil, plane, scale, shift)
                            for q in stride(from: vectorised, to: whole, by: Lanes.scalarCount) {
                                let u = loadLanes(s + q) * scale + shift
                                storeLanes(geluValue(u, erf: geluErf(u)), d + q)
                            }
                            for q in whole..<plane { d[q] = geluValue(s[q] * scale + shift) }
                        } else {
                            for q in 0..<plane { d[q] = s[q] * scale + shift }
                        }
                    }
                }
            }}
            }
        }}}}
        if keep { saved.geluDerivative = derivative }
        return (y, saved)
    }

    /// Adds dL/dx, dL/dgamma, dL/dbeta. In training mode the gradient flows through the batch mean and variance.
    public static func backward(_ x: Tensor, gamma: Tensor, saved: BatchNormSaved, gradOutput gy: Tensor, training: Bool,
                                gradInput gx: inout Tensor, gradGamma: inout Tensor, gradBeta: inout Tensor) {
        let (n, c, plane) = dims(x, gamma, gamma)
        precondition(gy.shape == x.shape && gx.shape == x.shape,
                     "BatchNorm2d.backward: gradOutput \(gy.shape), gradInput \(gx.shape) vs x \(x.shape)")
        precondition(gradGamma.shape == [c] && gradBeta.shape == [c],
                     "BatchNorm2d.backward: gradGamma \(gradGamma.shape), gradBeta \(gradBeta.shape) for \(c) channels")
        var sumGy = [Double](repeating: 0, count: c), sumGyXhat = [Double](repeating: 0, count: c)
        x.withPointer { xp in gy.withPointer { gyp in
            sumGy.withUnsafeMutableBufferPointer { sg in sumGyXhat.withUnsafeMutableBufferPointer { sgx in
                parallelRanges(c, costPerItem: n * plane) { range in
                    for ch in range {
                        let mean = saved.mean[ch], inv = saved.invStd[ch]
                        var a = 0.0, b = 0.0
                        for i in 0..<n {
                            let off = (i * c + ch) * plane
                            let g = gyp + off, v = xp + off
                            a += Double(laneSum(plane) { g[$0] })
                            b += Double(laneSum(plane) { g[$0] * (v[$0] - mean) })
                        }
                        sg[ch] = a; sgx[ch] = b * Double(inv)
                    }
                }
            }}
            applyGradients(xp, gyp, n: n, c: c, plane: plane, gamma: gamma, saved: saved, training: training,
                           sumGy: sumGy, sumGyXhat: sumGyXhat, gradInput: &gx, gradGamma: &gradGamma, gradBeta: &gradBeta)
        }}
    }

    /// Given per-channel sums of gy and gy*xhat, adds dL/dgamma, dL/dbeta and dL/dx
    /// (gx = gamma*inv*(gy - mean(gy) - xhat*mean(gy*xhat)) in training, gamma*inv*gy in eval).
    static func applyGradients(_ xp: UnsafePointer<Float>, _ gyp: UnsafePointer<Float>, n: Int, c: Int, plane: Int,
                               gamma: Tensor, saved: BatchNormSaved, training: Bool, sumGy: [Double], sumGyXhat: [Double],
                               gradInput gx: inout Tensor, gradGamma: inout Tensor, gradBeta: inout Tensor) {
        let count = Double(n * plane)
        // gx = gamma*inv*(gy - mean(gy) - xhat*mean(gy*xhat)) in training, gamma*inv*gy in eval
        var k0 = [Float](repeating: 0, count: c), k1 = [Float](repeating: 0, count: c), k2 = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            let inv = Double(saved.invStd[ch]), scale = Double(gamma.data[ch]) * inv
            k0[ch] = Float(scale)
            if training {
                let meanGy = sumGy[ch] / count, meanGyXhat = sumGyXhat[ch] / count
                // gx = scale*gy - scale*meanGy - scale*meanGyXhat*inv*(x - mean)
                k1[ch] = Float(scale * meanGyXhat * inv)
                k2[ch] = Float(-scale * meanGy + scale * meanGyXhat * inv * Double(saved.mean[ch]))
            }
            gradGamma.data[ch] += Float(sumGyXhat[ch])
            gradBeta.data[ch] += Float(sumGy[ch])
        }
        gx.withMutablePointer { gxp in
            parallelRanges(n * c, costPerItem: plane) { range in
                for nc in range {
                    let ch = nc % c, a = k0[ch], b = k1[ch], d = k2[ch]
                    // Pointers offset once per plane: `gxp[off + q]` would check `off + q` for overflow on every
                    // element and keep the loop scalar.
                    let gxq = gxp + nc * plane, gyq = gyp + nc * plane, xq = xp + nc * plane
                    if sitegen_bn_input_gradient(gxq, gyq, xq, plane, a, b, d) == 0 {
                        for q in 0..<plane { gxq[q] += a * gyq[q] - b * xq[q] + d }
                    }
                }
            }
        }
    }

    /// Batch mean and biased variance (two passes, Double accumulation, fixed order); updates running stats.
    static func batchStatistics(_ x: Tensor, n: Int, c: Int, plane: Int, eps: Float, momentum: Float,
                                runningMean: inout Tensor, runningVar: inout Tensor) -> BatchNormSaved {
        var mean = [Float](repeating: 0, count: c), variance = [Double](repeating: 0, count: c)
        let count = n * plane
        x.withPointer { xp in mean.withUnsafeMutableBufferPointer { mp in variance.withUnsafeMutableBufferPointer { vp in
            parallelRanges(c, costPerItem: count) { range in
                for ch in range {
                    var s = 0.0
                    for i in 0..<n {
                        let p = xp + (i * c + ch) * plane
                        s += Double(statisticSum(p, plane, mean: 0, deviations: false))
                    }
                    let m = Float(s / Double(count))
                    var v = 0.0
                    for i in 0..<n {
                        let p = xp + (i * c + ch) * plane
                        v += Double(statisticSum(p, plane, mean: m, deviations: true))
                    }
                    mp[ch] = m; vp[ch] = v / Double(count)
                }
            }
        }}}
        let unbias = count > 1 ? Double(count) / Double(count - 1) : 1
        for ch in 0..<c {
            runningMean.data[ch] = (1 - momentum) * runningMean.data[ch] + momentum * mean[ch]
            runningVar.data[ch] = (1 - momentum) * runningVar.data[ch] + momentum * Float(variance[ch] * unbias)
        }
        return BatchNormSaved(mean: mean, invStd: variance.map { Float(1 / ($0 + Double(eps)).squareRoot()) })
    }

    /// laneSum of p[q], or of (p[q] − mean)², on AVX2 where the CPU has it (the same bits either way).
    @inline(__always)
    static func statisticSum(_ p: UnsafePointer<Float>, _ count: Int, mean m: Float, deviations: Bool) -> Float {
        guard deviations else { return laneSum(p, count: count) }
        var sum: Float = 0
        if sitegen_bn_statistic_sum(p, count, m, 1, &sum) == 1 { return sum }
        return laneSum(count) { let d = p[$0] - m; return d * d }
    }

    private static func dims(_ x: Tensor, _ gamma: Tensor, _ beta: Tensor) -> (Int, Int, Int) {
        precondition(x.shape.count == 4, "BatchNorm2d: input \(x.shape) is not [N,C,H,W]")
        let c = x.shape[1]
        precondition(gamma.shape == [c] && beta.shape == [c],
                     "BatchNorm2d: gamma \(gamma.shape), beta \(beta.shape) for input \(x.shape)")
        return (x.shape[0], c, x.shape[2] * x.shape[3])
    }
}
