/// The differentiable ops the UNets need, each a thin wrapper that runs a kernel from `Ops` forward and
/// records its backward. Kernel backwards ADD into gradient buffers, which is what makes a variable used
/// twice (skip connections) accumulate both contributions.
extension Graph {
    public func conv2d(_ x: Variable, weight: Variable, bias: Variable?, stride: Int, padding: Int) -> Variable {
        let y = result(Conv2d.forward(x.value, weight: weight.value, bias: bias?.value, stride: stride, padding: padding),
                       from: x, weight, bias)
        record(y) { gy in
            var gx = x.requiresGrad ? x.takeGrad() : Tensor(zeros: x.shape)
            var gw = weight.takeGrad()
            var gb = bias?.takeGrad() ?? Tensor(zeros: [weight.shape[0]])
            Conv2d.backward(x.value, weight: weight.value, gradOutput: gy, stride: stride, padding: padding,
                            gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: x.requiresGrad)
            x.give(gx); weight.give(gw); bias?.give(gb)
        }
        return y
    }

    public func convTranspose2d(_ x: Variable, weight: Variable, bias: Variable?, stride: Int, padding: Int) -> Variable {
        let y = result(ConvTranspose2d.forward(x.value, weight: weight.value, bias: bias?.value, stride: stride, padding: padding),
                       from: x, weight, bias)
        record(y) { gy in
            var gx = x.requiresGrad ? x.takeGrad() : Tensor(zeros: x.shape)
            var gw = weight.takeGrad()
            var gb = bias?.takeGrad() ?? Tensor(zeros: [weight.shape[1]])
            ConvTranspose2d.backward(x.value, weight: weight.value, gradOutput: gy, stride: stride, padding: padding,
                                     gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: x.requiresGrad)
            x.give(gx); weight.give(gw); bias?.give(gb)
        }
        return y
    }

    /// Training mode normalises with batch statistics and updates the running buffers in place (even when
    /// not recording, as PyTorch does in train mode under no_grad); eval mode uses the running buffers.
    public func batchNorm2d(_ x: Variable, gamma: Variable, beta: Variable, runningMean: Buffer, runningVar: Buffer,
                            batchesTracked: Buffer?, training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> Variable {
        normalise(x, gamma: gamma, beta: beta, runningMean: runningMean, runningVar: runningVar,
                  batchesTracked: batchesTracked, training: training, momentum: momentum, eps: eps, gelu: false)
    }

    /// gelu(batchNorm2d(x)) in one kernel; same semantics and buffer updates as the pair.
    public func batchNormGELU(_ x: Variable, gamma: Variable, beta: Variable, runningMean: Buffer, runningVar: Buffer,
                              batchesTracked: Buffer?, training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> Variable {
        normalise(x, gamma: gamma, beta: beta, runningMean: runningMean, runningVar: runningVar,
                  batchesTracked: batchesTracked, training: training, momentum: momentum, eps: eps, gelu: true)
    }

    private func normalise(_ x: Variable, gamma: Variable, beta: Variable, runningMean: Buffer, runningVar: Buffer,
                           batchesTracked: Buffer?, training: Bool, momentum: Float, eps: Float, gelu: Bool) -> Variable {
        let (value, saved) = BatchNorm2d.forward(x.value, gamma: gamma.value, beta: beta.value,
                                                 runningMean: &runningMean.value, runningVar: &runningVar.value,
                                                 training: training, momentum: momentum, eps: eps, gelu: gelu,
                                                 keepDerivative: recording)
        if training, let counter = batchesTracked { counter.value.data[0] += 1 }
        let y = result(value, from: x, gamma, beta)
        record(y) { gy in
            var gx = x.takeGrad(), gg = gamma.takeGrad(), gb = beta.takeGrad()
            if gelu {
                BatchNormGELU.backward(x.value, gamma: gamma.value, beta: beta.value, saved: saved, gradOutput: gy,
                                       training: training, gradInput: &gx, gradGamma: &gg, gradBeta: &gb)
            } else {
                BatchNorm2d.backward(x.value, gamma: gamma.value, saved: saved, gradOutput: gy, training: training,
                                     gradInput: &gx, gradGamma: &gg, gradBeta: &gb)
            }
            x.give(gx); gamma.give(gg); beta.give(gb)
        }
        return y
    }

    public func gelu(_ x: Variable) -> Variable {
        let y = result(GELU.forward(x.value), from: x)
        record(y) { gy in
            var gx = x.takeGrad()
            GELU.backward(x.value, gradOutput: gy, gradInput: &gx)
            x.give(gx)
        }
        return y
    }

    public func avgPool2d(_ x: Variable, kernel: Int) -> Variable {
        let y = result(AvgPool2d.forward(x.value, kernel: kernel), from: x)
        record(y) { gy in
            var gx = x.takeGrad()
            AvgPool2d.backward(gradOutput: gy, kernel: kernel, gradInput: &gx)
            x.give(gx)
        }
        return y
    }

    public func linear(_ x: Variable, weight: Variable, bias: Variable?) -> Variable {
        let y = result(Linear.forward(x.value, weight: weight.value, bias: bias?.value), from: x, weight, bias)
        record(y) { gy in
            var gx = x.requiresGrad ? x.takeGrad() : Tensor(zeros: x.shape)
            var gw = weight.takeGrad()
            var gb = bias?.takeGrad() ?? Tensor(zeros: [weight.shape[0]])
            Linear.backward(x.value, weight: weight.value, gradOutput: gy,
                            gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: x.requiresGrad)
            x.give(gx); weight.give(gw); bias?.give(gb)
        }
        return y
    }

    /// torch.cat([a, b], 1) for NCHW tensors.
    public func concatChannels(_ a: Variable, _ b: Variable) -> Variable {
        let y = result(ConcatChannels.forward(a.value, b.value), from: a, b)
        record(y) { gy in
            var ga = a.takeGrad(), gb = b.takeGrad()
            ConcatChannels.backward(gradOutput: gy, gradA: &ga, gradB: &gb)
            a.give(ga); b.give(gb)
        }
        return y
    }

    /// x + v[:, :, None, None]
    public func addChannels(_ x: Variable, _ v: Variable) -> Variable {
        let y = result(ChannelBroadcast.add(x.value, v.value), from: x, v)
        record(y) { gy in
            var gx = x.takeGrad(), gv = v.takeGrad()
            ChannelBroadcast.addBackward(gradOutput: gy, gradX: &gx, gradV: &gv)
            x.give(gx); v.give(gv)
        }
        return y
    }

    /// x * v[:, :, None, None]
    public func multiplyChannels(_ x: Variable, _ v: Variable) -> Variable {
        let y = result(ChannelBroadcast.multiply(x.value, v.value), from: x, v)
        record(y) { gy in
            var gx = x.takeGrad(), gv = v.takeGrad()
            ChannelBroadcast.multiplyBackward(x.value, v.value, gradOutput: gy, gradX: &gx, gradV: &gv)
            x.give(gx); v.give(gv)
        }
        return y
    }

    /// Mean squared error over all elements, as a one-value variable (shape []).
    public func mseLoss(_ prediction: Variable, _ target: Tensor) -> Variable {
        let y = result(Tensor(shape: [], data: [MSELoss.forward(prediction.value, target)]), from: prediction)
        record(y) { gy in
            var gp = prediction.takeGrad()
            MSELoss.backward(prediction.value, target, gradOutput: gy.data[0], gradPrediction: &gp)
            prediction.give(gp)
        }
        return y
    }
}
