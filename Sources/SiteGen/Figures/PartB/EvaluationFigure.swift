import Compute
import Foundation
import Plotting

/// The quality numbers of the profile's models (`ModelEvaluation`): the classifier's test accuracy, the class
/// accuracy of 1,000 guided samples with its 95 % interval and per digit, the denoiser's test MSE, and the
/// DDPMs' losses after epochs 1, 5 and 20. Published models carry these numbers in their metadata; trained ones
/// are evaluated here.
struct EvaluationFigure: FigureRecipe {
    let id = "b.evaluation"
    let models: ModelSet
    let version = 2

    /// The models evaluated: the site shows all four; `sitegen eval --model class` judges one (plus the
    /// classifier, which judges it) without training the others.
    var kinds: [ModelKind] = Self.allKinds
    static let allKinds: [ModelKind] = [.classConditioned, .time, .denoiser, .classifier]

    var refs: [ModelRef] { kinds.map { models.final($0) } }
    var inputs: [FigureInput] {
        [.mnistTest, .mnistTrain] + (refs + (kinds.contains(.classConditioned) && !kinds.contains(.classifier)
            ? [models.final(.classifier)] : [])).map(\.figureInput)
    }
    var alt: String { "table of the trained models' evaluation numbers" }
    var parameters: [String: String] {
        ["profile": models.profile.rawValue, "models": kinds.map(\.rawValue).joined(separator: ","),
         "seed": "\(ModelStore.evaluationSeed)"]
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        let store = try context.models()
        var arrays: [(name: String, tensor: Tensor)] = []
        func put(_ name: String, _ values: [Double]) {
            arrays.append((name, Tensor(shape: [values.count], data: values.map(Float.init))))
        }
        for ref in refs {
            let e = try store.evaluation(ref, log: context.log)
            let name = ModelName.name(ref.kind)
            put("\(name).final_loss", [e.finalLoss])
            if !e.epochLosses.isEmpty {
                put("\(name).epoch_loss", e.epochLosses.map(\.loss))
                put("\(name).epoch_loss_epochs", e.epochLosses.map { Double($0.epoch) })
            }
            if let a = e.classAccuracy {
                put("\(name).accuracy_rate", [a.rate])
                put("\(name).accuracy_interval_rate", [a.low, a.high])
                put("\(name).accuracy_per_digit_rate", a.correctPerDigit.map { Double($0) / Double(a.samplesPerDigit) })
                put("\(name).samples_per_digit", [Double(a.samplesPerDigit)])
                put("\(name).gamma", [a.gamma])
            }
            if let m = e.denoiserTestMSE {
                put("\(name).test_mse", [m.mse])
                put("\(name).test_mse_images", [Double(m.testImages)])
            }
            if let accuracy = e.classifierTestAccuracy { put("\(name).test_accuracy_rate", [accuracy]) }
        }
        return FigureData(arrays: arrays)
    }

    /// (quantity, value) rows in reading order, as `sitegen eval` prints them and the table shows them.
    func rows(_ data: FigureData) -> [(String, String)] {
        func value(_ name: String) -> [Double]? { data[name].map { $0.data.map(Double.init) } }
        func percent(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        var rows: [(String, String)] = []
        if let rate = value("class.accuracy_rate")?.first, let interval = value("class.accuracy_interval_rate"),
           let per = value("class.samples_per_digit")?.first, let gamma = value("class.gamma")?.first {
            rows.append(("class accuracy of \(Int(per) * 10) guided samples (γ = \(GuidanceSweepFigure.format(Float(gamma)))), 95 % interval",
                         "\(percent(rate)) (\(percent(interval[0]))–\(percent(interval[1])))"))
            if let digits = value("class.accuracy_per_digit_rate") {
                rows.append(("  per digit 0–9", digits.map { String(format: "%.0f", $0 * 100) }.joined(separator: " ") + " %"))
            }
        }
        if let accuracy = value("classifier.test_accuracy_rate")?.first {
            rows.append(("classifier test accuracy (10,000 images)", String(format: "%.2f %%", accuracy * 100)))
        }
        if let mse = value("denoiser.test_mse")?.first, let n = value("denoiser.test_mse_images")?.first {
            rows.append(("denoiser test MSE at σ = 0.5 (\(Int(n)) images)", String(format: "%.5f", mse)))
        }
        for kind in kinds {
            let name = ModelName.name(kind)
            if let losses = value("\(name).epoch_loss"), let epochs = value("\(name).epoch_loss_epochs"), kind != .classifier {
                rows.append(("\(kind.rawValue) loss after epochs " + epochs.map { String(Int($0)) }.joined(separator: ", "),
                             losses.map { String(format: "%.4f", $0) }.joined(separator: ", ")))
            }
        }
        return rows
    }

    func table(_ data: FigureData) -> FigureTable? {
        FigureTable(header: ["quantity", "value"], rows: rows(data).map { [$0.0.trimmingCharacters(in: .whitespaces), $0.1] })
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let rows = rows(data)
        let canvas = Canvas(width: 760, height: 40 + 30 * rows.count, density: FigureStyle.density)
        canvas.text("Evaluation (\(models.profile.rawValue) profile)", x: 16, y: 28, size: 16, bold: true)
        for (i, row) in rows.enumerated() {
            let y = 62 + Double(i) * 30
            canvas.line(from: (16, y + 9), to: (744, y + 9), color: .grid)
            canvas.text(row.0, x: 16, y: y, size: 13)
            canvas.text(row.1, x: 744, y: y, size: 13, align: .right)
        }
        return canvas.image()
    }

    func caption(_ data: FigureData) -> String {
        let source = models.refs.contains { if case .published = $0.origin { true } else { false } }
            ? "measured when each model was published (its metadata in models/)" : "measured by this build"
        return "The \(models.profile.rawValue) profile's models, \(source). Guided samples (classifier-free guidance, "
            + "100 per digit, chunks of 100 with seeds \(ModelStore.evaluationSeed) onward) are clamped to [0, 1] and read by "
            + "sitegen's own classifier; the interval is the 95 % Wilson score interval; losses are the mean of the last "
            + "\(ModelEvaluation.lossWindow) training steps of each epoch."
    }
}
