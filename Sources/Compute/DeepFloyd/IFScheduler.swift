import Foundation

/// DeepFloyd IF's `DDPMScheduler` (squaredcos_cap_v2, T = 1000, epsilon prediction, learned-range variance,
/// dynamic thresholding), computed in Float32 in the same order as diffusers so a step agrees to ~1e-7.
///
/// Two uses: the pipeline's sampler (thresholding on, `leadingTimesteps`) and the course's manual loop
/// (`thresholding: false`, `courseTimesteps`, the same learned variance).
public struct IFScheduler: Sendable {
    /// `alphas_cumprod` exactly as torch stores it: Float32 betas, `1 - beta` in Float32, product in Double.
    public let alphasCumprod: [Float]
    public var thresholding: Bool
    public var dynamicThresholdingRatio: Float
    public var sampleMaxValue: Float
    /// diffusers' `clip_sample`: clamp x0 to ±`clipSampleRange` when thresholding is off (thresholding wins when
    /// both are set, as in IF's configs). Off by default: the course's manual loop clips nothing.
    public var clipSample = false
    public var clipSampleRange: Float = 1

    /// Stage I: max 1.5; stage II uses 1.0.
    public init(numTrainTimesteps: Int = 1000, thresholding: Bool = true, dynamicThresholdingRatio: Float = 0.95,
                sampleMaxValue: Float = 1.5) throws {
        let schedule = try NoiseSchedule.squaredCosCapV2(T: numTrainTimesteps)
        var product = 1.0
        alphasCumprod = schedule.betas.map { beta in
            product *= Double(1 - beta)
            return Float(product)
        }
        self.thresholding = thresholding
        self.dynamicThresholdingRatio = dynamicThresholdingRatio
        self.sampleMaxValue = sampleMaxValue
    }

