import Foundation

/// The small file written LAST after a checkpoint: it marks the checkpoint complete and carries what the
/// safetensors files do not (loss history, position in the run) plus the SHA-256 of both files, so a
/// checkpoint truncated or overwritten after the fact is recognised and skipped rather than silently loaded.
struct TrainingState: Codable, Equatable {
    var configHash: String
    /// Epochs completed (1-based count).
    var epoch: Int
    /// For a mid-epoch checkpoint, the optimizer steps already done in epoch `epoch + 1`; nil after a whole
    /// epoch (and then left out of the JSON, so epoch state files keep the bytes they had before it existed).
    var step: Int? = nil
    /// One loss per optimizer step since the start of the run.
    var losses: [Float]
    var modelSHA256: String
    var optimizerSHA256: String
    /// Seconds spent training (steps and checkpoints, summed over every process that worked on the run) up
    /// to this checkpoint; nil in runs written before it was recorded.
    var trainingSeconds: Double? = nil
    /// The software that trained the run, one entry per distinct build that added steps (normally one commit).
    var trainedBy: [String]? = nil

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [UInt8](try encoder.encode(self))
    }

    static func read(path: String) throws -> TrainingState {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainingError.unreadableState(path: path, problem: "cannot read file")
        }
        do {
            return try JSONDecoder().decode(TrainingState.self, from: data)
        } catch {
            throw TrainingError.unreadableState(path: path, problem: "not a valid state file: \(error)")
        }
    }
}

/// Hex SHA-256 of a file, nil if it cannot be read.
func fileSHA256(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return Hashing.sha256Hex(data)
}

/// How long a run has trained and which builds did it: carried from checkpoint to checkpoint across resumes,
/// so a published model can say what it cost and which commit produced it.
public struct RunProvenance: Sendable, Equatable {
    /// Training seconds so far (NaN when the run predates the record).
    public var seconds: Double
    public var trainedBy: [String]

    public init(seconds: Double, trainedBy: [String]) {
        self.seconds = seconds
        self.trainedBy = trainedBy
    }

    init(resuming state: TrainingState, software: String) {
        seconds = state.trainingSeconds ?? .nan
        trainedBy = state.trainedBy ?? ["unrecorded"]
        if !trainedBy.contains(software) { trainedBy.append(software) }
    }
}
