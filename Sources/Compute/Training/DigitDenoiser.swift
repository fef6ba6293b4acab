/// The time- or class-conditioned digit UNet seen through the diffusion `Denoiser` protocol, so Part B's
/// sampler is the same code as Part A's. Timestep index t enters as `DigitTime.normalized` (as in training);
/// `.label(k)` becomes the one-hot row k and `.null` the zero row (the dropped-class input of training).
///
/// Construction puts the model in eval mode (BatchNorm running statistics): the module is shared, so a
/// caller that wants to train it again must call `train()` itself.
public struct DigitDenoiser: Denoiser {
    public let schedule: NoiseSchedule
    public let imageSize = 28
    public let channels = 1
    public let model: DigitModel
    public let classes = 10

    /// `model` must be `.time` or `.classConditioned`; `config` gives T and the β range it was trained with.
    public init(model: DigitModel, config: TrainingConfig) throws {
        guard model.kind == .time || model.kind == .classConditioned else {
            throw TrainingError.wrongModelKind(expected: .time, got: model.kind)
        }
        schedule = try NoiseSchedule.linear(T: config.T, betaStart: config.betaStart, betaEnd: config.betaEnd)
        self.model = model
        model.module.eval()
    }

    public func predict(_ x: Tensor, timesteps: [Int], conditioning: [Conditioning]) throws -> DenoiserOutput {
        let n = x.shape.first ?? 0
        guard x.shape == [n, 1, imageSize, imageSize] else {
            throw DiffusionError.shapeMismatch(what: "digit UNet input", expected: [n, 1, imageSize, imageSize], got: x.shape)
        }
        guard timesteps.count == n else {
            throw DiffusionError.batchMismatch(what: "timesteps", expected: n, got: timesteps.count)
        }
        guard conditioning.count == n else {
            throw DiffusionError.batchMismatch(what: "conditioning", expected: n, got: conditioning.count)
        }
        if let bad = timesteps.first(where: { $0 < 0 || $0 >= schedule.T }) {
            throw DiffusionError.timestepOutOfRange(t: bad, T: schedule.T)
        }
        let t = DigitTime.column(timesteps, T: schedule.T)
        switch model {
        case .time(let unet):
            guard conditioning.allSatisfy({ $0 == .null }) else {
                throw TrainingError.invalidArgument("the time-conditioned UNet takes no class; pass .null conditioning")
            }
            return DenoiserOutput(epsilon: unet.predict(x, t: t))
        case .classConditioned(let unet):
            return DenoiserOutput(epsilon: unet.predict(x, c: try classVectors(conditioning), t: t))
        default:
            throw TrainingError.wrongModelKind(expected: .classConditioned, got: model.kind)
        }
    }

    /// The [N, 10] class input for a batch of conditionings.
    public func classVectors(_ conditioning: [Conditioning]) throws -> Tensor {
        let labels: [Int?] = try conditioning.map {
            switch $0 {
            case .null: return nil
            case .label(let k) where (0..<classes).contains(k): return k
            case .label(let k): throw TrainingError.invalidArgument("class label \(k) is not a digit 0...9")
            case .embedding: throw TrainingError.invalidArgument("the digit UNet takes class labels, not embeddings")
            }
        }
        return DigitTime.oneHot(labels, classes: classes)
    }
}
