import Foundation

/// The attention of IF's SimpleCrossAttn blocks (diffusers `Attention` + `AttnAddedKVProcessor`): image tokens
/// attend, in ONE softmax, over the text keys/values (`add_k_proj`/`add_v_proj` of the group-normed text)
/// followed by their own keys/values. Group norm on the image, residual added, no rescale.
enum IFAddedKVAttention {
    /// x [B, C, H, W], text [B, L, Cx] (after `encoder_hid_proj`) -> [B, C, H, W]
    static func forward(_ layers: IFLayers, _ spec: IFUNetLayout.Attention, _ x: Tensor, text: Tensor) throws -> Tensor {
        let (b, c, n) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
        let l = text.shape[1]
        let p = spec.prefix
        var e = text
        if layers.config.crossAttentionNorm == "group_norm" {
            // GroupNorm(32 groups) over the text channels with statistics over group x tokens.
            e = transpose(try layers.groupNorm("\(p).norm_cross", transpose(text), groups: 32, eps: 1e-5))
        }
        let hn = transpose(try layers.groupNorm("\(p).group_norm", x, groups: layers.config.normNumGroups, eps: 1e-5)
            .ifReshaped([b, c, n]))                                                   // [B, N, C]
        let q = try layers.linear("\(p).to_q", hn)
        let keys = concatTokens(try layers.linear("\(p).add_k_proj", e), try layers.linear("\(p).to_k", hn))
        let values = concatTokens(try layers.linear("\(p).add_v_proj", e), try layers.linear("\(p).to_v", hn))
        let heads = spec.heads, dh = c / heads, s = l + n
        let scale = 1 / Float(Double(dh).squareRoot())
        var o = Tensor(uninitialized: [b, n, c])
        q.withPointer { qp in keys.withPointer { kp in values.withPointer { vp in o.withMutablePointer { op in
            parallelRanges(b * heads, costPerItem: 1 << 20) { range in
                withScratch(n * s) { scores in
                    for bh in range {
                        let (bi, h) = (bh / heads, bh % heads)
                        let qb = qp + bi * n * c + h * dh, kb = kp + bi * s * c + h * dh, vb = vp + bi * s * c + h * dh
                        sgemm(transB: true, m: n, n: s, k: dh, alpha: scale, a: qb, lda: c, b: kb, ldb: c,
                              beta: 0, c: scores, ldc: s)
                        softmaxRows(scores, rows: n, width: s)
                        sgemm(m: n, n: dh, k: s, a: scores, lda: s, b: vb, ldb: c, beta: 0,
                              c: op + bi * n * c + h * dh, ldc: c)
                    }
                }
            }
        }}}}
        let out = try layers.linear("\(p).to_out.0", o)                               // [B, N, C]
        var y = transpose(out).ifReshaped(x.shape)
        let count = y.count
        y.withMutablePointer { yp in x.withPointer { xp in
            parallelRanges(count, costPerItem: 1) { r in for i in r { yp[i] += xp[i] } }
        }}
        return y
    }

    /// Row-wise softmax in place (max-subtracted).
    static func softmaxRows(_ p: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = p + r * width
            var m = -Float.infinity
            for j in 0..<width { m = max(m, row[j]) }
            var z: Float = 0
            for j in 0..<width { let e = fastExp(row[j] - m); row[j] = e; z += e }
            let inv = 1 / z
            for j in 0..<width { row[j] *= inv }
        }
    }

    /// [B, X, Y] -> [B, Y, X]
    static func transpose(_ t: Tensor) -> Tensor {
        let (b, x, y) = (t.shape[0], t.shape[1], t.count / (t.shape[0] * t.shape[1]))
        var out = Tensor(uninitialized: [b, y, x])
        t.withPointer { tp in out.withMutablePointer { op in
            parallelRanges(b * x, costPerItem: y) { range in
                for bx in range {
                    let (bi, i) = (bx / x, bx % x)
                    for j in 0..<y { op[(bi * y + j) * x + i] = tp[bx * y + j] }
                }
            }
        }}
        return out
    }

    /// [B, L, C] ++ [B, N, C] along the tokens -> [B, L+N, C] (text first).
    static func concatTokens(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (n, la, lb, c) = (a.shape[0], a.shape[1], b.shape[1], a.shape[2])
        var out = Tensor(uninitialized: [n, la + lb, c])
        a.withPointer { ap in b.withPointer { bp in out.withMutablePointer { op in
            for i in 0..<n {
                (op + i * (la + lb) * c).update(from: ap + i * la * c, count: la * c)
                (op + (i * (la + lb) + la) * c).update(from: bp + i * lb * c, count: lb * c)
            }
        }}}
        return out
    }
}

extension Tensor {
    func ifReshaped(_ shape: [Int]) -> Tensor { Tensor(shape: shape, data: data) }
}
