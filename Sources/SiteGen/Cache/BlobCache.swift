import Compute
import Foundation

/// A folder of byte blobs addressed by key, each stored with its SHA-256 so that a truncated or corrupted entry
/// is detected (and recomputed by the caller) instead of trusted.
public struct BlobCache: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public enum Lookup: Equatable {
        case hit([UInt8])
        case miss
        /// The entry exists but fails its checksum; the reason says how.
        case corrupt(String)
    }

    public func lookup(_ key: String, kind: String = "bin") -> Lookup {
        let blob = path(key, kind)
        let sum = blob + ".sha256"
        guard FileManager.default.fileExists(atPath: blob) else { return .miss }
        guard let data = FileManager.default.contents(atPath: blob) else { return .corrupt("unreadable") }
        guard let recorded = FileManager.default.contents(atPath: sum).flatMap({ String(data: $0, encoding: .utf8) }) else {
            return .corrupt("its checksum file is missing")
        }
        let bytes = [UInt8](data)
        guard recorded.trimmingCharacters(in: .whitespacesAndNewlines) == Hashing.sha256Hex(bytes) else {
            return .corrupt("checksum mismatch (\(bytes.count) bytes; truncated or modified)")
        }
        return .hit(bytes)
    }

    /// Writes the blob, then its checksum, each atomically; a crash in between leaves an entry that `lookup`
    /// reports as corrupt rather than one that looks valid.
    public func store(_ key: String, kind: String = "bin", bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: path(key, kind) + ".sha256")
        try AtomicFile.write(bytes, to: path(key, kind))
        try AtomicFile.write(Array((Hashing.sha256Hex(bytes) + "\n").utf8), to: path(key, kind) + ".sha256")
    }

    private func path(_ key: String, _ kind: String) -> String {
        (directory as NSString).appendingPathComponent("\(key).\(kind)")
    }
}

