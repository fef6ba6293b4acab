import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a run folder for as long as one process trains in it: two processes training the same
/// run (a `build` and an `eval` started side by side) would overwrite each other's checkpoints. `flock` locks
/// die with their process, so a killed run never leaves a stale lock behind.
final class RunLock {
    private let descriptor: Int32

    /// Takes the lock on `<folder>/lock`, or fails at once if another process (or another `RunLock`) holds it.
    init(folder: String) throws {
        let path = folder + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TrainingError.invalidArgument("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw TrainingError.runInUse(folder: folder)
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
