import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that readers see either the old or the complete new contents, never half a checkpoint:
/// the bytes go to a temporary file in the same folder (same file system) which is then renamed over the target.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        // POSIX calls, so a failure reads "Permission denied", not a Foundation error dump (NSCocoaErrorDomain 513).
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SafeTensorsError.io(path: path, reason: "cannot write temporary file \(temp): \(String(cString: strerror(errno)))")
        }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temp)
                throw SafeTensorsError.io(path: path, reason: "cannot write temporary file \(temp): \(reason)")
            }
            done += n
        }
        close(fd)
        if rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw SafeTensorsError.io(path: path, reason: "cannot rename \(temp) into place: \(reason)")
        }
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SafeTensorsError.io(path: path, reason: "cannot read file")
        }
        return [UInt8](data)
    }
}
