import Compute
import Foundation
import Plotting

/// `sitegen verify`: recomputes every published figure (never from the cache) and compares it with
/// `site/manifest.json` — identical PNG (and, for an animated figure, GIF) bytes, or arrays within tolerance
/// (images: PSNR ≥ 40 dB).
public struct Verifier {
    public enum Status: String, Sendable { case identical, withinTolerance = "within tolerance", differs, missing }

    public struct Row: Sendable {
        public var id: String
        public var status: Status
        public var detail: String
    }

    public static let minimumPSNR = 40.0
    /// Non-image arrays (losses, labels, parameters): relative difference allowed.
    public static let relativeTolerance: Float = 1e-4
    /// Measured rates (arrays named `*_rate`: accuracies out of a finite number of judgements), as an absolute
    /// difference: one percentage point. A rate moves in steps of 1/n when one judgement flips on another CPU's
    /// arithmetic (0.1 pp for 1,000 samples, 0.01 pp for 10,000 test images, 1 pp per digit's 100 samples),
    /// which a relative tolerance of 1e-4 cannot absorb.
    public static let rateTolerance = 0.01
    /// A rate with a `*_rate_n` companion (the number of judgements behind it, as Part A's measured effects have:
    /// 20 seeds, say) may also move by this many judgements, since 1 pp is less than one judgement out of 20.
    public static let rateJudgementTolerance = 2.0

    /// Distances between images (arrays named `*_rms`, RMS pixel differences in [0, 1]) may move as much as the
    /// images themselves: 0.01, the RMS difference of two images 40 dB apart.
    public static let rmsTolerance: Float = 0.01

    /// The tolerance of rate `index` of an array whose companion holds `judgements` (nil: none).
    static func rateTolerance(judgements: Tensor?, index: Int) -> Double {
        guard let judgements, index < judgements.count, judgements.data[index] > 0 else { return rateTolerance }
        // The margin absorbs the Float rounding of stored fractions (0.85 − 0.75 is 0.10000002 in Float).
        return max(rateTolerance, rateJudgementTolerance / Double(judgements.data[index])) + 1e-6
    }

    public var options: BuildOptions
    /// nil: the standard catalog of the profile the site was published with.
    public var catalog: FigureCatalog?
    public var console: Console = .standardError
    public var loadMNIST: () throws -> MNIST

    public init(options: BuildOptions, catalog: FigureCatalog? = nil, console: Console = .standardError,
                loadMNIST: @escaping () throws -> MNIST) {
        self.options = options
        self.catalog = catalog
        self.console = console
        self.loadMNIST = loadMNIST
    }

    /// Recomputed figures are written to `outputDirectory` so a difference can be inspected.
    public func verify(outputDirectory: String) throws -> [Row] {
        let site = options.siteDirectory as NSString
        let manifestPath = site.appendingPathComponent("manifest.json")
        guard let bytes = FileManager.default.contents(atPath: manifestPath) else {
            throw SourceError(file: manifestPath, "no published site to verify; run `sitegen build` first")
        }
        let manifest = try Manifest.decode([UInt8](bytes), source: manifestPath)
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        guard let profile = Profile(rawValue: manifest.profile) else {
            throw SourceError(file: manifestPath, "unknown profile `\(manifest.profile)` (expected quick or full)")
        }
        var modelOptions = options
        modelOptions.profile = profile
        modelOptions.retrain = manifest.models != "published"
        let models = try modelOptions.modelStore(console: console, mnist: loadMNIST)
        let catalog = try self.catalog ?? .standard(models: models.set, contentDirectory: options.contentDirectory,
                                                backend: options.backend)
        try models.requireModels(of: manifest.figures.compactMap { catalog.recipe($0.id) })
        let context = FigureContext(profile: profile, log: console.write, loadMNIST: loadMNIST,
                                    models: models, denoiser: options.backend.denoiserLoader)
        var rows: [Row] = []
        for entry in manifest.figures {
            guard let recipe = catalog.recipe(entry.id) else {
                rows.append(Row(id: entry.id, status: .missing, detail: "no recipe of that id in this sitegen"))
                continue
            }
            console.write("verifying \(entry.id) ...")
            let data = try recipe.compute(context)
            let rendered = try RenderedFigure(recipe, data)
            let out = outputDirectory as NSString
            try Data(rendered.png).write(to: URL(fileURLWithPath: out.appendingPathComponent("\(entry.id).png")))
            if let shown = rendered.shown {
                try Data(shown.bytes).write(to: URL(fileURLWithPath: out.appendingPathComponent("\(entry.id).\(shown.format.rawValue)")))
            }
            let publishedFormat = entry.shown?.format ?? .png
            try Data(FigureDataFile.encode(data, recipe: recipe)).write(
                to: URL(fileURLWithPath: out.appendingPathComponent("\(entry.id).safetensors")))
            if RecipeDescription(recipe) != entry.recipe {
                rows.append(Row(id: entry.id, status: .differs, detail: "recipe changed since publishing; rebuild the site"))
            } else if rendered.format != publishedFormat {
                rows.append(Row(id: entry.id, status: .differs,
                                detail: "published as \(publishedFormat.rawValue.uppercased()), this recipe makes \(rendered.format.rawValue.uppercased()); rebuild the site"))
            } else if Hashing.sha256Hex(rendered.png) == entry.sha256, rendered.shown.map({ Hashing.sha256Hex($0.bytes) }) == entry.shown?.sha256 {
                rows.append(Row(id: entry.id, status: .identical,
                                detail: rendered.shown.map { "PNG and \($0.format.rawValue.uppercased()) bytes identical" } ?? "PNG bytes identical"))
            } else {
                rows.append(try compareData(entry, data))
            }
        }
        return rows
    }

