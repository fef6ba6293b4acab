/// The unigram language model's best segmentation (Viterbi), as Hugging Face tokenizers' `Unigram::encode` does it
/// for T5 (`fuse_unk`, no byte fallback): at each character, every piece that starts there competes on the sum of
/// piece scores; a character no piece covers alone may be an unknown piece scoring `min score - 10`; runs of
/// unknown characters become one unknown id. Ties keep the earlier candidate (shorter pieces are tried first).
struct T5Unigram: Sendable {
    private let ids: [[UInt8]: Int]
    private let scores: [Float]
    private let longest: Int
    let unknownID: Int
    var pieceCount: Int { scores.count }
    private let unknownScore: Float

    init(pieces: [(text: String, score: Float)], unknownID: Int) {
        var ids: [[UInt8]: Int] = [:]
        for (i, p) in pieces.enumerated() where ids[Array(p.text.utf8)] == nil { ids[Array(p.text.utf8)] = i }
        self.ids = ids
        scores = pieces.map(\.score)
        longest = pieces.map { $0.text.utf8.count }.max() ?? 1
        self.unknownID = unknownID
        unknownScore = (pieces.map(\.score).min() ?? 0) - 10
    }

    /// Ids of `word` (one pre-tokenized piece, e.g. "▁coffee").
    func encode(_ word: String) -> [Int] {
        let bytes = Array(word.utf8)
        let n = bytes.count
        guard n > 0 else { return [] }
        // best[e]: best path over bytes[0..<e]: (score, start of its last piece, id)
        var best = [(score: Float, start: Int, id: Int)?](repeating: nil, count: n + 1)
        best[0] = (0, 0, -1)
        var start = 0
        while start < n {
            let width = Self.scalarWidth(bytes[start])
            guard let here = best[start]?.score else { start += width; continue }  // unreachable for valid UTF-8
            var single = false
            var end = start + 1
            while end <= min(n, start + longest) {
                if let id = ids[Array(bytes[start ..< end])] {
                    let s = here + scores[id]
                    if best[end] == nil || s > best[end]!.score { best[end] = (s, start, id) }
                    if end - start == width { single = true }
                }
                end += 1
            }
            if !single {
                let e = min(n, start + width)
                let s = here + unknownScore
                if best[e] == nil || s > best[e]!.score { best[e] = (s, start, unknownID) }
            }
            start += width
        }
        var out: [Int] = []
        var e = n
        while e > 0, let node = best[e] {
            if !(node.id == unknownID && out.last == unknownID) { out.append(node.id) }
            e = node.start
        }
        return out.reversed()
    }

    /// UTF-8 length of the scalar starting with `lead` (1 for a stray continuation byte, which valid text has not).
    static func scalarWidth(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}
