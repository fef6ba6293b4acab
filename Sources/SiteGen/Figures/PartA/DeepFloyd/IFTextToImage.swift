import Compute
import Foundation
import Plotting

/// Part 0's text-to-image run on a user's snapshots: stage I as `IFPipeline` (64 px), optionally stage II as
/// `IFSuperResolutionPipeline` (256 px), prompts from the precomputed embeddings or the snapshot's T5 encoder
/// (`IFPromptSource`), the `""` prompt as negative.
/// Shared by the `a.setup` figure and `sitegen deepfloyd sample`, so the command reproduces the figure's images
/// for the same seed, prompt and steps.
public struct IFTextToImage {
    public var stageI: IFPipelineSampler
    public var stageII: IFSuperResolution?
    let prompts: IFPromptSource

    /// Loads the snapshots (nothing heavy: weights are memory-mapped); prompts are resolved when first used.
    public init(options: DeepFloydOptions, variant: String? = nil) throws {
        stageI = try IFPipelineSampler.load(modelDir: options.modelDir, variant: variant)
        stageII = try options.stage2Dir.map { try IFSuperResolution.load(modelDir: $0, variant: variant) }
        prompts = options.promptSource
    }

    /// The project seed, the figures' default.
    public static let siteSeed = SiteSeed.value

    /// The random stream of one image: seed plus this name, so every (prompt, steps) pair has its own noise.
    public static func streamName(prompt: String, steps: Int) -> String { "a.setup/\(steps) steps/\(prompt)" }

    /// Stage I's image `[1, 3, S, S]` and, with a stage II snapshot, the upsampled one; both in [-1, 1].
    /// `log` receives one line per denoising step (real models take minutes per image).
    public func run(prompt: String, steps: Int, stage2Steps: Int, seed: UInt64,
                    log: ((String) -> Void)? = nil) throws -> (low: Tensor, high: Tensor?) {
        let (embedding, null) = try { let e = try prompts.embeddings([prompt, ""]); return (e[0], e[1]) }()
        var noise = RandomStream(seed: seed, streamNamed: Self.streamName(prompt: prompt, steps: steps))
        let low = try stageI.sample(prompt: embedding, negative: null, steps: steps, noise: &noise) { i, t, _ in
            log?("stage I \"\(prompt)\": step \(i + 1)/\(steps) (t = \(t))")
        }
        guard let stageII else { return (low, nil) }
        let high = try stageII.upscale(low, prompt: embedding, negative: null, steps: stage2Steps, noise: &noise) { i, t, _ in
            log?("stage II \"\(prompt)\": step \(i + 1)/\(stage2Steps) (t = \(t))")
        }
        return (low, high)
    }

    /// `[1, 3, H, W]` in [-1, 1] as an RGB PNG, `x / 2 + 0.5` clamped as the pipeline's output.
    public static func png(_ x: Tensor) throws -> [UInt8] {
        let (h, w) = (x.shape[2], x.shape[3])
        let plane = h * w
        var pixels = [UInt8](repeating: 0, count: 3 * plane)
        for i in 0..<plane {
            for c in 0..<3 {
                let v = x.data[c * plane + i] / 2 + 0.5
                pixels[3 * i + c] = v > 0 ? (v < 1 ? UInt8((v * 255).rounded()) : 255) : 0  // NaN -> 0
            }
        }
        return try PNG.encode(PixelImage(width: w, height: h, channels: 3, pixels: pixels))
    }
}
