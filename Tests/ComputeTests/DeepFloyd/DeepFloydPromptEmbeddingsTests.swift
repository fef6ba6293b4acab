import Foundation
import Testing
@testable import Compute

/// The prompts file: prompt string -> [1, L, D] (or [L, D]) tensor, "" the unconditional embedding.
@Suite struct DeepFloydPromptEmbeddingsTests {
    func write(_ tensors: [(name: String, tensor: Tensor)]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString).safetensors").path
        try SafeTensors.write(tensors, to: path)
        return path
    }

    func ramp(_ shape: [Int], _ offset: Float) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { Float($0) + offset })
    }

    @Test func readsEveryPromptAsTokensByWidth() throws {
        let path = try write([("", ramp([1, 4, 8], 0)), ("a rocket ship", ramp([4, 8], 100)), ("a pencil", ramp([1, 4, 8], 7))])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let prompts = try IFPromptEmbeddings.load(path: path)
        #expect(prompts.prompts == ["", "a pencil", "a rocket ship"])
        #expect(prompts.width == 8)
        let rocket = try prompts.embedding("a rocket ship")
        #expect(rocket.shape == [4, 8])
        #expect(rocket.data == ramp([4, 8], 100).data)
        #expect(try prompts.embedding("a pencil").shape == [4, 8])
        #expect(prompts.null?.data == ramp([4, 8], 0).data)
    }

    @Test func aMissingPromptListsTheAvailableOnes() throws {
        let path = try write([("", ramp([1, 4, 8], 0)), ("a rocket ship", ramp([1, 4, 8], 1))])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let prompts = try IFPromptEmbeddings.load(path: path)
        #expect(throws: IFPromptError.missingPrompt(source: path, prompt: "a pencil", available: ["", "a rocket ship"])) {
            try prompts.embedding("a pencil")
        }
        let message = "\(IFPromptError.missingPrompt(source: path, prompt: "a pencil", available: ["", "a rocket ship"]))"
        #expect(message.contains("\"a rocket ship\"") && message.contains("a pencil"))
    }

    @Test func theEmptyPromptIsRequired() throws {
        let path = try write([("a rocket ship", ramp([1, 4, 8], 1))])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: IFPromptError.noNullPrompt(source: path, available: ["a rocket ship"])) {
            try IFPromptEmbeddings.load(path: path)
        }
    }

    @Test func badShapesAndMixedWidthsNameThePrompt() throws {
        let bad = try write([("", ramp([2, 4, 8], 0))])
        defer { try? FileManager.default.removeItem(atPath: bad) }
        #expect(throws: IFPromptError.badShape(source: bad, prompt: "", shape: [2, 4, 8])) { try IFPromptEmbeddings.load(path: bad) }
        let mixed = try write([("", ramp([4, 8], 0)), ("x", ramp([4, 6], 0))])
        defer { try? FileManager.default.removeItem(atPath: mixed) }
        #expect(throws: IFPromptError.mixedWidths(source: mixed, prompt: "x", width: 6, expected: 8)) {
            try IFPromptEmbeddings.load(path: mixed)
        }
    }

    @Test func aMissingFileSaysHowToMakeOne() {
        #expect(throws: IFError.self) { try IFPromptEmbeddings.load(path: "/nonexistent/prompts.safetensors") }
    }
}
