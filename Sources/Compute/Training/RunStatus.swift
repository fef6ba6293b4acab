import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How far a run on disk has come, for `sitegen models list`: read from its files, never by loading weights.
public struct RunStatus: Sendable {
    public var folder: String
    public var config: TrainingConfig
    public var completedEpochs: [Int]
    /// Optimizer steps held by the checkpoint a resume would start from.
    public var stepsDone: Int
    public var totalSteps: Int
    /// Another process holds the run's lock: it is training right now.
    public var inProgress: Bool
    public var trainingSeconds: Double?

    public var isComplete: Bool { completedEpochs.contains(config.epochs) }
}

extension RunFolder {
    /// Every run folder under `root` whose `config.json` reads, by folder name.
    public static func all(in root: String) -> [RunFolder] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: root + "/" + name + "/config.json"),
                  let config = try? JSONDecoder().decode(TrainingConfig.self, from: data) else { return nil }
            let folder = RunFolder(root: root, config: config)
            return folder.path == root + "/" + name ? folder : nil
        }
    }

    public func status(available: Int = 60_000) -> RunStatus {
        let resume = try? resumePoint()
        return RunStatus(folder: path, config: config, completedEpochs: completedEpochs(),
                         stepsDone: resume?.state.losses.count ?? 0,
                         totalSteps: config.stepsPerEpoch(available: available) * config.epochs,
                         inProgress: isLocked, trainingSeconds: resume?.state.trainingSeconds)
    }

    /// True while some process holds `<folder>/lock` (tried without waiting; `flock` conflicts across descriptors).
    var isLocked: Bool {
        let fd = open(path + "/lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }
}
