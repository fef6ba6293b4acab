import Foundation

/// The file operations the data layer needs, as a struct of closures so tests can swap in an in-memory
/// disk (see `FileSystem.inMemory`) and never depend on what happens to be on the machine.
public struct FileSystem: Sendable {
    public var read: @Sendable (String) throws -> [UInt8]
    /// Must be atomic: readers see the old file or the whole new one, never a partial write.
    public var write: @Sendable (String, [UInt8]) throws -> Void
    public var exists: @Sendable (String) -> Bool
    public var isDirectory: @Sendable (String) -> Bool
    public var createDirectory: @Sendable (String) throws -> Void

    public init(read: @escaping @Sendable (String) throws -> [UInt8],
                write: @escaping @Sendable (String, [UInt8]) throws -> Void,
                exists: @escaping @Sendable (String) -> Bool,
                isDirectory: @escaping @Sendable (String) -> Bool,
                createDirectory: @escaping @Sendable (String) throws -> Void) {
        self.read = read
        self.write = write
        self.exists = exists
        self.isDirectory = isDirectory
        self.createDirectory = createDirectory
    }
}

public struct FileSystemError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

extension FileSystem {
    public static let live = FileSystem(
        read: { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                let reason = FileManager.default.fileExists(atPath: path) ? "could not be read (permissions?)"
                                                                          : "no such file"
                throw FileSystemError(path: path, message: reason)
            }
            return [UInt8](data)
        },
        write: { path, bytes in
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw FileSystemError(path: path, message: "could not be written: \(error.localizedDescription)")
            }
        },
        exists: { FileManager.default.fileExists(atPath: $0) },
        isDirectory: { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        },
        createDirectory: { path in
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw FileSystemError(path: path, message: "could not create folder: \(error.localizedDescription)")
            }
        })

    /// A disk in memory: folders are implied by the files under them plus those created explicitly.
    /// The returned `Disk` lets a test inspect what was written.
    public static func inMemory(_ files: [String: [UInt8]] = [:]) -> (FileSystem, InMemoryDisk) {
        let disk = InMemoryDisk(files)
        let fs = FileSystem(
            read: { path in
                guard let bytes = disk.file(path) else { throw FileSystemError(path: path, message: "no such file") }
                return bytes
            },
            write: { path, bytes in disk.setFile(path, bytes) },
            exists: { disk.file($0) != nil || disk.isDirectory($0) },
            isDirectory: { disk.isDirectory($0) },
            createDirectory: { disk.addDirectory($0) })
        return (fs, disk)
    }
}

/// Backing store of `FileSystem.inMemory`; a class behind a lock so the closures can share it.
public final class InMemoryDisk: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: [UInt8]]
    private var directories: Set<String> = []

    init(_ files: [String: [UInt8]]) { self.files = files }

    public var paths: [String] { lock.withLock { files.keys.sorted() } }
    public func file(_ path: String) -> [UInt8]? { lock.withLock { files[path] } }
    public func setFile(_ path: String, _ bytes: [UInt8]) { lock.withLock { files[path] = bytes } }
    public func addDirectory(_ path: String) { _ = lock.withLock { directories.insert(path) } }
    public func isDirectory(_ path: String) -> Bool {
        lock.withLock { directories.contains(path) || files.keys.contains { $0.hasPrefix(path + "/") } }
    }
}
