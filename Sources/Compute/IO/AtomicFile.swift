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
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temp))
        } catch {
            throw SafeTensorsError.io(path: path, reason: "cannot write temporary file \(temp): \(error)")
        }
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
