import Foundation
import Testing
@testable import Compute

/// The tiny IF-shaped UNets against diffusers 0.42.1 (fixtures from tools/make_if_reference.py), loaded through
/// `IFSnapshot.open` exactly as a user's snapshot is: the output and every recorded intermediate within 1e-4.
@Suite(.serialized) struct DeepFloydUNetParityTests {
    /// Runs the snapshot on the fixture's inputs; returns the output and the intermediates by name.
    func run(_ snapshot: IFSnapshot, _ io: SafeTensorsFile) throws -> (Tensor, [String: Tensor]) {
        let unet = try IFUNet(snapshot: snapshot)
        var acts: [String: Tensor] = [:]
        let out = try unet.forward(sample: io.tensor("sample"), timesteps: io.tensor("timestep").data,
                                   text: io.tensor("encoder_hidden_states"), classLabels: io["class_labels"]?.data,
                                   record: { acts[$0] = $1 })
        return (out, acts)
    }

    func expectAgreement(_ name: String, variant: String? = nil) throws {
        let io = try IFFixtures.io(name)
        let (out, acts) = try run(try IFSnapshot.open(modelDir: IFFixtures.path(name), variant: variant), io)
        #expect(ifMaxDiff(out, try io.tensor("out")) < 1e-4)
        let recorded = io.names.filter { $0.hasPrefix("act.") }
        #expect(recorded.count >= 12, "fixture should hold the intermediates")
        for key in recorded {
            guard let mine = acts[key] else { Issue.record("no intermediate \(key)"); continue }
            let d = ifMaxDiff(mine, try io.tensor(key))
            #expect(d < 1e-4, "\(name) \(key): max diff \(d)")
        }
    }

    @Test func stageIMatchesDiffusersOnOutputAndEveryIntermediate() throws {
        try expectAgreement("if-tiny-I")
    }

    @Test func stageIIShardedWithNoiseLevelMatchesDiffusers() throws {
        try expectAgreement("if-tiny-II")
    }

    @Test func defaultPicksTheFloat32WeightsWhenBothAreThere() throws {
        let snapshot = try IFSnapshot.open(modelDir: IFFixtures.path("if-tiny-I"))
        #expect(snapshot.weights.dtypes == ["F32"])
        #expect(try IFSnapshot.open(modelDir: IFFixtures.path("if-tiny-I"), variant: "fp16").weights.dtypes == ["F16"])
    }

    /// The fp16 variant widened to Float32 must equal diffusers run with the same fp16-rounded weights (1e-4).
    /// Against the fp32 weights it can only agree to the rounding of the weights: relative 2^-11 per weight,
    /// grown through ~20 layers to about 1e-2 at outputs of magnitude ~2, so 3e-2 is the bound there.
    @Test func fp16VariantMatchesDiffusersWithFp16RoundedWeights() throws {
        let io = try IFFixtures.io("if-tiny-I")
        let (out, _) = try run(try IFSnapshot.open(modelDir: IFFixtures.path("if-tiny-I"), variant: "fp16"), io)
        #expect(ifMaxDiff(out, try io.tensor("out_fp16")) < 1e-4)
        let vsFloat = ifMaxDiff(out, try io.tensor("out"))
        #expect(vsFloat < 3e-2)
        #expect(vsFloat > 1e-6, "the fp16 weights should differ from the fp32 ones")
    }

    @Test func snapshotRootOrUnetFolderBothWork() throws {
        let root = try IFSnapshot.open(modelDir: IFFixtures.path("if-tiny-II"))
        let unet = try IFSnapshot.open(modelDir: IFFixtures.path("if-tiny-II/unet"))
        #expect(root.unetDirectory == unet.unetDirectory)
        #expect(root.weights.files.count == 3)
        #expect(root.config.classEmbedType == "timestep")
        #expect(root.config.layersPerBlock == [1, 1, 2])
    }

    @Test func aShardedVariantIsFoundWithOrWithoutNaming() throws {
        let dir = try IFFixtures.copy("if-tiny-II")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let unet = (dir as NSString).appendingPathComponent("unet")
        try FileManager.default.moveItem(atPath: unet + "/diffusion_pytorch_model.safetensors.index.json",
                                         toPath: unet + "/diffusion_pytorch_model.safetensors.index.fp16.json")
        #expect(try IFSnapshot.open(modelDir: dir).weights.files.count == 3)
        #expect(try IFSnapshot.open(modelDir: dir, variant: "fp16").weights.files.count == 3)
    }

    @Test func stageIIWithoutNoiseLevelIsAClearError() throws {
        let io = try IFFixtures.io("if-tiny-II")
        let unet = try IFUNet(snapshot: IFSnapshot.open(modelDir: IFFixtures.path("if-tiny-II")))
        let text = ifErrorText {
            _ = try unet.forward(sample: io.tensor("sample"), timesteps: io.tensor("timestep").data,
                                 text: io.tensor("encoder_hidden_states"))
        }
        #expect(text?.contains("class_labels") == true)
    }
}
