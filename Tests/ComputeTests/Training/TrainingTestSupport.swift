import Foundation
@testable import Compute

/// The first `train` training and `test` test images of the real MNIST, as a small data set for fast runs.
func mnistSubset(train: Int, test: Int = 0) throws -> MNIST {
    let full = try realMNIST.get()
    let p = MNIST.pixelsPerImage
    return MNIST(trainImages: Array(full.trainImages[0..<(train * p)]), trainLabels: Array(full.trainLabels[0..<train]),
                 testImages: Array(full.testImages[0..<(test * p)]), testLabels: Array(full.testLabels[0..<test]))
}

/// A fresh empty folder under the system temp directory.
func temporaryFolder(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.path + "/training-tests-\(name)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Every parameter and buffer of a model, by name, for bit-for-bit comparisons.
func weights(_ model: DigitModel) -> [String: [Float]] {
    Dictionary(uniqueKeysWithValues: model.module.stateDict().map { ($0.name, $0.tensor.data) })
}

func tinyConfig(_ kind: ModelKind, epochs: Int, keep: [Int] = []) -> TrainingConfig {
    TrainingConfig(kind: kind, D: 4, batchSize: 32, epochs: epochs, learningRate: 3e-3, lrGamma: 0.5,
                   imagesPerEpoch: 256, T: 50, pUncond: 0.3, seed: 7, keepEpochs: keep)
}
