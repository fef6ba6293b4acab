/// SentencePiece's `precompiled_charsmap` (the nmt_nfkc rules compiled into `spiece.model`) applied as Hugging Face
/// tokenizers' `Precompiled` normalizer does, since that is what transformers' T5Tokenizer runs.
///
/// Format: a little-endian u32 byte length of a darts-clone double-array trie, the trie's u32 units, then a blob of
/// NUL-terminated replacement strings; the trie maps a UTF-8 key to the replacement's offset in the blob.
/// Normalization goes over extended grapheme clusters: a cluster shorter than 6 UTF-8 bytes is first looked up
/// whole, else (or if that misses) each scalar is looked up alone and kept when it misses. A lookup takes the
/// *shortest* key that prefixes the chunk and replaces the whole chunk with it — odd, but it is the reference's
/// behaviour (tokenizers' `normalizers/precompiled.rs`, spm_precompiled's `transform`), so it is ours.
struct T5Charsmap: Sendable {
    private let units: [UInt32]
    private let blob: [UInt8]

    init(_ bytes: [UInt8], file: String) throws {
        guard bytes.count >= 4 else { throw T5Error.badTokenizer(file: file, reason: "precompiled_charsmap shorter than 4 bytes") }
        let size = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        guard size % 4 == 0, size >= 4, size <= bytes.count - 4 else {
            throw T5Error.badTokenizer(file: file, reason: "precompiled_charsmap trie of \(size) bytes does not fit its \(bytes.count)-byte map")
        }
        units = (0 ..< size / 4).map { k in
            let o = 4 + 4 * k
            return UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
        }
        blob = Array(bytes[(4 + size)...])
    }

    /// The replacement of the shortest trie key that prefixes `key`, or nil (darts-clone's commonPrefixSearch,
    /// first result). Malformed tries give nil rather than reading out of bounds.
    func transform<C: Collection>(_ key: C) -> [UInt8]? where C.Element == UInt8 {
        func offset(_ u: UInt32) -> Int { Int((u >> 10) << ((u & (1 << 9)) >> 6)) }
        guard let first = units.first else { return nil }
        var pos = offset(first)
        for c in key {
            if c == 0 { break }
            pos ^= Int(c)
            guard pos < units.count else { return nil }
            let u = units[pos]
            guard u & ((1 << 31) | 0xFF) == UInt32(c) else { return nil }
            pos ^= offset(u)
            if (u >> 8) & 1 == 1 {
                guard pos < units.count else { return nil }
                let start = Int(units[pos] & ((1 << 31) - 1))
                guard start <= blob.count else { return nil }
                let end = blob[start...].firstIndex(of: 0) ?? blob.count
                return Array(blob[start ..< end])
            }
        }
        return nil
    }

    func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for grapheme in text {
            let bytes = Array(grapheme.utf8)
            if bytes.count < 6, let r = transform(bytes) {
                out += r
                continue
            }
            for scalar in grapheme.unicodeScalars {
                let s = Array(String(scalar).utf8)
                out += transform(s) ?? s
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
