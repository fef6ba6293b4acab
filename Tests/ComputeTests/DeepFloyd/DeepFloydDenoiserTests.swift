import Foundation
import Testing
@testable import Compute

/// The stage I UNet behind the Part A `Denoiser` protocol.
@Suite struct DeepFloydDenoiserTests {
    @Test func splitsTheOutputIntoEpsilonAndVariance() throws {
        let io = try IFFixtures.io("if-tiny-I")
        let unet = try IFUNet(snapshot: IFSnapshot.open(modelDir: IFFixtures.path("if-tiny-I")))
        let text = try io.tensor("encoder_hidden_states")                       // [2, 5, 16]
        let per = text.count / 2
        let first = Tensor(shape: [5, 16], data: Array(text.data[..<per]))
        let second = Tensor(shape: [1, 5, 16], data: Array(text.data[per...]))
        let denoiser = try IFDenoiser(unet: unet, nullEmbedding: second)
        let ts = try io.tensor("timestep").data.map { Int($0) }
        let out = try denoiser.predict(io.tensor("sample"), timesteps: ts, conditioning: [.embedding(first), .null])
        let ref = try io.tensor("out")                                             // [2, 6, 16, 16]
        let plane = 3 * 256
        let eps = Tensor(shape: [2, 3, 16, 16], data: Array(ref.data[0..<plane] + ref.data[2 * plane..<3 * plane]))
        let v = Tensor(shape: [2, 3, 16, 16], data: Array(ref.data[plane..<2 * plane] + ref.data[3 * plane..<4 * plane]))
        #expect(ifMaxDiff(out.epsilon, eps) < 1e-4)
        #expect(ifMaxDiff(try #require(out.variance), v) < 1e-4)
        #expect(denoiser.channels == 3 && denoiser.imageSize == 16)
    }

    @Test func classLabelsAreRejected() throws {
        let unet = try IFUNet(snapshot: IFSnapshot.open(modelDir: IFFixtures.path("if-tiny-I")))
        let denoiser = try IFDenoiser(unet: unet, nullEmbedding: Tensor(zeros: [5, 16]))
        let text = ifErrorText {
            _ = try denoiser.predict(Tensor(zeros: [1, 3, 16, 16]), timesteps: [10], conditioning: [.label(3)])
        }
        #expect(text?.contains("text embeddings") == true)
    }
}
