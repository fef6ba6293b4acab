import Compute
import Foundation

/// Where a DeepFloyd figure's prompt embeddings come from, in this order:
/// 1. the precomputed file (`--prompts`, the course's embeddings) when it holds the exact prompt — it wins, so
///    sites built from the course's file keep their images;
/// 2. the embedding cache, `<cache>/<sha256(encoder identity, prompt)>.safetensors`, so a rebuild does not
///    re-encode (a corrupt or mismatched entry is recomputed);
/// 3. the snapshot's own T5 encoder (`text_encoder/` + `tokenizer/`), run natively; the result is cached.
/// One instance per (snapshot, prompts file and its content, encoder identity, cache) in the process, so all
/// figures of a build share one memo, while a changed file or encoder (`sitegen serve` rebuilding) gets a fresh
/// one. The encoder is opened per batch of prompts to encode and dropped after, so its weights' mapping does not
/// stay resident beside the UNet's. Thread-safe: figures compute concurrently.
final class IFPromptSource: @unchecked Sendable {
    let options: DeepFloydOptions
    private let lock = NSLock()
    private var precomputed: IFPromptEmbeddings?
    private var loadedFile = false
    private var memo: [String: Tensor] = [:]

    /// A fresh source (no memo); builds use `shared`.
    init(options: DeepFloydOptions) { self.options = options }

    nonisolated(unsafe) private static var instances: [String: IFPromptSource] = [:]
    private static let instancesLock = NSLock()

    static func shared(_ options: DeepFloydOptions) -> IFPromptSource {
        let key = [options.modelDir, options.promptsFile ?? "", options.promptsHash(), options.textEncoderIdentity(),
                   options.embeddingCache].joined(separator: "\u{0}")
        instancesLock.lock()
        defer { instancesLock.unlock() }
        if let s = instances[key] { return s }
        let s = IFPromptSource(options: options)
        instances[key] = s
        return s
    }

    /// The `[77, D]` (or the file's `[L, D]`) embedding of `prompt`.
    func embedding(_ prompt: String) throws -> Tensor { try embeddings([prompt])[0] }

    /// Embeddings of `prompts`; the ones to encode go through the encoder together (one pass over its weights).
    func embeddings(_ prompts: [String]) throws -> [Tensor] {
        lock.lock()
        defer { lock.unlock() }
        let file = try precomputedFile()
        var missing: [String] = []
        for p in prompts where memo[p] == nil {
            if let e = file?.embeddings[p] { memo[p] = e; continue }
            if !missing.contains(p) { missing.append(p) }
        }
        if !missing.isEmpty {
            guard T5TextEncoder.isPresent(in: options.modelDir) else {
                if let file { throw IFPromptError.missingPrompt(source: file.source, prompt: missing[0], available: file.prompts) }
                throw IFError.missingFile(path: T5TextEncoder.encoderDirectory(in: options.modelDir) + "/config.json",
                                          what: "the T5 text encoder that makes the embedding of \"\(missing[0])\"; "
                                              + "put text_encoder/ and tokenizer/ in the snapshot or pass --prompts FILE")
            }
            // opened per batch and dropped after: its 9.5 GB mapping must not stay resident beside the UNet's
            let encoder = try T5TextEncoder.open(modelDir: options.modelDir)
            let identity = T5TextEncoder.identity(modelDir: options.modelDir)
            var toEncode: [String] = []
            for p in missing {
                if let cached = readCache(p, identity: identity, width: encoder.encoder.config.dModel) { memo[p] = cached } else { toEncode.append(p) }
            }
            if !toEncode.isEmpty {
                for (p, e) in zip(toEncode, try encoder.encode(toEncode)) {
                    memo[p] = e
                    writeCache(p, e, identity: identity)
                }
            }
        }
        return prompts.map { memo[$0]! }
    }

    /// The text width the embeddings have: the file's, else the encoder's d_model.
    func width() throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let file = try precomputedFile() { return file.width }
        let path = T5TextEncoder.encoderDirectory(in: options.modelDir) + "/config.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IFError.missingFile(path: path, what: "the T5 text encoder config; put text_encoder/ and tokenizer/ in the snapshot or pass --prompts FILE")
        }
        return try T5EncoderConfig.parse(data, file: path).dModel
    }

    private func precomputedFile() throws -> IFPromptEmbeddings? {
        if !loadedFile, let path = options.promptsFile {
            precomputed = try IFPromptEmbeddings.load(path: path, requireNull: !T5TextEncoder.isPresent(in: options.modelDir))
        }
        loadedFile = true
        return precomputed
    }

    // MARK: cache

    func cachePath(_ prompt: String, identity: String) -> String {
        (options.embeddingCache as NSString).appendingPathComponent(Hashing.sha256Hex(identity + "\n" + prompt) + ".safetensors")
    }

    private func readCache(_ prompt: String, identity: String, width: Int) -> Tensor? {
        let path = cachePath(prompt, identity: identity)
        guard FileManager.default.fileExists(atPath: path), let file = try? SafeTensors.read(path: path),
              file.metadata["prompt"] == prompt, file.metadata["encoder"] == identity,
              let e = file["embedding"], e.shape == [T5Tokenizer.maxLength, width], e.data.allSatisfy(\.isFinite) else { return nil }
        return e
    }

    /// Best effort: a cache that cannot be written only costs a re-encode next time.
    private func writeCache(_ prompt: String, _ e: Tensor, identity: String) {
        try? FileManager.default.createDirectory(atPath: options.embeddingCache, withIntermediateDirectories: true)
        try? SafeTensors.write([("embedding", e)], metadata: ["prompt": prompt, "encoder": identity],
                               to: cachePath(prompt, identity: identity))
    }
}
