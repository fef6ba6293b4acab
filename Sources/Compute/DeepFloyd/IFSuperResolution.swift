import Foundation

/// Stage II as diffusers' `IFSuperResolutionPipeline.__call__`: the stage I image is upscaled (bilinear,
/// align_corners) to the UNet's `sample_size`, noised to `noiseLevel` by the image-noising schedule, and
/// concatenated to x_t as the UNet's second half of input channels; the noise level is its `class_labels`.
/// CFG (default 4) and `scheduler.step` with thresholding at `sample_max_value` 1.0.
///
/// Random draws in the pipeline's order from one stream per image: x_T, the upscale noise, each step's noise.
public struct IFSuperResolution: Sendable {
    public let unet: IFUNet
    public var scheduler: IFScheduler
    public var noising: IFImageNoising
    /// diffusers' defaults: guidance 4, augmentation level 250.
    public var guidanceScale: Float = 4
    public var noiseLevel = 250

    /// `unet` must be a stage II UNet: `in_channels = out_channels` (x_t and the upscaled image; epsilon and
    /// variance) and a `"timestep"` class embedding for the noise level. `configFile` names it in errors.
    public init(unet: IFUNet, scheduler: IFScheduler, noising: IFImageNoising, configFile: String = "unet/config.json") throws {
        let c = unet.config
        guard c.inChannels == c.outChannels, c.outChannels % 2 == 0 else {
            throw IFError.unsupportedConfig(file: configFile, key: "in_channels", value: "\(c.inChannels)",
                                            supported: "out_channels = \(c.outChannels) (noisy image + upscaled stage I image; a stage II UNet)")
        }
        guard c.classEmbedType == "timestep" else {
            throw IFError.unsupportedConfig(file: configFile, key: "class_embed_type", value: c.classEmbedType ?? "null",
                                            supported: "\"timestep\" (a stage II UNet embeds the noise level)")
        }
        self.unet = unet
        self.scheduler = scheduler
        self.noising = noising
    }

    /// The stage II snapshot at `modelDir` with its `scheduler/` (stage II's defaults, thresholding at 1.0, when
    /// absent) and `image_noising_scheduler/` configs.
    public static func load(modelDir: String, variant: String? = nil) throws -> IFSuperResolution {
        let snapshot = try IFSnapshot.open(modelDir: modelDir, variant: variant)
        let root = snapshot.rootDirectory
        let configured = FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent("scheduler/scheduler_config.json"))
        return try IFSuperResolution(unet: try IFUNet(snapshot: snapshot),
                                     scheduler: configured ? try IFScheduler(modelDir: root) : try IFScheduler(sampleMaxValue: 1),
                                     noising: try IFImageNoising(modelDir: root),
                                     configFile: snapshot.configFile)
    }

    /// The UNet's `sample_size` (256 for IF-II).
    public var outputSize: Int { unet.config.sampleSize ?? 256 }
    public var channels: Int { unet.config.outChannels / 2 }

    /// `image` `[1, C, h, w]` (stage I's output, in [-1, 1]) -> `[1, C, size, size]` with `steps` leading timesteps.
    public func upscale(_ image: Tensor, prompt: Tensor, negative: Tensor, steps: Int, noise: inout RandomStream,
                        size: Int? = nil, onStep: ((Int, Int, Tensor) -> Void)? = nil) throws -> Tensor {
        guard steps >= 1, steps <= scheduler.numTrainTimesteps else {
            throw IFError.badInput(what: "stage II steps \(steps)", reason: "expected 1...\(scheduler.numTrainTimesteps)")
        }
        let s = size ?? outputSize
        let shape = [1, channels, s, s]
        let xT = noise.normalTensor(shape: shape)
        let upscaleNoise = noise.normalTensor(shape: shape)
        return try denoise(image: image, initial: xT, upscaleNoise: upscaleNoise,
                           timesteps: IFScheduler.leadingTimesteps(steps: steps, numTrainTimesteps: scheduler.numTrainTimesteps),
                           prompt: prompt, negative: negative, stepNoise: { _ in noise.normalTensor(shape: shape) }, onStep: onStep)
    }

    /// The upscaled stage I image noised to `noiseLevel`: the UNet's conditioning input.
    public func conditioning(_ image: Tensor, size: Int, noise: Tensor) throws -> Tensor {
        guard image.shape.count == 4, image.shape[0] == 1, image.shape[1] == channels else {
            throw IFError.badInput(what: "stage I image", reason: "shape \(image.shape); expected [1, \(channels), h, w]")
        }
        return try noising.addNoise(IFBilinear.alignCorners(image, height: size, width: size), noise: noise, level: noiseLevel)
    }

    /// The pipeline's loop from x_T `initial` `[1, C, S, S]`; `stepNoise(i)` is asked for only when t > 0.
    public func denoise(image: Tensor, initial: Tensor, upscaleNoise: Tensor, timesteps: [Int], prompt: Tensor,
                        negative: Tensor, stepNoise: (Int) throws -> Tensor,
                        onStep: ((Int, Int, Tensor) -> Void)? = nil) throws -> Tensor {
        let guidance = try IFGuidance(prompt: prompt, negative: negative, scale: guidanceScale, textDim: unet.config.textDim)
        guard initial.shape.count == 4, initial.shape[0] == 1, initial.shape[1] == channels, initial.shape[2] == initial.shape[3] else {
            throw IFError.badInput(what: "stage II x_T", reason: "shape \(initial.shape); expected [1, \(channels), S, S]")
        }
        let condition = try conditioning(image, size: initial.shape[2], noise: upscaleNoise)
        let text = guidance.text
        let labels = [Float](repeating: Float(noiseLevel), count: guidance.batch)
        return try guidance.denoise(initial, timesteps: timesteps, scheduler: scheduler, stepNoise: stepNoise, onStep: onStep) { x, t in
            let one = x.data + condition.data  // cat([x_t, upscaled], channel) for a batch of 1
            let input = Tensor(shape: [guidance.batch, 2 * channels, x.shape[2], x.shape[3]],
                               data: Array([[Float]](repeating: one, count: guidance.batch).joined()))
            return try unet.forward(sample: input, timesteps: [Float(t)], text: text, classLabels: labels)
        }
    }
}
