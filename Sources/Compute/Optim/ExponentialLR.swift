/// torch.optim.lr_scheduler.ExponentialLR: after each epoch, lr *= gamma (chainable form, as PyTorch
/// computes it), so a resumed run continues the same sequence.
public final class ExponentialLR {
    public let optimizer: Adam
    public let gamma: Double
    public private(set) var epoch = 0

    public init(_ optimizer: Adam, gamma: Double) {
        self.optimizer = optimizer
        self.gamma = gamma
    }

    public func step() {
        epoch += 1
        optimizer.lr *= gamma
    }

    /// Restores a saved position without replaying the steps.
    public func restore(epoch: Int) {
        self.epoch = epoch
    }
}
