import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain POSIX file operations for writing the site, so a failure reads "cannot write site/x.html: Permission
/// denied" (the path and the system's reason) instead of a raw `NSCocoaErrorDomain Code=513` dump.
enum FileWrites {
    /// A failed file operation: which operation, on which path, and the system's reason.
    struct Failure: Error, CustomStringConvertible, Equatable {
        var operation: String
        var path: String
        var reason: String
        var description: String { "cannot \(operation) \(path): \(reason)" }
    }

    /// The current `errno`, in words and lower case as in the wording ("permission denied").
    static func reason(_ code: Int32 = errno) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(operation: "write", path: path, reason: reason()) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "write", path: path, reason: reason())
            }
            done += n
        }
    }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw Failure(operation: "create folder", path: path, reason: reason())
        }
    }

    /// Removes a file or folder tree; a missing one is not an error.
    static func removeTree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw Failure(operation: "remove", path: path, reason: reason())
        }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw Failure(operation: "remove", path: path, reason: describe(error))
        }
    }

    /// Copies a folder tree (for `--section`, which starts from the published site).
    static func copyTree(_ source: String, to destination: String) throws {
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw Failure(operation: "copy \(source) to", path: destination, reason: describe(error))
        }
    }

    /// The system reason inside a Foundation error (its underlying POSIX error), else its localized description.
    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return reason(Int32(posix.code))
        }
        if ns.domain == NSPOSIXErrorDomain { return reason(Int32(ns.code)) }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on device"
        case .fileWriteVolumeReadOnly: return "read-only file system"
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
        default: return ns.localizedDescription
        }
    }
}
