import Foundation
import Testing
@testable import Compute

/// The encoder's blockwise projection (weights widened ~8 MB of rows at a time right before each block's sgemm)
/// equals one sgemm on the whole widened weight, for a weight of several blocks with a partial last one, from a
/// memory-mapped F32 file and from fp16 weights in memory (the benchmark's source).
@Suite struct T5ProjectionTests {
    @Test func blocksEqualOneProjection() throws {
        var stream = RandomStream(seed: 11, streamNamed: "t5 projection")
        let weight = stream.normalTensor(shape: [300, 8192])   // 2^21 / 8192 = 256 rows a block: 256 + 44
        #expect(T5Layers.blockFloats / 8192 == 256)
        let x = stream.normalTensor(shape: [5, 8192])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("t5-proj-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors.write([("w", weight)], to: path)
        let mapped = try IFSnapshotWeights(files: [path])
        let expected = IFLinear.forward(x, weight: weight, bias: nil)
        #expect(ifMaxDiff(try T5Layers(source: mapped).project("w", x), expected) < 1e-3)

        let halves = IFMemoryWeights(["w": weight], asHalf: true)
        let widened = try halves.tensor("w")
        #expect(ifMaxDiff(try T5Layers(source: halves).project("w", x), IFLinear.forward(x, weight: widened, bias: nil)) < 1e-3)
        #expect(throws: IFError.self) { try T5Layers(source: halves).project("missing", x) }
    }
}
