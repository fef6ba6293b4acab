import Foundation

/// Stage II's `image_noising_scheduler`: a plain squaredcos DDPM schedule used only by `add_noise`, to corrupt the
/// upscaled stage I image to the augmentation level the UNet is told (`class_labels`, 250 by default).
public struct IFImageNoising: Sendable {
    /// `alphas_cumprod` as torch stores it (the same rule as `IFScheduler`).
    public let alphasCumprod: [Float]

    public init(numTrainTimesteps: Int = 1000) throws {
        alphasCumprod = try IFScheduler(numTrainTimesteps: numTrainTimesteps, thresholding: false).alphasCumprod
    }

    /// From `image_noising_scheduler/scheduler_config.json` under the snapshot root; diffusers' defaults with the
    /// squaredcos schedule when the file is absent. Another beta schedule is an error naming the file.
    public init(modelDir: String) throws {
        let path = (modelDir as NSString).appendingPathComponent("image_noising_scheduler/scheduler_config.json")
        guard let data = FileManager.default.contents(atPath: path) else { try self.init(); return }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw IFError.invalidConfig(file: path, reason: "not a JSON object")
        }
        if let schedule = json["beta_schedule"] as? String, schedule != "squaredcos_cap_v2" {
            throw IFError.unsupportedConfig(file: path, key: "beta_schedule", value: schedule, supported: "squaredcos_cap_v2")
        }
        try self.init(numTrainTimesteps: (json["num_train_timesteps"] as? NSNumber)?.intValue ?? 1000)
    }

    /// `add_noise`: `sqrt(abar) x + sqrt(1 - abar) noise` at `level`, in Float32 as torch does it.
    public func addNoise(_ x: Tensor, noise: Tensor, level: Int) throws -> Tensor {
        guard (0..<alphasCumprod.count).contains(level) else {
            throw IFError.badInput(what: "noise level \(level)", reason: "outside 0..<\(alphasCumprod.count)")
        }
        guard noise.shape == x.shape else {
            throw IFError.badInput(what: "upscale noise", reason: "shape \(noise.shape), the image is \(x.shape)")
        }
        let a = alphasCumprod[level]
        let (s, n) = (a.squareRoot(), (1 - a).squareRoot())
        return Tensor(shape: x.shape, data: zip(x.data, noise.data).map { s * $0 + n * $1 })
    }
}
