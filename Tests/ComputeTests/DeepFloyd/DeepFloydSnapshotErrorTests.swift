import Foundation
import Testing
@testable import Compute

/// Bad snapshots fail with a message naming the file and the key or tensor at fault, never a crash.
@Suite struct DeepFloydSnapshotErrorTests {
    func unet(_ dir: String) -> String { (dir as NSString).appendingPathComponent("unet") }

    func expect(_ dir: String, variant: String? = nil, mentions words: [String]) {
        let text = ifErrorText { _ = try IFSnapshot.open(modelDir: dir, variant: variant) }
        guard let text else { Issue.record("expected an error mentioning \(words)"); return }
        for w in words { #expect(text.contains(w), "'\(text)' should mention '\(w)'") }
    }

    /// Rewrites the stage I fp32 weights through `edit` (as F32 safetensors).
    func rewriteWeights(_ dir: String, _ edit: (inout [(name: String, tensor: Tensor)]) -> Void) throws {
        let path = (unet(dir) as NSString).appendingPathComponent("diffusion_pytorch_model.safetensors")
        var tensors = try SafeTensors.read(path: path).tensors
        edit(&tensors)
        try SafeTensors.write(tensors, to: path)
    }

    @Test func missingConfigNamesTheFile() throws {
        let dir = try IFFixtures.copy("if-tiny-I")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: unet(dir) + "/config.json")
        expect(dir, mentions: ["config.json", "no such file"])
    }

    @Test func configWithoutARequiredKeyNamesTheKey() throws {
        let dir = try IFFixtures.copy("if-tiny-I")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = unet(dir) + "/config.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        json["block_out_channels"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        expect(dir, mentions: ["config.json", "missing required key 'block_out_channels'"])
    }

    @Test func unsupportedBlockTypeIsNamed() throws {
        let dir = try IFFixtures.copy("if-tiny-I")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = unet(dir) + "/config.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "\"UNetMidBlock2DSimpleCrossAttn\"", with: "\"UNetMidBlock2DCrossAttn\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        expect(dir, mentions: ["mid_block_type", "UNetMidBlock2DCrossAttn", "not supported"])
    }

    @Test func missingTensorIsNamed() throws {
        let dir = try IFFixtures.copy("if-tiny-I")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try rewriteWeights(dir) { $0.removeAll { $0.name == "mid_block.attentions.0.add_k_proj.weight" } }
        expect(dir, mentions: ["missing tensor 'mid_block.attentions.0.add_k_proj.weight'", "diffusion_pytorch_model.safetensors"])
    }

    @Test func wrongShapeNamesTensorAndBothShapes() throws {
        let dir = try IFFixtures.copy("if-tiny-I")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try rewriteWeights(dir) { ts in
            if let i = ts.firstIndex(where: { $0.name == "up_blocks.0.resnets.1.conv1.weight" }) {
                let t = ts[i].tensor
                ts[i].tensor = Tensor(shape: [t.shape[0], t.shape[1], 9, 1], data: t.data)
            }
        }
        expect(dir, mentions: ["up_blocks.0.resnets.1.conv1.weight", "[32, 48, 9, 1]", "[32, 48, 3, 3]"])
    }

    @Test func truncatedShardIsNamed() throws {
        let dir = try IFFixtures.copy("if-tiny-II")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shard = unet(dir) + "/diffusion_pytorch_model-00002-of-00003.safetensors"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: shard))
        try bytes.prefix(bytes.count - 1000).write(to: URL(fileURLWithPath: shard))
        expect(dir, mentions: ["diffusion_pytorch_model-00002-of-00003.safetensors", "truncated"])
    }

    @Test func missingShardIsNamed() throws {
        let dir = try IFFixtures.copy("if-tiny-II")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: unet(dir) + "/diffusion_pytorch_model-00003-of-00003.safetensors")
        expect(dir, mentions: ["diffusion_pytorch_model-00003-of-00003.safetensors", "index"])
    }

    @Test func missingVariantIsNamed() throws {
        expect(try IFFixtures.path("if-tiny-II"), variant: "fp16", mentions: ["diffusion_pytorch_model.fp16.safetensors"])
    }
}
