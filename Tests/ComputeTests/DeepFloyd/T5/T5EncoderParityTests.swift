import Foundation
import Testing
@testable import Compute

/// The native encoder against transformers' `T5EncoderModel` on the fixture snapshot, through the path a user's
/// snapshot takes (`T5TextEncoder.open` on the folder): every prompt's `[77, 16]` output within 1e-4 for the F32
/// file, the F16 variant (with `wo` kept F32 and only `encoder.embed_tokens.weight` stored) and the BF16 variant
/// in two shards. transformers' own fp32-vs-fp64 difference on these weights is 3.4e-5.
@Suite struct T5EncoderParityTests {
    @Test(arguments: [(nil, "out"), ("fp16", "out_fp16"), ("bf16", "out_bf16")] as [(String?, String)])
    func outputsMatchTransformers(variant: String?, key: String) throws {
        let fixture = try T5Fixture.load()
        let encoder = try T5TextEncoder.open(modelDir: fixture.snapshot, variant: variant)
        let files = (encoder.encoder.weights as? IFSnapshotWeights)?.files.map { ($0.path as NSString).lastPathComponent }
        switch variant {
        case nil: #expect(files == ["model.safetensors"])
        case "fp16": #expect(files == ["model.fp16.safetensors"])
        default: #expect(files == ["model.bf16-00001-of-00002.safetensors", "model.bf16-00002-of-00002.safetensors"])
        }
        let outputs = try encoder.encode(fixture.prompts.map(\.text))
        var worst: Float = 0
        for (k, out) in outputs.enumerated() {
            let expected = try fixture.outputs.tensor("\(key).\(k)")
            let diff = ifMaxDiff(out, expected)
            worst = max(worst, diff)
            #expect(diff < 1e-4, "prompt \(k) \"\(fixture.prompts[k].text)\" \(key): max |Δ| \(diff)")
        }
        print("T5 parity \(key): max |Δ| \(worst) over \(outputs.count) prompts")
    }

    @Test func onePromptAloneEqualsItsRowInABatch() throws {
        let fixture = try T5Fixture.load()
        let encoder = try T5TextEncoder.open(modelDir: fixture.snapshot)
        let alone = try encoder.encode(["a pencil"])[0]
        let batch = try encoder.encode(["a coffee cup with a handle", "a pencil"])[1]
        #expect(ifMaxDiff(alone, batch) < 1e-6)
    }

    @Test func bucketsEqualTorchsForEveryRelativePosition() throws {
        let fixture = try T5Fixture.load()
        for (rel, bucket) in fixture.record.buckets_by_relative_position {
            #expect(T5Encoder.bucket(Int(rel)!, buckets: 32, maxDistance: 128) == bucket, "relative position \(rel)")
        }
        #expect(fixture.record.buckets_by_relative_position.count == 153)
    }
}
