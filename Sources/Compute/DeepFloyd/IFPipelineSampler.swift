import Foundation

/// Stage I sampling as diffusers' `IFPipeline.__call__` with precomputed prompt embeddings: x_T ~ N(0, I),
/// `set_timesteps(N)` with leading spacing, per step one CFG pass and `scheduler.step` with dynamic thresholding.
///
/// One image at a time (a CFG batch of 2), each from its own random stream drawn in the pipeline's order (x_T,
/// then each step's noise while t > 0), so how images are grouped never changes a result.
public struct IFPipelineSampler: Sendable {
    public let unet: IFUNet
    public var scheduler: IFScheduler
    /// diffusers' default 7.
    public var guidanceScale: Float = 7

    /// `unet` must be a stage I UNet: `out_channels = 2 x in_channels` (epsilon + variance), no class embedding.
    public init(unet: IFUNet, scheduler: IFScheduler, configFile: String = "unet/config.json") throws {
        let c = unet.config
        if let t = c.classEmbedType {
            throw IFError.unsupportedConfig(file: configFile, key: "class_embed_type", value: t,
                                            supported: "null (a stage I UNet; this looks like stage II, pass it as the stage II snapshot)")
        }
        guard c.outChannels == 2 * c.inChannels else {
            throw IFError.unsupportedConfig(file: configFile, key: "out_channels", value: "\(c.outChannels)",
                                            supported: "2 x in_channels = \(2 * c.inChannels) (epsilon and learned variance; a stage I UNet)")
        }
        self.unet = unet
        self.scheduler = scheduler
    }

    /// The stage I snapshot at `modelDir` (root or `unet` folder) with its `scheduler/scheduler_config.json`
    /// (IF-I's settings when absent).
    public static func load(modelDir: String, variant: String? = nil) throws -> IFPipelineSampler {
        let snapshot = try IFSnapshot.open(modelDir: modelDir, variant: variant)
        return try IFPipelineSampler(unet: try IFUNet(snapshot: snapshot), scheduler: try IFScheduler(modelDir: snapshot.rootDirectory),
                                     configFile: snapshot.configFile)
    }

    /// The UNet's `sample_size` (64 for IF-I).
    public var imageSize: Int { unet.config.sampleSize ?? 64 }
    public var channels: Int { unet.config.inChannels }

    /// One image `[1, C, size, size]` in about [-1, 1] for `prompt` against `negative` (the `""` embedding),
    /// `steps` leading timesteps; every draw from `noise`. `onStep(i, t, x)` after each step.
    public func sample(prompt: Tensor, negative: Tensor, steps: Int, noise: inout RandomStream, size: Int? = nil,
                       onStep: ((Int, Int, Tensor) -> Void)? = nil) throws -> Tensor {
        guard steps >= 1, steps <= scheduler.numTrainTimesteps else {
            throw IFError.badInput(what: "steps \(steps)", reason: "expected 1...\(scheduler.numTrainTimesteps)")
        }
        let s = size ?? imageSize
        let xT = noise.normalTensor(shape: [1, channels, s, s])
        return try denoise(xT, timesteps: IFScheduler.leadingTimesteps(steps: steps, numTrainTimesteps: scheduler.numTrainTimesteps),
                           prompt: prompt, negative: negative,
                           stepNoise: { _ in noise.normalTensor(shape: xT.shape) }, onStep: onStep)
    }

    /// The pipeline's loop from `xT` `[1, C, H, W]` over `timesteps` (descending); `stepNoise(i)` is step i's
    /// standard normal, asked for only when t > 0 (diffusers draws none at t = 0).
    public func denoise(_ xT: Tensor, timesteps: [Int], prompt: Tensor, negative: Tensor,
                        stepNoise: (Int) throws -> Tensor, onStep: ((Int, Int, Tensor) -> Void)? = nil) throws -> Tensor {
        let guidance = try IFGuidance(prompt: prompt, negative: negative, scale: guidanceScale, textDim: unet.config.textDim)
        guard xT.shape.count == 4, xT.shape[0] == 1, xT.shape[1] == channels else {
            throw IFError.badInput(what: "x_T", reason: "shape \(xT.shape); expected [1, \(channels), H, W]")
        }
        let text = guidance.text
        return try guidance.denoise(xT, timesteps: timesteps, scheduler: scheduler, stepNoise: stepNoise, onStep: onStep) { x, t in
            let input = Tensor(shape: [guidance.batch] + Array(x.shape.dropFirst()),
                               data: Array([[Float]](repeating: x.data, count: guidance.batch).joined()))
            return try unet.forward(sample: input, timesteps: [Float(t)], text: text)
        }
    }
}
