import Foundation

/// `text_encoder/config.json` of a T5 v1.1 encoder (`T5EncoderModel`; google/t5-v1_1-xxl in DeepFloyd IF). Only
/// the gated-GELU feed-forward of v1.1 is supported: T5 v1.0's ReLU (`feed_forward_proj: "relu"`) is refused by
/// name rather than run wrong.
public struct T5EncoderConfig: Sendable, Equatable {
    public var dModel: Int
    public var dKV: Int
    public var heads: Int
    public var dFF: Int
    public var layers: Int
    public var vocabSize: Int
    public var buckets: Int
    public var maxDistance: Int
    public var epsilon: Float

    /// XXL's shape (the benchmark's default): 4.76 B parameters.
    public static let xxl = T5EncoderConfig(dModel: 4096, dKV: 64, heads: 64, dFF: 10240, layers: 24, vocabSize: 32128,
                                            buckets: 32, maxDistance: 128, epsilon: 1e-6)

    public init(dModel: Int, dKV: Int, heads: Int, dFF: Int, layers: Int, vocabSize: Int, buckets: Int,
                maxDistance: Int, epsilon: Float) {
        (self.dModel, self.dKV, self.heads, self.dFF, self.layers) = (dModel, dKV, heads, dFF, layers)
        (self.vocabSize, self.buckets, self.maxDistance, self.epsilon) = (vocabSize, buckets, maxDistance, epsilon)
    }

    public static func parse(_ data: Data, file: String) throws -> T5EncoderConfig {
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw T5Error.invalidConfig(file: file, reason: "not a JSON object")
        }
        func int(_ key: String, default value: Int? = nil) throws -> Int {
            guard let raw = json[key] else {
                if let value { return value }
                throw IFError.missingConfigKey(file: file, key: key)
            }
            guard let n = raw as? NSNumber, n.doubleValue == n.doubleValue.rounded(),
                  n.intValue >= 1 else {
                throw T5Error.invalidConfig(file: file, reason: "'\(key)' = \(raw) is not a positive integer")
            }
            return n.intValue
        }
        let ff = json["feed_forward_proj"] as? String ?? "relu"
        guard ff == "gated-gelu" else {
            throw T5Error.unsupportedConfig(file: file, key: "feed_forward_proj", value: "\"\(ff)\"",
                                            supported: "\"gated-gelu\" (T5 v1.1, as DeepFloyd IF uses)")
        }
        if let act = json["dense_act_fn"] as? String, act != "gelu_new" {
            throw T5Error.unsupportedConfig(file: file, key: "dense_act_fn", value: "\"\(act)\"", supported: "\"gelu_new\"")
        }
        let eps = (json["layer_norm_epsilon"] as? NSNumber)?.floatValue ?? 1e-6
        let c = T5EncoderConfig(dModel: try int("d_model"), dKV: try int("d_kv"), heads: try int("num_heads"), dFF: try int("d_ff"),
                                layers: try int("num_layers"), vocabSize: try int("vocab_size"),
                                buckets: try int("relative_attention_num_buckets", default: 32),
                                maxDistance: try int("relative_attention_max_distance", default: 128), epsilon: eps)
        guard c.buckets % 4 == 0, c.maxDistance > c.buckets / 4 else {
            throw T5Error.invalidConfig(file: file, reason: "relative_attention_num_buckets \(c.buckets) must be a multiple of 4 "
                + "and relative_attention_max_distance \(c.maxDistance) above a quarter of it")
        }
        return c
    }

    /// Every tensor the encoder reads and its shape (names as transformers saves `T5EncoderModel`). The embedding
    /// may be stored as `shared.weight` or its tied copy `encoder.embed_tokens.weight`; this lists the first.
    public var tensorShapes: [(name: String, shape: [Int])] {
        let inner = heads * dKV
        var all: [(String, [Int])] = [("shared.weight", [vocabSize, dModel]),
                                      ("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", [buckets, heads])]
        for b in 0..<layers {
            let p = "encoder.block.\(b).layer."
            all += [(p + "0.layer_norm.weight", [dModel]),
                    (p + "0.SelfAttention.q.weight", [inner, dModel]), (p + "0.SelfAttention.k.weight", [inner, dModel]),
                    (p + "0.SelfAttention.v.weight", [inner, dModel]), (p + "0.SelfAttention.o.weight", [dModel, inner]),
                    (p + "1.layer_norm.weight", [dModel]),
                    (p + "1.DenseReluDense.wi_0.weight", [dFF, dModel]), (p + "1.DenseReluDense.wi_1.weight", [dFF, dModel]),
                    (p + "1.DenseReluDense.wo.weight", [dModel, dFF])]
        }
        all.append(("encoder.final_layer_norm.weight", [dModel]))
        return all
    }

    public var parameterCount: Int { tensorShapes.reduce(0) { $0 + $1.shape.reduce(1, *) } }
}
