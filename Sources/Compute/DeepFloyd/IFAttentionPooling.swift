import Foundation

/// `TextTimeEmbedding` (`addition_embed_type: "text"`): LayerNorm the raw text states, attention-pool them into one
/// vector with a class token (mean of ALL tokens + a learned position, padding included), project to the time
/// embedding width and LayerNorm again. The result is added to the time embedding.
enum IFAttentionPooling {
    /// text [B, L, D] -> [B, timeEmbedDim]
    static func forward(_ layers: IFLayers, _ text: Tensor, heads: Int) throws -> Tensor {
        let (b, l, d) = (text.shape[0], text.shape[1], text.shape[2])
        let x = try layers.layerNorm("add_embedding.norm1", text)
        let pos = try layers.w("add_embedding.pool.positional_embedding")
        // sequence per sample: [class token; tokens]
        var seq = Tensor(zeros: [b, l + 1, d])
        var cls = Tensor(zeros: [b, d])
        x.withPointer { xp in pos.withPointer { pp in seq.withMutablePointer { sp in cls.withMutablePointer { cp in
            for s in 0..<b {
                for j in 0..<d {
                    var sum: Float = 0
                    for t in 0..<l { sum += xp[(s * l + t) * d + j] }
                    cp[s * d + j] = sum / Float(l) + pp[j]
                }
                (sp + s * (l + 1) * d).update(from: cp + s * d, count: d)
                (sp + (s * (l + 1) + 1) * d).update(from: xp + s * l * d, count: l * d)
            }
        }}}}
        let q = try layers.linear("add_embedding.pool.q_proj", cls)
        let k = try layers.linear("add_embedding.pool.k_proj", seq)
        let v = try layers.linear("add_embedding.pool.v_proj", seq)
        let dh = d / heads
        let scale = 1 / Float(Double(dh).squareRoot().squareRoot())
        var pooled = Tensor(zeros: [b, d])
        q.withPointer { qp in k.withPointer { kp in v.withPointer { vp in pooled.withMutablePointer { op in
            var w = [Float](repeating: 0, count: l + 1)
            for s in 0..<b {
                for h in 0..<heads {
                    let c0 = h * dh
                    var m = -Float.infinity
                    for t in 0...l {
                        var dot: Float = 0
                        for j in 0..<dh { dot += (qp[s * d + c0 + j] * scale) * (kp[(s * (l + 1) + t) * d + c0 + j] * scale) }
                        w[t] = dot
                        m = max(m, dot)
                    }
                    var z: Float = 0
                    for t in 0...l { w[t] = expf(w[t] - m); z += w[t] }
                    for j in 0..<dh {
                        var a: Float = 0
                        for t in 0...l { a += w[t] / z * vp[(s * (l + 1) + t) * d + c0 + j] }
                        op[s * d + c0 + j] = a
                    }
                }
            }
        }}}}
        return try layers.layerNorm("add_embedding.norm2", try layers.linear("add_embedding.proj", pooled))
    }
}
