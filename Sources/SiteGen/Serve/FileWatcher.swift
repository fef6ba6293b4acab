import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Notices edits under the source folders by polling: portable, needs no inotify plumbing, and a poll of a
/// few hundred small files every 300 ms costs next to nothing.
///
/// Editors save in several writes (temp file, rename, chmod), so after a change is seen the watcher waits
/// until the folders have been quiet for `debounce` and reports the whole burst once.
public struct FileWatcher: Sendable {

    /// What is known about one file: enough to notice content edits, truncations and replacements.
    public struct Stamp: Equatable, Sendable {
        public var modifiedSeconds: Int
        public var modifiedNanoseconds: Int
        public var size: Int64
    }

    /// Every watched file by path. Compared as a whole, and only read through sorted keys.
    public typealias Snapshot = [String: Stamp]

    public let directories: [URL]
    public let interval: Duration
    public let debounce: Duration

    public init(directories: [URL], interval: Duration = .milliseconds(300), debounce: Duration = .milliseconds(200)) {
        self.directories = directories
        self.interval = interval
        self.debounce = debounce
    }

    /// Polls until the calling task is cancelled, calling `onChange` with the sorted paths that were added,
    /// removed or modified. `onChange` is awaited before polling resumes, so calls never overlap; edits
    /// made meanwhile are reported by the next call.
    public func run(onChange: @Sendable ([String]) async -> Void) async throws {
        var reported = snapshot()
        while true {
            try await Task.sleep(for: interval)
            var current = snapshot()
            guard current != reported else { continue }
            while true {
                try await Task.sleep(for: debounce)
                let next = snapshot()
                if next == current { break }
                current = next
            }
            let changes = Self.changedPaths(from: reported, to: current)
            reported = current
            if !changes.isEmpty { await onChange(changes) }
        }
    }

    /// The current state of every regular file under the watched folders. Missing folders count as empty,
    /// so deleting and recreating `content/` is just a change. Dotfiles and `~` backups are editor noise.
    public func snapshot() -> Snapshot {
        var files: Snapshot = [:]
        for directory in directories {
            collect(directory.path, into: &files)
        }
        return files
    }

    public static func changedPaths(from old: Snapshot, to new: Snapshot) -> [String] {
        let paths = Set(old.keys).union(new.keys)
        return paths.filter { old[$0] != new[$0] }.sorted()
    }

    private static func stamp(_ info: stat) -> Stamp {
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Stamp(modifiedSeconds: Int(time.tv_sec), modifiedNanoseconds: Int(time.tv_nsec), size: Int64(info.st_size))
    }

    private func collect(_ path: String, into files: inout Snapshot) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix("~") {
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            var info = stat()
            guard lstat(child, &info) == 0 else { continue }  // vanished between listing and stat
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                collect(child, into: &files)
            case S_IFLNK:
                // Follow links to files, not to folders: a link back up the tree would never end.
                guard stat(child, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                files[child] = Self.stamp(info)
            case S_IFREG:
                files[child] = Self.stamp(info)
            default:
                continue
            }
        }
    }
}
