import Foundation

/// diffusers' `Timesteps` + `TimestepEmbedding`: sinusoidal features of a (per-sample) timestep, then
/// `linear_2(act(linear_1(.)))`. The features are computed in Float32 step by step as PyTorch does, because at
/// t ~ 1000 one ulp of the angle moves sin by ~6e-5.
enum IFTimestepEmbedding {
    /// [B] -> [B, dim]: `[cos(t f_k), sin(t f_k)]` with `flipSinToCos` (else sin first),
    /// `f_k = exp(-ln(10000) k / (dim/2 - shift))`.
    static func features(_ t: [Float], dim: Int, flipSinToCos: Bool, shift: Float) -> Tensor {
        let half = dim / 2
        let logMax = Float(-log(10000.0))
        let freqs = (0..<half).map { k in expf(logMax * Float(k) / (Float(half) - shift)) }
        var out = Tensor(zeros: [t.count, dim])
        out.withMutablePointer { p in
            for (b, tb) in t.enumerated() {
                for k in 0..<half {
                    let a = tb * freqs[k]
                    let (s, c) = (Float(sin(Double(a))), Float(cos(Double(a))))
                    p[b * dim + k] = flipSinToCos ? c : s
                    p[b * dim + half + k] = flipSinToCos ? s : c
                }
            }
        }
        return out
    }

    /// `linear_2(act(linear_1(x)))` under `prefix` (e.g. "time_embedding").
    static func mlp(_ layers: IFLayers, _ prefix: String, _ x: Tensor, activation: IFActivation) throws -> Tensor {
        try layers.linear("\(prefix).linear_2", activation.applied(try layers.linear("\(prefix).linear_1", x)))
    }
}
