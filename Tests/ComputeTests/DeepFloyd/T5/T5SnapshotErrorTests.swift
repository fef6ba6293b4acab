import Foundation
import Testing
@testable import Compute

/// Bad text-encoder snapshots fail with a message naming the file or tensor at fault, never a crash.
@Suite struct T5SnapshotErrorTests {
    func expect(_ dir: String, variant: String? = nil, mentions words: [String]) {
        let text = ifErrorText { _ = try T5TextEncoder.open(modelDir: dir, variant: variant) }
        guard let text else { Issue.record("expected an error mentioning \(words)"); return }
        for w in words { #expect(text.contains(w), "'\(text)' should mention '\(w)'") }
    }

    @Test func missingTokenizerNamesSpieceModel() throws {
        let dir = try IFFixtures.copy("t5-tiny")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/tokenizer/spiece.model")
        expect(dir, mentions: ["tokenizer/spiece.model", "no such file"])
    }

    @Test func missingConfigNamesIt() throws {
        let dir = try IFFixtures.copy("t5-tiny")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/text_encoder/config.json")
        expect(dir, mentions: ["text_encoder/config.json", "no such file"])
    }

    @Test func aT5v10ConfigIsRefusedByKey() throws {
        let dir = try IFFixtures.copy("t5-tiny")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/text_encoder/config.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        json["feed_forward_proj"] = "relu"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        expect(dir, mentions: ["config.json", "feed_forward_proj", "relu", "gated-gelu"])
    }

    @Test func wrongShapeNamesTheTensorAndFile() throws {
        let dir = try IFFixtures.copy("t5-tiny")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/text_encoder/model.safetensors"
        var tensors = try SafeTensors.read(path: path).tensors
        let i = tensors.firstIndex { $0.name == "encoder.block.1.layer.1.DenseReluDense.wi_1.weight" }!
        tensors[i].tensor = Tensor(shape: [23, 16], data: Array(tensors[i].tensor.data.prefix(23 * 16)))
        try SafeTensors.write(tensors, to: path)
        expect(dir, mentions: ["model.safetensors", "encoder.block.1.layer.1.DenseReluDense.wi_1.weight", "[23, 16]", "[24, 16]"])
    }

    @Test func missingTensorNamesIt() throws {
        let dir = try IFFixtures.copy("t5-tiny")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/text_encoder/model.safetensors"
        let tensors = try SafeTensors.read(path: path).tensors.filter { $0.name != "encoder.final_layer_norm.weight" }
        try SafeTensors.write(tensors, to: path)
        expect(dir, mentions: ["model.safetensors", "encoder.final_layer_norm.weight", "config.json"])
    }

    @Test func truncatedShardNamesTheShard() throws {
        let dir = try IFFixtures.copy("t5-tiny")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/text_encoder/model.bf16-00002-of-00002.safetensors"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: path))
        expect(dir, variant: "bf16", mentions: ["model.bf16-00002-of-00002.safetensors", "truncated"])
    }

    @Test func missingShardNamesItAndTheIndex() throws {
        let dir = try IFFixtures.copy("t5-tiny")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/text_encoder/model.bf16-00001-of-00002.safetensors")
        expect(dir, variant: "bf16", mentions: ["model.bf16-00001-of-00002.safetensors", "model.safetensors.index.bf16.json"])
    }

    @Test func absentVariantNamesTheFilesLookedFor() throws {
        let dir = try IFFixtures.copy("t5-tiny")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        expect(dir, variant: "int8", mentions: ["model.int8.safetensors", "T5 text encoder weights"])
    }
}
