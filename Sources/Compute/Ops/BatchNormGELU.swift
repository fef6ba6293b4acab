/// GELU(BatchNorm2d(x)) as one op: same semantics as the pair, one less tensor stored and fewer sweeps
/// over memory. Backward recomputes the normalised value from x and the saved statistics.
public enum BatchNormGELU {
    public static func forward(_ x: Tensor, gamma: Tensor, beta: Tensor, runningMean: inout Tensor, runningVar: inout Tensor,
                               training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> (Tensor, BatchNormSaved) {
        BatchNorm2d.forward(x, gamma: gamma, beta: beta, runningMean: &runningMean, runningVar: &runningVar,
                            training: training, momentum: momentum, eps: eps, gelu: true)
    }

    /// Adds dL/dx, dL/dgamma, dL/dbeta; `saved` is what `forward` returned.
    public static func backward(_ x: Tensor, gamma: Tensor, beta: Tensor, saved: BatchNormSaved, gradOutput gy: Tensor,
                                training: Bool, gradInput gx: inout Tensor, gradGamma: inout Tensor, gradBeta: inout Tensor) {
        let c = gamma.count
        precondition(x.shape.count == 4 && x.shape[1] == c && beta.shape == [c] && gy.shape == x.shape,
                     "BatchNormGELU.backward: x \(x.shape), gamma \(gamma.shape), beta \(beta.shape), gradOutput \(gy.shape)")
        let plane = x.shape[2] * x.shape[3], n = x.shape[0]
        var gh = Tensor(uninitialized: x.shape)   // dL/d(BatchNorm output)
        x.withPointer { xp in gy.withPointer { gp in gamma.withPointer { gmp in beta.withPointer { bp in
            gh.withMutablePointer { hp in
                parallelRanges(n * c, costPerItem: plane * 8) { range in
                    for nc in range {
                        let ch = nc % c
                        let scale = gmp[ch] * saved.invStd[ch], shift = bp[ch] - saved.mean[ch] * scale
                        let off = nc * plane
                        for q in 0..<plane { hp[off + q] = gp[off + q] * geluDerivative(xp[off + q] * scale + shift) }
                    }
                }
            }
        }}}}
        BatchNorm2d.backward(x, gamma: gamma, saved: saved, gradOutput: gh, training: training,
                             gradInput: &gx, gradGamma: &gradGamma, gradBeta: &gradBeta)
    }
}
