/// The IF pipelines' classifier-free guidance: the UNet runs on `[negative; prompt]` (negative first), epsilon is
/// `eps_u + g (eps_c - eps_u)` and the learned variance comes from the conditional half alone. With `g <= 1`
/// diffusers skips the unconditional pass; so does `IFGuidance`.
public struct IFGuidance: Sendable {
    public var scale: Float
    /// `[L, D]` each; the same length, as the text batch stacks them.
    public let prompt: Tensor
    public let negative: Tensor

    /// Embeddings `[L, D]` or `[1, L, D]`, checked against the UNet's text width.
    public init(prompt: Tensor, negative: Tensor, scale: Float, textDim: Int) throws {
        self.prompt = try IFDenoiser.tokens(prompt, width: textDim, what: "prompt embedding")
        self.negative = try IFDenoiser.tokens(negative, width: textDim, what: "negative prompt embedding")
        guard self.prompt.shape == self.negative.shape else {
            throw IFError.badInput(what: "prompt embeddings", reason: "prompt \(self.prompt.shape) and negative \(self.negative.shape) must have the same length")
        }
        self.scale = scale
    }

    public var usesCFG: Bool { scale > 1 }
    /// How many copies of the model input one step runs.
    public var batch: Int { usesCFG ? 2 : 1 }

    /// The UNet's text input `[batch, L, D]`.
    public var text: Tensor {
        let s = prompt.shape
        return usesCFG ? Tensor(shape: [2, s[0], s[1]], data: negative.data + prompt.data)
            : Tensor(shape: [1, s[0], s[1]], data: prompt.data)
    }

    /// `out` `[batch, 2C, H, W]` -> guided epsilon and the conditional variance, each `[1, C, H, W]`.
    public func combine(_ out: Tensor) -> (epsilon: Tensor, variance: Tensor) {
        let (c, h, w) = (out.shape[1] / 2, out.shape[2], out.shape[3])
        let half = c * h * w
        let shape = [1, c, h, w]
        let conditional = usesCFG ? 2 * half : 0  // start of the prompt's output
        let variance = Tensor(shape: shape, data: Array(out.data[conditional + half ..< conditional + 2 * half]))
        guard usesCFG else { return (Tensor(shape: shape, data: Array(out.data[0 ..< half])), variance) }
        let g = scale
        let eps = (0..<half).map { i -> Float in
            let u = out.data[i], t = out.data[conditional + i]
            return u + g * (t - u)
        }
        return (Tensor(shape: shape, data: eps), variance)
    }

    /// Both pipelines' loop: at each timestep one guided UNet call (`forward(x_t, t)` returns the raw output of
    /// the batched call), then a scheduler step with step i's noise, drawn only while t > 0 as diffusers does.
    func denoise(_ start: Tensor, timesteps: [Int], scheduler: IFScheduler, stepNoise: (Int) throws -> Tensor,
                 onStep: ((Int, Int, Tensor) -> Void)?, forward: (Tensor, Int) throws -> Tensor) throws -> Tensor {
        var x = start
        for (i, t) in timesteps.enumerated() {
            let (eps, v) = combine(try forward(x, t))
            let prev = i + 1 < timesteps.count ? timesteps[i + 1] : -1
            x = try scheduler.step(epsilon: eps, predictedVariance: v, t: t, previous: prev, sample: x,
                                   noise: t > 0 ? try stepNoise(i) : nil)
            onStep?(i, t, x)
        }
        return x
    }
}
