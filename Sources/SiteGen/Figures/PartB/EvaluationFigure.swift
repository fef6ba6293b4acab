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

    var kinds: [ModelKind] { [.denoiser, .time, .classConditioned, .classifier] }
    var inputs: [FigureInput] { [.mnistTest, .mnistTrain] + kinds.map { profile.config(for: $0).figureInput } }
    var alt: String { "table of evaluation numbers" }
    var parameters: [String: String] {
        ["profile": profile.rawValue, "samples_per_class": "\(samplesPerClass)", "gamma": "\(gamma)", "seed": "\(seed)",
         "denoiser_test_images": "\(denoiserTestImages)"]
    }

    /// Names and order of the `metrics` array.
    static let metricNames = [
        "classifier test accuracy", "class accuracy of samples (final epoch)", "denoiser test MSE at σ = 0.5",
        "final loss: denoiser", "final loss: time-conditioned", "final loss: class-conditioned",
    ]

    func compute(_ context: FigureContext) throws -> FigureData {
        let models = try context.models()
        let data = try context.mnist()
        let classifier = try models.classifier()
        let classifierAccuracy = try Evaluation.testAccuracy(of: classifier, data: data)
        let final = profile.figureEpochs(for: .classConditioned).final
        let labels = (0..<samplesPerClass).flatMap { _ in Array(0...9) }
        let samples = try DigitSampling.sampleClass(models.denoiser(.classConditioned, epoch: final), labels: labels,
                                                    gamma: gamma, seed: seed).x
        let sampleAccuracy = try Evaluation.classAccuracy(of: samples, labels: labels, classifier: classifier)
        guard case .denoiser(let unet) = try models.model(.denoiser, epoch: profile.config(for: .denoiser).epochs) else {
            throw FigureError(figure: id, "the denoiser run holds another kind of model")
        }
        let mse = Evaluation.denoiserTestMSE(unet, data: data, sigma: 0.5, count: denoiserTestImages, seed: seed)
        let finals = try [ModelKind.denoiser, .time, .classConditioned].map { kind -> Float in
            let tail = try models.losses(kind).suffix(50)
            return tail.reduce(0, +) / Float(max(tail.count, 1))
        }
        let metrics = [Float(classifierAccuracy), Float(sampleAccuracy), Float(mse)] + finals
        return FigureData(arrays: [("metrics", Tensor(shape: [metrics.count], data: metrics)),
                                   ("samples", samples), ("labels", Tensor(shape: [labels.count], data: labels.map(Float.init)))])
    }

    func rows(_ data: FigureData) -> [(String, String)] {
        let m = (try? data.require("metrics", figure: id).data) ?? []
        guard m.count == Self.metricNames.count else { return [] }
        return [
            (Self.metricNames[0], String(format: "%.2f %%", m[0] * 100)),
            (Self.metricNames[1], String(format: "%.1f %% of %d", m[1] * 100, samplesPerClass * 10)),
            (Self.metricNames[2], String(format: "%.5f", m[2])),
            (Self.metricNames[3], String(format: "%.5f", m[3])),
            (Self.metricNames[4], String(format: "%.5f", m[4])),
            (Self.metricNames[5], String(format: "%.5f", m[5])),
        ]
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
