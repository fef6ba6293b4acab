import Crypto
import Foundation

/// Hex SHA-256, the one digest format used for data checksums, cache keys, run folders and the manifest.
public enum Hashing {
    public static func sha256Hex<D: DataProtocol>(_ bytes: D) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }
}
