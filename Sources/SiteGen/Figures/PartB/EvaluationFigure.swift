import Compute
import Foundation
import Plotting

/// The quality numbers of the profile's models: the evaluation classifier's own test accuracy, the class
/// accuracy of class-conditioned samples it measures, the denoiser's test MSE and the final training losses.
struct EvaluationFigure: FigureRecipe {
    let id = "b.evaluation"
    let profile: Profile
    let version = 1
    /// Sampling dominates this figure's cost: 300 steps x 2 passes per sample.
    var samplesPerClass: Int { profile == .full ? 20 : 3 }
    var gamma: Float = 5
    var seed: UInt64 = SiteSeed.value + 3
    var denoiserTestImages = 10_000

    /// The generative models to evaluate. The site shows all three; `sitegen eval --model class` judges one
    /// without training the others (in the full profile each DDPM is hours of training). The classifier comes
    /// with the class-conditioned model, whose samples it judges.
    var models: [ModelKind] = Self.allModels
    static let allModels: [ModelKind] = [.denoiser, .time, .classConditioned]

    var kinds: [ModelKind] { models + (models.contains(.classConditioned) ? [.classifier] : []) }
    var inputs: [FigureInput] { [.mnistTest, .mnistTrain] + kinds.map { profile.config(for: $0).figureInput } }
    var alt: String { "table of evaluation numbers" }
    var parameters: [String: String] {
        var p = ["profile": profile.rawValue, "samples_per_class": "\(samplesPerClass)", "gamma": "\(gamma)",
                 "seed": "\(seed)", "denoiser_test_images": "\(denoiserTestImages)"]
        if models != Self.allModels { p["models"] = models.map(\.rawValue).joined(separator: ",") }
        return p
    }

    /// Names and order of the `metrics` array.
    static let metricNames = [
        "classifier test accuracy", "class accuracy of samples (final epoch)", "denoiser test MSE at σ = 0.5",
        "final loss: denoiser", "final loss: time-conditioned", "final loss: class-conditioned",
    ]

    func compute(_ context: FigureContext) throws -> FigureData {
        let models = try context.models()
        let data = try context.mnist()
        // NaN marks a number of a model not evaluated; `rows` leaves it out.
        var metrics = [Float](repeating: .nan, count: Self.metricNames.count)
        var arrays: [(String, Tensor)] = []
        if self.models.contains(.classConditioned) {
            let classifier = try models.classifier()
            metrics[0] = Float(try Evaluation.testAccuracy(of: classifier, data: data))
            let final = profile.figureEpochs(for: .classConditioned).final
            let labels = (0..<samplesPerClass).flatMap { _ in Array(0...9) }
            let samples = try DigitSampling.sampleClass(models.denoiser(.classConditioned, epoch: final), labels: labels,
                                                        gamma: gamma, seed: seed).x
            metrics[1] = Float(try Evaluation.classAccuracy(of: samples, labels: labels, classifier: classifier))
            arrays = [("samples", samples), ("labels", Tensor(shape: [labels.count], data: labels.map(Float.init)))]
        }
        if self.models.contains(.denoiser) {
            guard case .denoiser(let unet) = try models.model(.denoiser, epoch: profile.config(for: .denoiser).epochs) else {
                throw FigureError(figure: id, "the denoiser run holds another kind of model")
            }
            metrics[2] = Float(Evaluation.denoiserTestMSE(unet, data: data, sigma: 0.5, count: denoiserTestImages, seed: seed))
        }
        for (i, kind) in Self.allModels.enumerated() where self.models.contains(kind) {
            let tail = try models.losses(kind).suffix(50)
            metrics[3 + i] = tail.reduce(0, +) / Float(max(tail.count, 1))
        }
        return FigureData(arrays: [("metrics", Tensor(shape: [metrics.count], data: metrics))] + arrays)
    }

    func rows(_ data: FigureData) -> [(String, String)] {
        let m = (try? data.require("metrics", figure: id).data) ?? []
        guard m.count == Self.metricNames.count else { return [] }
        let values = [
            String(format: "%.2f %%", m[0] * 100), String(format: "%.1f %% of %d", m[1] * 100, samplesPerClass * 10),
            String(format: "%.5f", m[2]), String(format: "%.5f", m[3]), String(format: "%.5f", m[4]), String(format: "%.5f", m[5]),
        ]
        return Self.metricNames.indices.filter { !m[$0].isNaN }.map { (Self.metricNames[$0], values[$0]) }
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let rows = rows(data)
        let canvas = Canvas(width: 640, height: 40 + 30 * rows.count)
        canvas.text("Evaluation (\(profile.rawValue) profile)", x: 16, y: 28, size: 16, bold: true)
        for (i, row) in rows.enumerated() {
            let y = 62 + Double(i) * 30
            canvas.line(from: (16, y + 9), to: (624, y + 9), color: .grid)
            canvas.text(row.0, x: 16, y: y, size: 14)
            canvas.text(row.1, x: 624, y: y, size: 14, align: .right)
        }
        return canvas.image()
    }

    func caption(_ data: FigureData) -> String {
        let rows = rows(data)
        return "Measured by sitegen (\(profile.rawValue) profile): "
            + rows.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
            + ". The sample accuracy is judged by sitegen's own classifier on \(samplesPerClass) samples per digit at γ = \(gamma); "
            + "final losses are the mean of the last 50 training steps."
    }
}
