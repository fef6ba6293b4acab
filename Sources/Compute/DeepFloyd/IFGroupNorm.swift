/// `torch.nn.GroupNorm` forward on `[B, C, ...]`: per sample and group of C/groups channels, normalise with the
/// biased variance over those channels and all positions, then scale and shift per channel. Statistics are
/// accumulated in Double (two passes) so large groups (4096 positions x 40 channels) lose no digits.
/// An activation can be fused, as every resnet applies one right after its norms.
enum IFGroupNorm {
    static func forward(_ x: Tensor, groups: Int, eps: Float, weight: Tensor, bias: Tensor,
                        activation: IFActivation? = nil) -> Tensor {
        let b = x.shape[0], c = x.shape[1]
        let plane = x.count / max(b * c, 1)
        precondition(c % groups == 0 && weight.count == c && bias.count == c,
                     "IFGroupNorm: \(c) channels, \(groups) groups, weight \(weight.shape)")
        let per = c / groups, span = per * plane
        var y = Tensor(uninitialized: x.shape)
        x.withPointer { xp in weight.withPointer { wp in bias.withPointer { bp in y.withMutablePointer { yp in
            parallelRanges(b * groups, costPerItem: span * 4) { range in
                for bg in range {
                    let base = bg * span
                    var sum = 0.0
                    for i in 0..<span { sum += Double(xp[base + i]) }
                    let mean = sum / Double(span)
                    var sq = 0.0
                    for i in 0..<span { let d = Double(xp[base + i]) - mean; sq += d * d }
                    let inv = 1 / (sq / Double(span) + Double(eps)).squareRoot()
                    let g = bg % groups
                    for cc in 0..<per {
                        let ch = g * per + cc
                        let scale = Float(inv) * wp[ch], shift = bp[ch] - Float(mean) * scale
                        let o = base + cc * plane
                        if let activation {
                            for i in 0..<plane { yp[o + i] = activation(xp[o + i] * scale + shift) }
                        } else {
                            for i in 0..<plane { yp[o + i] = xp[o + i] * scale + shift }
                        }
                    }
                }
            }
        }}}}
        return y
    }
}