    /// From a snapshot's `scheduler/scheduler_config.json` (`modelDir` is the snapshot root); IF-I's defaults
    /// when the file is absent. Options this scheduler does not implement are an error naming the key.
    public init(modelDir: String) throws {
        let path = (modelDir as NSString).appendingPathComponent("scheduler/scheduler_config.json")
        guard let data = FileManager.default.contents(atPath: path) else { try self.init(); return }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw IFError.invalidConfig(file: path, reason: "not a JSON object")
        }
        let expected: [(String, String)] = [("beta_schedule", "squaredcos_cap_v2"), ("variance_type", "learned_range"),
                                            ("prediction_type", "epsilon")]
        for (key, value) in expected {
            if let v = json[key] as? String, v != value {
                throw IFError.unsupportedConfig(file: path, key: key, value: v, supported: value)
            }
        }
        func number(_ key: String) -> Double? { (json[key] as? NSNumber)?.doubleValue }
        try self.init(numTrainTimesteps: Int(number("num_train_timesteps") ?? 1000),
                      thresholding: (json["thresholding"] as? NSNumber)?.boolValue ?? false,
                      dynamicThresholdingRatio: Float(number("dynamic_thresholding_ratio") ?? 0.995),
                      sampleMaxValue: Float(number("sample_max_value") ?? 1.0))
        clipSample = (json["clip_sample"] as? NSNumber)?.boolValue ?? true  // DDPMScheduler's default
        clipSampleRange = Float(number("clip_sample_range") ?? 1)
    }

    public var numTrainTimesteps: Int { alphasCumprod.count }

    /// The same schedule as a `NoiseSchedule` for the Part A techniques: betas chosen so that `1 - beta` is exactly
    /// torch's Float32 alpha, hence `alphaBarDouble` is exactly torch's Double cumprod (its `alphas_cumprod`
    /// before rounding).
    public static func noiseSchedule(numTrainTimesteps: Int = 1000) throws -> NoiseSchedule {
        let betas = try NoiseSchedule.squaredCosCapV2(T: numTrainTimesteps).betas
        return try NoiseSchedule(betas: betas.map { beta in 1 - Double(1 - beta) })
    }

    /// The course's strided schedule: 990, 960, ..., 0.
    public static let courseTimesteps = Array(stride(from: 990, through: 0, by: -30))

    /// `set_timesteps(n)` with diffusers' default "leading" spacing: `(0..<n) * (T / n)`, descending.
    public static func leadingTimesteps(steps: Int, numTrainTimesteps: Int = 1000, offset: Int = 0) -> [Int] {
        let ratio = numTrainTimesteps / max(steps, 1)
        return (0..<steps).reversed().map { $0 * ratio + offset }
    }

    /// The timestep after `t` in `timesteps` (descending), or -1 after the last one.
    public static func previous(_ t: Int, in timesteps: [Int]) throws -> Int {
        guard let i = timesteps.firstIndex(of: t) else {
            throw IFError.badInput(what: "timestep \(t)", reason: "not in the schedule \(timesteps)")
        }
        return i + 1 < timesteps.count ? timesteps[i + 1] : -1
    }

    private func alphaProd(_ t: Int) throws -> Float {
        guard t < numTrainTimesteps else {
            throw IFError.badInput(what: "timestep \(t)", reason: "outside 0..<\(numTrainTimesteps)")
        }
        return t >= 0 ? alphasCumprod[t] : 1
    }

    /// `_get_variance(t, v)` for learned_range: `frac log(beta_t) + (1 - frac) log(max(var_small, 1e-20))`,
    /// `frac = (v + 1) / 2`. Returns the log variance, elementwise over `predictedVariance`.
    public func logVariance(t: Int, previous prevT: Int, predictedVariance v: Tensor) throws -> Tensor {
        let at = try alphaProd(t), ap = try alphaProd(prevT)
        let currentBeta = 1 - at / ap
        let small = max((1 - ap) / (1 - at) * currentBeta, 1e-20)
        let minLog = logf(small), maxLog = logf(currentBeta)
        return Tensor(shape: v.shape, data: v.data.map { x in
            let frac = (x + 1) / 2
            return frac * maxLog + (1 - frac) * minLog
        })
    }

    /// One reverse step `t -> prevT`. `modelOutput` is `[B, 2C, H, W]` (epsilon then predicted variance, as the
    /// UNet returns it) and `sample` `[B, C, H, W]`; `noise` (standard normal, sample's shape) is used when t > 0.
    public func step(modelOutput: Tensor, t: Int, previous prevT: Int, sample: Tensor, noise: Tensor?) throws -> Tensor {
        let (b, ch) = (sample.shape[0], sample.shape[1])
        guard sample.shape.count == 4, modelOutput.shape == [b, 2 * ch, sample.shape[2], sample.shape[3]] else {
            throw IFError.badInput(what: "model output", reason: "shape \(modelOutput.shape) for sample \(sample.shape); expected twice the channels")
        }
        let plane = ch * sample.shape[2] * sample.shape[3]
        var eps = [Float](), v = [Float]()
        for i in 0..<b {
            let start = 2 * i * plane
            eps += modelOutput.data[start ..< start + plane]
            v += modelOutput.data[start + plane ..< start + 2 * plane]
        }
        return try step(epsilon: Tensor(shape: sample.shape, data: eps), predictedVariance: Tensor(shape: sample.shape, data: v),
                        t: t, previous: prevT, sample: sample, noise: noise)
    }

    /// The same step with epsilon and the predicted variance given separately (e.g. after guidance).
    public func step(epsilon: Tensor, predictedVariance: Tensor, t: Int, previous prevT: Int, sample: Tensor,
                     noise: Tensor?) throws -> Tensor {
        guard epsilon.shape == sample.shape, predictedVariance.shape == sample.shape, sample.shape.count == 4 else {
            throw IFError.badInput(what: "step", reason: "epsilon \(epsilon.shape), variance \(predictedVariance.shape), sample \(sample.shape) must match")
        }
        let at = try alphaProd(t), ap = try alphaProd(prevT)
        let betaT = 1 - at, betaPrev = 1 - ap
        let currentAlpha = at / ap, currentBeta = 1 - currentAlpha
        var x0 = zip(sample.data, epsilon.data).map { (x, e) in (x - betaT.squareRoot() * e) / at.squareRoot() }
        if thresholding {
            x0 = threshold(x0, batch: sample.shape[0])
        } else if clipSample {
            let r = clipSampleRange
            x0 = x0.map { min(max($0, -r), r) }
        }
        let c0 = (ap.squareRoot() * currentBeta) / betaT
        let ct = currentAlpha.squareRoot() * betaPrev / betaT
        var out = zip(x0, sample.data).map { (x0, x) in c0 * x0 + ct * x }
        if t > 0 {
            guard let noise, noise.shape == sample.shape else {
                throw IFError.badInput(what: "noise", reason: "a standard-normal tensor of shape \(sample.shape) is needed for t = \(t) > 0")
            }
            let logVar = try logVariance(t: t, previous: prevT, predictedVariance: predictedVariance)
            for i in out.indices { out[i] += expf(0.5 * logVar.data[i]) * noise.data[i] }
        }
        return Tensor(shape: sample.shape, data: out)
    }

    /// Dynamic thresholding per sample: s = quantile(|x0|, ratio) (linear interpolation), clamped to
    /// [1, sampleMaxValue]; x0 = clamp(x0, -s, s) / s.
    func threshold(_ x0: [Float], batch: Int) -> [Float] {
        let n = x0.count / batch
        var out = x0
        for b in 0..<batch {
            let sorted = x0[b * n ..< (b + 1) * n].map(abs).sorted()
            let rank = dynamicThresholdingRatio * Float(n - 1)
            let lo = Int(rank.rounded(.down)), hi = min(lo + 1, n - 1)
            let w = rank - Float(lo), a = sorted[lo], e = sorted[hi]
            let q = w < 0.5 ? a + w * (e - a) : e - (e - a) * (1 - w)
            let s = min(max(q, 1), sampleMaxValue)
            for i in b * n ..< (b + 1) * n { out[i] = min(max(x0[i], -s), s) / s }
        }
        return out
    }
}
