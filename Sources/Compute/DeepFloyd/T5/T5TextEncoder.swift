import Foundation

/// A snapshot's `tokenizer/` and `text_encoder/` opened together: prompt text in, IF's `[77, d_model]` prompt
/// embeddings out, as `IFPipeline.encode_prompt` makes them. Opening reads the config, the tokenizer and the
/// safetensors headers and checks every tensor's shape; the weights stay memory-mapped until `encode` runs.
public struct T5TextEncoder: Sendable {
    public let tokenizer: T5Tokenizer
    public let encoder: T5Encoder
    public let directory: String

    /// `modelDir` is the snapshot root holding `text_encoder/` and `tokenizer/`. With `variant` nil the fp32
    /// weights (`model.safetensors` or shards of `model.safetensors.index.json`) are preferred and a lone variant
    /// (`model.fp16.safetensors`, `model.safetensors.index.fp16.json`, …) is used if they are absent.
    public static func open(modelDir: String, variant: String? = nil) throws -> T5TextEncoder {
        let dir = encoderDirectory(in: modelDir)
        let configPath = (dir as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw IFError.missingFile(path: configPath, what: "the T5 text encoder config; the snapshot needs text_encoder/ and tokenizer/")
        }
        let config = try T5EncoderConfig.parse(data, file: configPath)
        let tokenizer = try T5Tokenizer.load(directory: (dir as NSString).deletingLastPathComponent)
        let files = try IFSnapshot.weightFiles(in: dir, variant: variant, stem: "model", what: "T5 text encoder weights")
        let encoder = try T5Encoder(config: config, weights: try IFSnapshotWeights(files: files), configFile: configPath)
        guard tokenizer.unigram.pieceCount <= config.vocabSize else {
            throw T5Error.badTokenizer(file: tokenizer.file, reason: "\(tokenizer.unigram.pieceCount) pieces but the encoder in "
                + "\(configPath) embeds only vocab_size \(config.vocabSize)")
        }
        return T5TextEncoder(tokenizer: tokenizer, encoder: encoder, directory: dir)
    }

    /// `modelDir/text_encoder`, or beside `modelDir` when that is the snapshot's `unet` folder.
    public static func encoderDirectory(in modelDir: String) -> String {
        let nested = (modelDir as NSString).appendingPathComponent("text_encoder")
        let passedUNet = FileManager.default.fileExists(atPath: (modelDir as NSString).appendingPathComponent("config.json"))
        guard !FileManager.default.fileExists(atPath: nested), passedUNet else { return nested }
        return ((modelDir as NSString).deletingLastPathComponent as NSString).appendingPathComponent("text_encoder")
    }

    /// Whether `modelDir` holds a text encoder and tokenizer (their configs; errors come from `open`).
    public static func isPresent(in modelDir: String) -> Bool {
        let fm = FileManager.default
        let dir = encoderDirectory(in: modelDir)
        return fm.fileExists(atPath: (dir as NSString).appendingPathComponent("config.json"))
            && fm.fileExists(atPath: ((dir as NSString).deletingLastPathComponent as NSString).appendingPathComponent("tokenizer"))
    }

    /// One `[77, d_model]` embedding per prompt, all prompts through each layer together.
    public func encode(_ prompts: [String]) throws -> [Tensor] {
        guard !prompts.isEmpty else { return [] }
        let out = try encoder.encode(prompts.map(tokenizer.encode))
        let (l, d) = (out.shape[1], out.shape[2])
        return (0..<prompts.count).map { Tensor(shape: [l, d], data: Array(out.data[$0 * l * d ..< ($0 + 1) * l * d])) }
    }

    /// The encoder's identity for cache keys, without hashing gigabytes: SHA-256 of `text_encoder/config.json`
    /// and `tokenizer/spiece.model` plus the name and size of every weight or index file in `text_encoder/`
    /// (another model, tokenizer or variant changes it; re-downloading the same snapshot keeps it).
    public static func identity(modelDir: String) -> String {
        let fm = FileManager.default
        let dir = encoderDirectory(in: modelDir)
        let tokenizer = ((dir as NSString).deletingLastPathComponent as NSString).appendingPathComponent("tokenizer/spiece.model")
        var text = "t5-encoder v1\n"
        for path in [(dir as NSString).appendingPathComponent("config.json"), tokenizer] {
            text += (path as NSString).lastPathComponent + ":" + (fm.contents(atPath: path).map { Hashing.sha256Hex($0) } ?? "missing") + "\n"
        }
        let names = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".safetensors") || $0.hasSuffix(".json") }.sorted()
        for name in names where name != "config.json" {
            let size = (try? fm.attributesOfItem(atPath: (dir as NSString).appendingPathComponent(name)))?[.size] as? NSNumber
            text += "\(name):\(size?.intValue ?? -1)\n"
        }
        return Hashing.sha256Hex(text)
    }
}
