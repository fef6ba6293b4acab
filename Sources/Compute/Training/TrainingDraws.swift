/// Every random number of a training run, addressed by what it is for and by (epoch, step) — never by a
/// running cursor — so a run resumed at epoch e draws exactly what an uninterrupted run draws there.
///
/// Each (purpose, epoch, step) has its own Philox stream, named "<kind>/<purpose>/e<epoch>/s<step>", read
/// from word 0; the epoch shuffle is `Philox.epochPermutation` of the stream "<kind>/shuffle".
struct TrainingDraws {
    let seed: UInt64
    let kind: ModelKind

    init(config: TrainingConfig) {
        seed = config.seed
        kind = config.kind
    }

    /// The order of all `n` training images in epoch `epoch` (0-based).
    func shuffle(_ n: Int, epoch: Int) -> [Int] {
        Philox(seed: seed, streamNamed: "\(kind.rawValue)/shuffle").epochPermutation(n, epoch: epoch)
    }

    func stream(_ purpose: String, epoch: Int, step: Int) -> RandomStream {
        RandomStream(seed: seed, streamNamed: "\(kind.rawValue)/\(purpose)/e\(epoch)/s\(step)")
    }

    func noise(shape: [Int], epoch: Int, step: Int) -> Tensor {
        var s = stream("noise", epoch: epoch, step: step)
        return s.normalTensor(shape: shape)
    }

    /// 0-based diffusion timesteps, uniform over 0..<T.
    func timesteps(count: Int, T: Int, epoch: Int, step: Int) -> [Int] {
        var s = stream("t", epoch: epoch, step: step)
        return (0..<count).map { _ in s.int(below: T) }
    }

    /// true = replace this sample's class vector by zeros.
    func dropMask(count: Int, p: Double, epoch: Int, step: Int) -> [Bool] {
        var s = stream("uncond", epoch: epoch, step: step)
        return (0..<count).map { _ in s.bernoulli(Float(p)) }
    }
}
