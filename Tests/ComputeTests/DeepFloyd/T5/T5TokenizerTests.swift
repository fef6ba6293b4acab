import Foundation
import Testing
@testable import Compute

/// The native tokenizer against transformers' T5Tokenizer on the fixture's SentencePiece model: every prompt's 77
/// ids and mask equal, and the pieces behind the parts that are easy to get wrong (NFKC rules, fused unknowns,
/// truncation) checked by name.
@Suite struct T5TokenizerTests {
    @Test func idsAndMasksEqualTransformersForEveryPrompt() throws {
        let fixture = try T5Fixture.load()
        let tokenizer = try T5Tokenizer.load(directory: fixture.snapshot)
        #expect(fixture.prompts.count == 12)
        for p in fixture.prompts {
            let e = tokenizer.encode(p.text)
            #expect(T5Tokenizer.prepare(p.text) == p.prepared)
            #expect(e.ids == p.ids, "ids of \"\(p.text)\"")
            #expect(e.mask == p.mask, "mask of \"\(p.text)\"")
        }
    }

    @Test func specialTokensPaddingAndTruncationAreThePipelines() throws {
        let tokenizer = try T5Tokenizer.load(directory: try T5Fixture.load().snapshot)
        let empty = tokenizer.encode("")
        #expect(empty.ids == [1] + Array(repeating: 0, count: 76))
        #expect(empty.mask == [1] + Array(repeating: 0, count: 76))
        let long = tokenizer.encode(String(repeating: "a rocket ship ", count: 40))
        #expect(long.ids.count == 77 && long.ids.last == 1 && !long.mask.contains(0))
        #expect(tokenizer.encode("   ").ids == empty.ids)
    }

    @Test func normalizationFollowsTheCharsmap() throws {
        let model = try SentencePieceModelFile.read(path: try T5Fixture.load().snapshot + "/tokenizer/spiece.model")
        #expect(model.normalizerName == "nmt_nfkc")
        let charsmap = try T5Charsmap(model.precompiledCharsmap, file: "spiece.model")
        #expect(charsmap.normalize("\u{FB01}sh \u{FF21}\u{FF22} \u{00BD}") == "fish AB 1\u{2044}2")
        #expect(charsmap.normalize("cre\u{0300}me") == "cr\u{00E8}me")  // a decomposed grapheme is composed
        #expect(charsmap.normalize("plain ascii") == "plain ascii")
    }

    @Test func runsOfUnknownCharactersAreOneUnknownID() throws {
        let fixture = try T5Fixture.load()
        let tokenizer = try T5Tokenizer.load(directory: fixture.snapshot)
        // "!!" and "日本語" are not covered by the 160 pieces: one <unk> (id 2) each, as tokenizers' fuse_unk
        // ("▁" is id 3)
        #expect(tokenizer.pieceIDs("!!") == [3, 2])
        #expect(tokenizer.pieceIDs("\u{65E5}\u{672C}\u{8A9E}") == [3, 2])
        #expect(tokenizer.pieceIDs("a!!b").filter { $0 == 2 }.count == 1)
    }

    @Test func aMissingOrDamagedModelNamesTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("t5-tok-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/tokenizer", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = ifErrorText { _ = try T5Tokenizer.load(directory: dir) }
        #expect(missing?.contains("tokenizer/spiece.model") == true && missing?.contains("no such file") == true)

        let real = try Data(contentsOf: URL(fileURLWithPath: try T5Fixture.load().snapshot + "/tokenizer/spiece.model"))
        try real.prefix(real.count / 2).write(to: URL(fileURLWithPath: dir + "/tokenizer/spiece.model"))
        let cut = ifErrorText { _ = try T5Tokenizer.load(directory: dir) }
        #expect(cut?.contains("spiece.model") == true && cut?.contains("not a SentencePiece model") == true, "\(cut ?? "no error")")

        try Data("{\"not\": \"protobuf\"}".utf8).write(to: URL(fileURLWithPath: dir + "/tokenizer/spiece.model"))
        let json = ifErrorText { _ = try T5Tokenizer.load(directory: dir) }
        #expect(json?.contains("spiece.model") == true, "\(json ?? "no error")")
    }
}

/// `tokenizer.json` (read when present, as transformers does) gives the same ids as `spiece.model`: the file is
/// written here in the layout transformers 5.24's `save_pretrained` uses (vocab with the 100 extra ids appended,
/// `Precompiled` normalizer) from the fixture's SentencePiece model.
@Suite struct T5TokenizerJSONTests {
    @Test func tokenizerJSONGivesTransformersIDs() throws {
        let fixture = try T5Fixture.load()
        let model = try SentencePieceModelFile.read(path: fixture.snapshot + "/tokenizer/spiece.model")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("t5-json-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/tokenizer", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vocab: [[Any]] = model.pieces.map { [$0.text, Double($0.score)] } + (0..<100).reversed().map { ["<extra_id_\($0)>", 0.0] }
        let json: [String: Any] = [
            "model": ["type": "Unigram", "unk_id": 2, "vocab": vocab, "byte_fallback": false],
            "normalizer": ["type": "Precompiled", "precompiled_charsmap": Data(model.precompiledCharsmap).base64EncodedString()],
        ]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: dir + "/tokenizer/tokenizer.json"))
        let tokenizer = try T5Tokenizer.load(directory: dir)
        #expect(tokenizer.file.hasSuffix("tokenizer.json"))
        for p in fixture.prompts { #expect(tokenizer.encode(p.text).ids == p.ids, "\"\(p.text)\"") }

        try Data("{\"model\": {\"type\": \"BPE\"}}".utf8).write(to: URL(fileURLWithPath: dir + "/tokenizer/tokenizer.json"))
        let error = ifErrorText { _ = try T5Tokenizer.load(directory: dir) }
        #expect(error?.contains("tokenizer.json") == true && error?.contains("Unigram") == true, "\(error ?? "no error")")
    }
}
