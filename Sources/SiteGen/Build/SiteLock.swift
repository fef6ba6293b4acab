import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One build of a site at a time: an exclusive `flock` on `.site.lock` beside `site/`, held for the whole build.
///
/// Two builds used to share the staging folder with no lock, and one deleted the other's half-written files (the
/// issue saw 74 of 83 files published while one process exited 0). With the lock, a second build waits, then
/// builds from the first one's result. `flock` is released by the kernel when the process dies, kill -9
/// included, so a stale lock file never blocks anyone; the file itself is kept (deleting it would let a third
/// process lock a new inode while the second still holds the old one) and is in `.gitignore`.
final class SiteLock {
    private let fd: Int32
    let path: String

    /// Takes the lock, first without waiting; when another build holds it, says so on `console` and waits.
    init(siteDirectory: String, console: Console) throws {
        let site = URL(fileURLWithPath: siteDirectory).standardizedFileURL
        let parent = site.deletingLastPathComponent().path
        path = (parent as NSString).appendingPathComponent(".\(site.lastPathComponent).lock")
        try FileWrites.makeDirectory(parent)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWrites.Failure(operation: "open the build lock", path: path, reason: FileWrites.reason()) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
        guard errno == EWOULDBLOCK else {
            let failure = FileWrites.Failure(operation: "lock", path: path, reason: FileWrites.reason())
            close(fd)
            throw failure
        }
        console.write("another sitegen build of \(siteDirectory) is running; waiting for it to finish (lock \(path))")
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let failure = FileWrites.Failure(operation: "lock", path: path, reason: FileWrites.reason())
                close(fd)
                throw failure
            }
        }
    }

    deinit { close(fd) }
}
