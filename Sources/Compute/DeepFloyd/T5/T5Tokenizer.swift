import Foundation

/// T5 v1.1's tokenizer as DeepFloyd IF's pipeline runs it (transformers' `T5Tokenizer`, which is Hugging Face
/// tokenizers underneath), read from a snapshot's `tokenizer/spiece.model`:
///
/// 1. prompt preparation, `IFPipeline._text_preprocessing` with `clean_caption=False` (the default of
///    `encode_prompt`, and what the course's embeddings used): `text.lower().strip()`. `clean_caption=True` would
///    instead run the pipeline's caption cleaner twice: ftfy's mojibake repair, HTML unescaping and BeautifulSoup
///    tag stripping, removal of URLs, @names, CJK ranges, long digit runs, file names and many punctuation
///    patterns, dash/quote unification, then `strip()`; it needs bs4 and ftfy and is not reproduced here.
/// 2. the SentencePiece `precompiled_charsmap` normalizer (nmt_nfkc; see `T5Charsmap`);
/// 3. split on Unicode white space, then Metaspace: each word gets a leading "▁" and is split before every "▁";
/// 4. unigram Viterbi per word (`T5Unigram`);
/// 5. `padding="max_length", max_length=77, truncation=True, add_special_tokens=True`: at most 76 ids, then
///    `</s>`, then `<pad>` up to 77; the attention mask is 1 on the ids and `</s>`, 0 on padding.
///
/// Not reproduced: special tokens typed in the prompt (`</s>`, `<extra_id_3>`) are tokenized as plain text here,
/// while tokenizers matches them as single tokens; and Python's `lower()` turns a word-final Σ into ς, Swift's
/// per-scalar lowercasing into σ.
public struct T5Tokenizer: Sendable {
    public static let maxLength = 77

    public let file: String
    public let padID: Int
    public let eosID: Int
    let unigram: T5Unigram
    let charsmap: T5Charsmap?

    /// Tokens of one prompt: `ids` and `mask`, both `maxLength` long.
    public struct Encoding: Sendable, Equatable {
        public var ids: [Int]
        public var mask: [Int]
    }

    /// `directory` is the snapshot root (holding `tokenizer/`) or the `tokenizer` folder itself. As transformers
    /// does, `tokenizer.json` is read when present (its unigram vocabulary and precompiled charsmap; T5Tokenizer
    /// rebuilds the rest itself), else `spiece.model` (what the IF snapshots ship).
    public static func load(directory: String) throws -> T5Tokenizer {
        let nested = (directory as NSString).appendingPathComponent("tokenizer")
        let folder = FileManager.default.fileExists(atPath: nested) ? nested : directory
        let json = (folder as NSString).appendingPathComponent("tokenizer.json")
        if FileManager.default.fileExists(atPath: json) {
            return try T5Tokenizer(model: try TokenizerJSON.read(path: json), file: json)
        }
        let path = (folder as NSString).appendingPathComponent("spiece.model")
        return try T5Tokenizer(model: try SentencePieceModelFile.read(path: path), file: path)
    }

    public init(model: SentencePieceModelFile, file: String) throws {
        guard model.modelType == 1 else {
            throw T5Error.badTokenizer(file: file, reason: "model_type \(model.modelType) is not a unigram model (1); T5 uses unigram")
        }
        guard !model.byteFallback else { throw T5Error.badTokenizer(file: file, reason: "byte_fallback models are not T5's tokenizer") }
        func id(_ piece: String) throws -> Int {
            guard let i = model.pieces.firstIndex(where: { $0.text == piece }) else {
                throw T5Error.badTokenizer(file: file, reason: "no '\(piece)' piece; T5's tokenizer needs <pad>, </s> and <unk>")
            }
            return i
        }
        padID = try id("<pad>")
        eosID = try id("</s>")
        guard model.pieces.indices.contains(model.unknownID), model.pieces[model.unknownID].type == .unknown else {
            throw T5Error.badTokenizer(file: file, reason: "unk_id \(model.unknownID) is not an unknown piece")
        }
        self.file = file
        unigram = T5Unigram(pieces: model.pieces.map { ($0.text, $0.score) }, unknownID: model.unknownID)
        charsmap = model.precompiledCharsmap.isEmpty ? nil : try T5Charsmap(model.precompiledCharsmap, file: file)
    }

    /// The pipeline's text preparation without caption cleaning: Python's `text.lower().strip()`.
    public static func prepare(_ text: String) -> String {
        let scalars = Array(text.lowercased().unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isPythonSpace($0) }),
              let last = scalars.lastIndex(where: { !isPythonSpace($0) }) else { return "" }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[first...last])
        return String(s)
    }

    /// Python's `str.isspace` (bidirectional class WS, B or S, or category Zs): Unicode White_Space plus U+001C-1F.
    static func isPythonSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || (0x1C...0x1F).contains(s.value) }

    /// The ids of `prompt` as `encode_prompt` makes them (prepared, tokenized, `</s>`, padded to 77).
    public func encode(_ prompt: String) -> Encoding {
        var ids = Array(pieceIDs(Self.prepare(prompt)).prefix(Self.maxLength - 1))
        ids.append(eosID)
        let mask = Array(repeating: 1, count: ids.count) + Array(repeating: 0, count: Self.maxLength - ids.count)
        ids += Array(repeating: padID, count: Self.maxLength - ids.count)
        return Encoding(ids: ids, mask: mask)
    }

    /// Steps 2-4: the ids of already prepared text, without special tokens.
    public func pieceIDs(_ text: String) -> [Int] {
        let normalized = charsmap?.normalize(text) ?? text
        var ids: [Int] = []
        for word in Self.words(normalized) {
            for segment in Self.metaspace(word) { ids += unigram.encode(segment) }
        }
        return ids
    }

    /// Split on Unicode White_Space scalars (tokenizers' `WhitespaceSplit`), empty words dropped.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s.properties.isWhitespace {
                if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// tokenizers' `Metaspace(replacement="▁", prepend_scheme="always", split=True)` on one word: "▁" in front
    /// unless there already, then split before each "▁".
    static func metaspace(_ word: String) -> [String] {
        let mark: Unicode.Scalar = "\u{2581}"
        var scalars = Array(word.unicodeScalars)
        if scalars.first != mark { scalars.insert(mark, at: 0) }
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        for s in scalars {
            if s == mark, !current.isEmpty { parts.append(String(current)); current = String.UnicodeScalarView() }
            current.append(s)
        }
        if !current.isEmpty { parts.append(String(current)) }
        return parts
    }
}
