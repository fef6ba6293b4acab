import Compute
import Foundation

/// `sitegen models list | publish | check`, as text for the CLI to print.
public struct ModelsReport {
    public var options: BuildOptions
    public var console: Console
    public var loadMNIST: () throws -> MNIST

    public init(options: BuildOptions, console: Console, loadMNIST: @escaping () throws -> MNIST) {
        self.options = options
        self.console = console
        self.loadMNIST = loadMNIST
    }

    /// Published files (with their evaluation) and the runs in the run store (with their progress).
    public func list() throws -> [String] {
        let published = try PublishedModels(directory: options.modelsDirectory)
        var lines = ["published models in \(options.modelsDirectory)/:"]
        if published.entries.isEmpty { lines.append("  none") }
        for entry in published.entries {
            var line = "  \(entry.kind.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) \(entry.profile.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                + "config \(entry.configHash.prefix(12))  epoch \(String(format: "%2d", entry.epoch))  \(String(format: "%6.1f", Double(entry.bytes) / 1e6)) MB"
            if let metadata = try? published.verified(entry).metadata {
                line += "  " + Self.summary(metadata.evaluation)
            } else {
                line += "  DAMAGED (run `sitegen models check`)"
            }
            lines.append(line)
        }
        lines.append("runs in \(options.runsDirectory)/:")
        let runs = RunFolder.all(in: options.runsDirectory)
        if runs.isEmpty { lines.append("  none") }
        for run in runs {
            let s = run.status()
            let profile = Profile.allCases.first { $0.config(for: s.config.kind).hash == s.config.hash }?.rawValue ?? "custom"
            let state = s.isComplete ? "complete" : (s.inProgress ? "training now" : "stopped")
            lines.append("  \((run.path as NSString).lastPathComponent.padding(toLength: 30, withPad: " ", startingAt: 0)) \(profile.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                + "\(state), step \(s.stepsDone) of \(s.totalSteps) (\(String(format: "%.1f", 100 * Double(s.stepsDone) / Double(max(s.totalSteps, 1)))) %), "
                + "epochs done: \(s.completedEpochs.isEmpty ? "none" : s.completedEpochs.map(String.init).joined(separator: ", "))"
                + (s.trainingSeconds.map { String(format: ", %.1f h of training", $0 / 3600) } ?? ""))
        }
        return lines
    }

    /// One line of a model's numbers.
    static func summary(_ e: ModelEvaluation) -> String {
        var parts = [String(format: "final loss %.4f", e.finalLoss)]
        if let a = e.classAccuracy { parts.append(String(format: "class accuracy %.1f %% of %d", a.rate * 100, a.total)) }
        if let d = e.denoiserTestMSE { parts.append(String(format: "test MSE %.5f", d.mse)) }
        if let c = e.classifierTestAccuracy { parts.append(String(format: "test accuracy %.2f %%", c * 100)) }
        return parts.joined(separator: ", ")
    }

    /// Verifies every published file: SHA-256 and size against the index, header, metadata, strict load.
    public func check() throws -> [String] {
        let published = try PublishedModels(directory: options.modelsDirectory)
        var lines: [String] = [], failures: [String] = []
        for entry in published.entries {
            do {
                let (model, metadata) = try published.verified(entry)
                lines.append("ok  \(entry.file): \(model.module.parameterCount) parameters, epoch \(metadata.epoch), \(Self.summary(metadata.evaluation))")
            } catch {
                failures.append("\(error)")
                lines.append("BAD \(entry.file): \(error)")
            }
        }
        let listed = Set(published.entries.map(\.file))
        let stray = ((try? FileManager.default.contentsOfDirectory(atPath: options.modelsDirectory)) ?? [])
            .filter { $0.hasSuffix(".safetensors") && !listed.contains($0) }.sorted()
        for file in stray {
            failures.append(file)
            lines.append("BAD \(file): not listed in \(published.indexPath)")
        }
        lines.append("\(published.entries.count - failures.count + stray.count) of \(published.entries.count + stray.count) published files verified")
        guard failures.isEmpty else { throw ModelsCheckFailed(lines: lines) }
        return lines
    }

    /// Publishes `kinds` (default: every model of the profile whose run is complete) from the run store.
    public func publish(kinds: [ModelKind]?) throws -> [String] {
        let profile = options.profile
        let wanted = kinds ?? [ModelKind.classifier, .classConditioned, .time, .denoiser].filter {
            RunFolder(root: options.runsDirectory, config: profile.config(for: $0)).status().isComplete
        }
        guard !wanted.isEmpty else {
            throw ModelStoreError("no finished \(profile.rawValue)-profile run in \(options.runsDirectory) to publish; "
                + "train one with `sitegen train --profile \(profile.rawValue) --model class`")
        }
        var publisher = ModelPublisher(models: try PublishedModels(directory: options.modelsDirectory),
                                       runsDirectory: options.runsDirectory, mnist: loadMNIST, log: console.write)
        var lines: [String] = []
        // The classifier first: it judges the class-conditioned model's samples.
        for kind in [ModelKind.classifier, .classConditioned, .time, .denoiser] where wanted.contains(kind) {
            let epochs = ModelSet.needed(profile).filter { $0.kind == kind }.map(\.epoch)
            let entries = try publisher.publish(profile.config(for: kind), epochs: epochs, profile: profile.rawValue,
                                                judge: profile.config(for: .classifier))
            lines += entries.map { "published \($0.file) (\($0.bytes) bytes, SHA-256 \($0.sha256.prefix(12)))" }
        }
        lines.append("commit \(options.modelsDirectory)/ (the .safetensors files, index.json and the cards) to ship them")
        return lines
    }
}

public struct ModelsCheckFailed: Error, CustomStringConvertible {
    public var lines: [String]
    public var description: String { (lines + ["published models failed the check"]).joined(separator: "\n") }
}
