import Foundation
import Testing
@testable import Compute

@Suite struct TrainingClassifierTests {
    @Test func briefTrainingOnAFewThousandImagesScoresAbove90Percent() throws {
        let data = try mnistSubset(train: 4000, test: 1000)
        let root = temporaryFolder("classifier")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = TrainingConfig(kind: .classifier, D: 8, batchSize: 64, epochs: 2, learningRate: 3e-3, seed: 1)
        let run = try Trainer(config: config, data: data, runsDirectory: root).run()
        guard case .classifier(let classifier) = run.model else { Issue.record("not a classifier"); return }
        let accuracy = try Evaluation.testAccuracy(of: classifier, data: data)
        #expect(accuracy > 0.9, "held-out accuracy \(accuracy)")

        // Real test digits count as their own class; shuffled labels do not.
        let images = data.images(.test, indices: Array(0..<200)), labels = data.labels(.test, indices: Array(0..<200))
        #expect(try Evaluation.classAccuracy(of: images, labels: labels, classifier: classifier) > 0.85)
        #expect(try Evaluation.classAccuracy(of: images, labels: labels.map { ($0 + 1) % 10 }, classifier: classifier) < 0.2)
    }

    @Test func denoiserTestMSEOfTheIdentityIsTheNoiseVariance() throws {
        // An untrained UNet is no identity, so check the formula on a model we know: D(z) = 0 gives E[x²].
        let data = try mnistSubset(train: 1, test: 100)
        let config = TrainingConfig(kind: .denoiser, D: 2, batchSize: 1, epochs: 1, learningRate: 1e-3)
        guard case .denoiser(let unet) = DigitModel(config: config) else { Issue.record("not a denoiser"); return }
        for (_, p) in unet.namedParameters() { p.value = Tensor(zeros: p.value.shape) }
        let mse = Evaluation.denoiserTestMSE(unet, data: data, count: 100)
        let x = data.images(.test, indices: Array(0..<100)).data
        let meanSquare = x.reduce(0.0) { $0 + Double($1 * $1) } / Double(x.count)
        #expect(abs(mse - meanSquare) < 1e-6)
    }
}
