import Foundation

/// A Hugging Face `tokenizer.json` of a unigram model read into the same form as `spiece.model`: the vocabulary
/// (`model.vocab`, [piece, score] pairs), `model.unk_id` and the `Precompiled` normalizer's base64 charsmap (alone
/// or inside a `Sequence`). Those are all transformers' T5Tokenizer takes from the file; it builds the white-space
/// split, Metaspace and `</s>` template itself.
enum TokenizerJSON {
    static func read(path: String) throws -> SentencePieceModelFile {
        func bad(_ reason: String) -> T5Error { .badTokenizer(file: path, reason: reason) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IFError.missingFile(path: path, what: "the tokenizer's tokenizer.json")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw bad("not a JSON object") }
        guard let model = root["model"] as? [String: Any], model["type"] as? String == "Unigram" else {
            throw bad("model.type is not \"Unigram\"; T5's tokenizer is a unigram model")
        }
        guard let vocab = model["vocab"] as? [[Any]], !vocab.isEmpty else { throw bad("no model.vocab list of [piece, score]") }
        var file = SentencePieceModelFile()
        file.byteFallback = model["byte_fallback"] as? Bool ?? false
        file.unknownID = (model["unk_id"] as? NSNumber)?.intValue ?? -1
        for (i, entry) in vocab.enumerated() {
            guard entry.count == 2, let piece = entry[0] as? String, let score = entry[1] as? NSNumber else {
                throw bad("model.vocab[\(i)] is not [piece, score]")
            }
            let type: SentencePieceModelFile.PieceType = i == file.unknownID ? .unknown : .normal
            file.pieces.append(.init(text: piece, score: score.floatValue, type: type))
        }
        var normalizers: [[String: Any]] = []
        if let n = root["normalizer"] as? [String: Any] {
            normalizers = n["type"] as? String == "Sequence" ? (n["normalizers"] as? [[String: Any]] ?? []) : [n]
        }
        if let pre = normalizers.first(where: { $0["type"] as? String == "Precompiled" }),
           let b64 = pre["precompiled_charsmap"] as? String {
            guard let bytes = Data(base64Encoded: b64) else { throw bad("normalizer's precompiled_charsmap is not base64") }
            file.precompiledCharsmap = [UInt8](bytes)
            file.normalizerName = "Precompiled"
        }
        return file
    }
}