    private func compareData(_ entry: Manifest.Figure, _ fresh: FigureData) throws -> Row {
        let path = (options.siteDirectory as NSString).appendingPathComponent(entry.data)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            return Row(id: entry.id, status: .missing, detail: "\(entry.data) is missing")
        }
        let published = try FigureDataFile.decode([UInt8](bytes), source: path)
        var worst: [String] = []
        for (name, tensor) in fresh.arrays {
            guard let old = published[name], old.shape == tensor.shape else {
                return Row(id: entry.id, status: .differs, detail: "array \(name) missing or of another shape")
            }
            if tensor.shape.count == 4 {
                let psnr = Self.psnr(old.data, tensor.data)
                if psnr < Self.minimumPSNR {
                    return Row(id: entry.id, status: .differs, detail: String(format: "%@: PSNR %.1f dB < 40 dB", name, psnr))
                }
                worst.append(String(format: "%@ %.1f dB", name, psnr))
            } else if name.hasSuffix("_rate") {
                let judgements = fresh[name + "_n"]
                let diffs = zip(old.data, tensor.data).map { abs(Double($0) - Double($1)) }
                let diff = diffs.max() ?? 0
                let tolerance = diffs.indices.map { Self.rateTolerance(judgements: judgements, index: $0) }.min() ?? Self.rateTolerance
                let shown = old.count == 1
                    ? String(format: "%@ %.2f %% vs %.2f %% published", name, Double(tensor.data[0]) * 100, Double(old.data[0]) * 100)
                    : String(format: "%@ (%d rates) max |Δ| %.2f pp", name, old.count, diff * 100)
                if let bad = diffs.indices.first(where: { diffs[$0] > Self.rateTolerance(judgements: judgements, index: $0) }) {
                    return Row(id: entry.id, status: .differs, detail: shown + String(
                        format: ": |Δ| %.2f pp > %.0f pp", diffs[bad] * 100, Self.rateTolerance(judgements: judgements, index: bad) * 100))
                }
                worst.append(shown + String(format: " (|Δ| ≤ %.0f pp)", tolerance * 100))
            } else if name.hasSuffix("_rms") {
                let diff = zip(old.data, tensor.data).map { abs($0 - $1) }.max() ?? 0
                if diff > Self.rmsTolerance {
                    return Row(id: entry.id, status: .differs, detail: String(format: "%@: max |Δ| %.4f > %.2f", name, diff, Self.rmsTolerance))
                }
                worst.append(String(format: "%@ max |Δ| %.4f (≤ %.2f)", name, diff, Self.rmsTolerance))
            } else {
                let scale = max(old.data.map(abs).max() ?? 0, 1e-12)
                let diff = zip(old.data, tensor.data).map { abs($0 - $1) }.max() ?? 0
                if diff / scale > Self.relativeTolerance {
                    return Row(id: entry.id, status: .differs, detail: "\(name): max relative difference \(diff / scale)")
                }
            }
        }
        return Row(id: entry.id, status: .withinTolerance, detail: "PNG differs; " + (worst.isEmpty ? "arrays within tolerance" : worst.joined(separator: ", ")))
    }

    /// Peak signal-to-noise ratio for images in [0, 1] (peak 1); identical arrays give +infinity.
    public static func psnr(_ a: [Float], _ b: [Float]) -> Double {
        var sum = 0.0
        for (x, y) in zip(a, b) { sum += Double(x - y) * Double(x - y) }
        let mse = sum / Double(max(a.count, 1))
        return mse == 0 ? .infinity : 10 * log10(1 / mse)
    }

    public static func table(_ rows: [Row]) -> String {
        let width = max(6, rows.map(\.id.count).max() ?? 0)
        var lines = ["figure".padding(toLength: width, withPad: " ", startingAt: 0) + "  status            detail"]
        for row in rows {
            lines.append(row.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                         + row.status.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0) + "  " + row.detail)
        }
        let bad = rows.filter { $0.status == .differs || $0.status == .missing }.count
        lines.append("\(rows.count - bad) of \(rows.count) figures match")
        return lines.joined(separator: "\n")
    }
}
