import Foundation

/// Why a training run, checkpoint or evaluation could not proceed; each case names the file or value.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case invalidConfig(field: String, problem: String)
    /// The run folder holds a run of another configuration (folder names are config hashes, so this means
    /// someone copied or edited files by hand).
    case configMismatch(folder: String, expectedHash: String, foundHash: String)
    case unreadableState(path: String, problem: String)
    case notEnoughData(needed: Int, available: Int)
    case missingCheckpoint(folder: String, epoch: Int)
    /// Another process is training in this run folder right now.
    case runInUse(folder: String)
    case wrongModelKind(expected: ModelKind, got: ModelKind)
    case invalidArgument(String)
    /// A checkpoint file that cannot be read (files are written atomically, so this is damage, not a kill):
    /// named, with how to retrain.
    case damagedCheckpoint(file: String, folder: String, problem: String)

    public var description: String {
        switch self {
        case let .invalidConfig(field, problem):
            return "training config: '\(field)' \(problem)"
        case let .configMismatch(folder, expected, found):
            return "run folder \(folder) belongs to config \(found), expected \(expected); move it away or delete it"
        case let .unreadableState(path, problem):
            return "training state \(path): \(problem)"
        case let .notEnoughData(needed, available):
            return "training needs at least \(needed) images, the data set has \(available)"
        case let .missingCheckpoint(folder, epoch):
            return "run folder \(folder) has no checkpoint for epoch \(epoch) (kept epochs are listed in the config)"
        case let .runInUse(folder):
            return "another sitegen process is training in \(folder); wait for it to finish or stop it (Ctrl-C saves "
                + "a checkpoint), then run this command again"
        case let .wrongModelKind(expected, got):
            return "expected a \(expected.rawValue) model, got a \(got.rawValue) model"
        case let .invalidArgument(text):
            return text
        case let .damagedCheckpoint(file, folder, problem):
            let partial = (file as NSString).lastPathComponent.hasPrefix("partial.")
            let remedy = partial
                ? "delete \(folder)/partial.* to resume from the last whole epoch, or the run folder \(folder) to retrain from scratch"
                : "delete the run folder \(folder) and the model is retrained from scratch"
            return "checkpoint \(file) is damaged (\(problem)); \(remedy)"
        }
    }
}
