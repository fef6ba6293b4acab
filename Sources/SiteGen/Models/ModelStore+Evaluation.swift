import Compute

extension ModelStore {
    /// The seed of the evaluation's samples and noise (the site's seed plus 3, as the evaluation figure had).
    static let evaluationSeed: UInt64 = SiteSeed.value + 3

    /// The quality numbers of `ref`: read from a published model's metadata, computed for a trained one (the
    /// evaluation figure's cache then keeps them). The class-conditioned model's accuracy is judged by the
    /// profile's classifier.
    public func evaluation(_ ref: ModelRef, log: @escaping (String) -> Void = { _ in }) throws -> ModelEvaluation {
        if case .published = ref.origin { return try publishedMetadata(ref).evaluation }
        let judge = set.final(.classifier)
        return try ModelEvaluation.compute(
            config: ref.config, epoch: ref.epoch, losses: losses(ref), model: model(ref),
            judge: ref.kind == .classConditioned ? (try classifier(judge), judge.figureInput.hash) : nil,
            mnist: mnist(), log: { log("evaluating \(ref): \($0)") })
    }
}

extension ModelEvaluation {
    /// The epochs whose losses are reported: 1, 5 and the last for the DDPMs (the course's marks), 1 and the
    /// last for the others.
    public static func reportedEpochs(_ config: TrainingConfig) -> [Int] {
        let marks = config.kind == .time || config.kind == .classConditioned ? [1, 5, config.epochs] : [1, config.epochs]
        return Array(Set(marks)).sorted()
    }

    /// Every number of one model after `epoch`: losses for all; for a final epoch the class accuracy of
    /// `samplesPerDigit` guided samples of each digit (judged by `judge`), the denoiser's MSE on the whole test
    /// set, or the classifier's test accuracy.
    public static func compute(config: TrainingConfig, epoch: Int, losses: [Float], model: DigitModel,
                               judge: (classifier: DigitClassifier, identity: String)?, mnist: MNIST,
                               samplesPerDigit: Int = 100, log: (String) -> Void = { _ in }) throws -> ModelEvaluation {
        let steps = config.stepsPerEpoch(available: mnist.count(.train))
        var result = ModelEvaluation(losses: losses, stepsPerEpoch: steps,
                                     epochs: reportedEpochs(config).filter { $0 <= epoch })
        guard epoch == config.epochs else { return result }
        switch model {
        case .classConditioned:
            guard let judge else { throw ModelStoreError("evaluating \(config.kind.rawValue) needs the evaluation classifier") }
            result.classAccuracy = try classAccuracy(
                of: DigitDenoiser(model: model, config: config), classifier: judge.classifier, judgedBy: judge.identity,
                samplesPerDigit: samplesPerDigit, seed: ModelStore.evaluationSeed,
                progress: { done, total in log("\(done) of \(total) samples") })
        case .denoiser(let unet):
            let mse = Evaluation.denoiserTestMSE(unet, data: mnist, sigma: 0.5, seed: ModelStore.evaluationSeed)
            result.denoiserTestMSE = .init(sigma: 0.5, testImages: mnist.count(.test), mse: mse)
        case .classifier(let network):
            result.classifierTestAccuracy = try Evaluation.testAccuracy(of: network, data: mnist)
        case .time:
            break
        }
        return result
    }
}
