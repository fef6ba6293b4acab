import Compute
import Foundation
import Testing
@testable import SiteGen

/// Part A on DeepFloyd with prompts that are in no embeddings file: the tiny IF stage I snapshot together with the
/// tiny T5 encoder and tokenizer of ComputeTests' fixtures (both 16 wide), the prompts encoded natively.
@Suite(.serialized) struct DeepFloydNativePromptsTests {
    static let fixtures = TestPaths.repoRoot + "/Tests/ComputeTests/Fixtures/deepfloyd"

    /// A snapshot folder with unet/ (if-tiny-I), text_encoder/ and tokenizer/ (t5-tiny).
    static func snapshot(in root: String) throws -> String {
        let dir = root + "/snapshot"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixtures + "/if-tiny-I/unet", toPath: dir + "/unet")
        for part in ["text_encoder", "tokenizer"] {
            try FileManager.default.copyItem(atPath: fixtures + "/t5-tiny/" + part, toPath: dir + "/" + part)
        }
        return dir
    }

    func project() throws -> (root: String, options: DeepFloydOptions) {
        let (root, base) = try DeepFloydBackendTests().project()
        try FileManager.default.removeItem(atPath: base.promptsFile!)
        return (root, DeepFloydOptions(modelDir: try Self.snapshot(in: root), promptsFile: nil,
                                       timestepsOverride: base.timestepsOverride, embeddingCache: root + "/t5-cache"))
    }

    @Test func everyPartASectionBuildsWithNativelyEncodedPrompts() throws {
        let (root, options) = try project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try DeepFloydBackendTests().builder(root, options).build()
        #expect(report.computed.count == 17 && report.computed.allSatisfy { $0.hasPrefix("a.") })
        for id in report.computed {
            #expect(FileManager.default.fileExists(atPath: root + "/site/figures/\(id).png"), "\(id)")
        }
        // every distinct prompt of Part A (and "") was encoded once and cached
        let prompts = try DeepFloydBackend(options: options, contentDirectory: root + "/content").sets.prompts
        #expect(Set(prompts).count == 14)
        let cached = try FileManager.default.contentsOfDirectory(atPath: options.embeddingCache).filter { $0.hasSuffix(".safetensors") }
        #expect(cached.count == Set(prompts).count)
        let source = IFPromptSource(options: options)
        let identity = T5TextEncoder.identity(modelDir: options.modelDir)
        for p in Set(prompts) { #expect(FileManager.default.fileExists(atPath: source.cachePath(p, identity: identity)), "\"\(p)\"") }
    }

    @Test func aPrecomputedFileWinsAndTheRestIsEncodedAndCached() throws {
        let (root, base) = try project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = base
        options.promptsFile = root + "/prompts.safetensors"
        var stream = RandomStream(seed: 3, streamNamed: "file prompts")
        let fromFile = stream.normalTensor(shape: [1, 77, 16])
        try SafeTensors.write([("a rocket ship", fromFile)], to: options.promptsFile!)   // no "": that one is encoded
        let native = try T5TextEncoder.open(modelDir: options.modelDir).encode(["a pencil", "a rocket ship"])

        let source = IFPromptSource(options: options)
        #expect(try source.embedding("a rocket ship").data == fromFile.data)
        #expect(try source.embedding("a pencil") == native[0])
        #expect(try source.width() == 16)

        // a rebuild reads the cache instead of encoding: a planted entry is what comes back
        let identity = T5TextEncoder.identity(modelDir: options.modelDir)
        let planted = Tensor(shape: [77, 16], data: (0..<(77 * 16)).map { Float($0) })
        try SafeTensors.write([("embedding", planted)], metadata: ["prompt": "a pencil", "encoder": identity],
                              to: source.cachePath("a pencil", identity: identity))
        #expect(try IFPromptSource(options: options).embedding("a pencil") == planted)

        // a corrupt entry is recomputed
        try Data("not safetensors".utf8).write(to: URL(fileURLWithPath: source.cachePath("a pencil", identity: identity)))
        #expect(try IFPromptSource(options: options).embedding("a pencil") == native[0])
    }

    @Test func withoutTextEncoderOrFileTheErrorSaysWhatToAdd() throws {
        let (root, base) = try project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: base.modelDir + "/text_encoder")
        do {
            _ = try IFPromptSource(options: base).embedding("a pencil")
            Issue.record("embedded without encoder or file")
        } catch {
            #expect("\(error)".contains("text_encoder/config.json") && "\(error)".contains("--prompts"), "\(error)")
        }
        #expect(throws: BackendError.self) { try PartABackendChoice.parse("deepfloyd", modelDir: base.modelDir, stage2Dir: nil, prompts: nil) }
    }

    @Test func theSnapshotsEncoderAloneIsEnoughForTheBackend() throws {
        let (root, base) = try project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let options = try #require(try PartABackendChoice.parse("deepfloyd", modelDir: base.modelDir, stage2Dir: nil, prompts: nil).deepfloyd)
        #expect(options.promptsFile == nil)
        #expect(options.textEncoderIdentity() != "none")
    }
}
