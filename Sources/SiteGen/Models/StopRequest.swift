import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM during training: the first one lets the current step finish and saves a
/// checkpoint, so the same command resumes there; a second one, or one outside training, quits at once.
/// Process-wide because signals are; nothing changes until the CLI calls `installHandlers`.
public enum StopRequest {
    private static let requested = Atomic<Bool>(false)
    private static let training = Atomic<Bool>(false)
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// True once a stop was asked for while training.
    static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Runs `body` with signals turned into a stop request rather than an exit.
    static func whileTraining<T>(_ body: () throws -> T) rethrows -> T {
        training.store(true, ordering: .relaxed)
        defer { training.store(false, ordering: .relaxed) }
        return try body()
    }

    public static func installHandlers(console: Console) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard training.load(ordering: .relaxed), !requested.exchange(true, ordering: .relaxed) else {
                    exit(128 + number)
                }
                console.write("\nstopping after this training step and saving a checkpoint (signal again to quit now)")
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// The build ended because `StopRequest` stopped a training run; its checkpoint resumes it.
public struct TrainingStopped: Error, CustomStringConvertible {
    public var folder: String
    public var stepsDone: Int
    public var totalSteps: Int

    public var description: String {
        "training stopped at step \(stepsDone) of \(totalSteps), checkpoint saved in \(folder); "
            + "run the same command again to resume from there"
    }
}
