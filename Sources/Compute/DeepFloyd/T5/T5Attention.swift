import Foundation

/// T5's self-attention core for each prompt and head: `softmax(q kᵀ + bias, padding keys masked) v`, with no
/// 1/√d_kv scaling (T5 folds it into its initialisation). q, k, v are `[batch * length, heads * dKV]` with a
/// head's channels contiguous (`head * dKV ..< (head + 1) * dKV`), as transformers' `view(..., heads, d_kv)`.
/// A masked key gets weight 0, as adding `finfo.min` does; the `</s>` key is never masked, so no row is empty.
enum T5Attention {
    static func forward(q: Tensor, k: Tensor, v: Tensor, batch: Int, length l: Int, heads: Int, dKV: Int,
                        bias: [Float], keep: [[Bool]]) -> Tensor {
        let inner = heads * dKV
        var out = Tensor(uninitialized: [batch * l, inner])
        q.withPointer { qp in k.withPointer { kp in v.withPointer { vp in out.withMutablePointer { op in
            bias.withUnsafeBufferPointer { bp in
                parallelRanges(batch * heads, costPerItem: l * l * dKV * 4) { jobs in
                    var scores = [Float](repeating: 0, count: l * l)
                    scores.withUnsafeMutableBufferPointer { sp in
                        let s = sp.baseAddress!
                        for job in jobs {
                            let (b, h) = (job / heads, job % heads)
                            let offset = b * l * inner + h * dKV
                            sgemm(transB: true, m: l, n: l, k: dKV, a: qp + offset, lda: inner, b: kp + offset, ldb: inner,
                                  beta: 0, c: s, ldc: l)
                            let mask = keep[b]
                            for i in 0..<l {
                                let row = s + i * l, add = bp.baseAddress! + (h * l + i) * l
                                var top = -Float.infinity
                                for j in 0..<l where mask[j] { row[j] += add[j]; top = max(top, row[j]) }
                                var sum: Float = 0
                                for j in 0..<l {
                                    if mask[j] { row[j] = expf(row[j] - top); sum += row[j] } else { row[j] = 0 }
                                }
                                let inv = 1 / sum
                                for j in 0..<l { row[j] *= inv }
                            }
                            sgemm(m: l, n: dKV, k: l, a: s, lda: l, b: vp + offset, ldb: inner, beta: 0, c: op + offset, ldc: inner)
                        }
                    }
                }
            }
        }}}}
        return out
    }
}
