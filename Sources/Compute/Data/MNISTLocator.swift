/// Finds the folder holding the four MNIST files, trying the places a user would expect in a fixed order,
/// and otherwise says every place it looked and how to fix it.
public enum MNISTLocator {
    public struct Attempt: Equatable, Sendable {
        public var path: String
        /// Why this place was tried, e.g. "--data-dir", "$SITEGEN_DATA".
        public var source: String
        public var problem: String
    }

    /// Where `sitegen data fetch` puts the files.
    public static func defaultFetchDirectory(cwd: String) -> String {
        absolute("data/mnist", cwd: cwd)
    }

    /// The places tried, in order: --data-dir, $SITEGEN_DATA, ./data/mnist, ../shared/data/mnist.
    /// A given --data-dir or $SITEGEN_DATA may name the MNIST folder itself or a data folder with an
    /// `mnist` subfolder; the folder itself is tried first.
    public static func candidates(dataDir: String?, environment: [String: String], cwd: String)
        -> [(path: String, source: String)] {
        var result: [(String, String)] = []
        if let dataDir, !dataDir.isEmpty {
            let dir = absolute(dataDir, cwd: cwd)
            result += [(dir, "--data-dir"), (join(dir, "mnist"), "--data-dir")]
        }
        if let env = environment["SITEGEN_DATA"], !env.isEmpty {
            let dir = absolute(env, cwd: cwd)
            result += [(dir, "$SITEGEN_DATA"), (join(dir, "mnist"), "$SITEGEN_DATA")]
        }
        result.append((absolute("data/mnist", cwd: cwd), "./data/mnist"))
        result.append((absolute("../shared/data/mnist", cwd: cwd), "../shared/data/mnist"))
        return result
    }

    /// The first candidate folder that holds all four files (raw or .gz). A --data-dir the user typed is used
    /// alone: when it does not hold MNIST that is an error, not a silent fall-back to another copy.
    public static func resolve(dataDir: String?, environment: [String: String], cwd: String,
                               fileSystem: FileSystem = .live) throws -> String {
        var tried: [Attempt] = []
        let explicit = dataDir.map { !$0.isEmpty } ?? false
        for (path, source) in candidates(dataDir: dataDir, environment: environment, cwd: cwd)
        where !explicit || source == "--data-dir" {
            guard fileSystem.isDirectory(path) else {
                tried.append(Attempt(path: path, source: source, problem: "no such folder"))
                continue
            }
            let missing = MNISTFile.allCases.filter { $0.path(in: path, fileSystem: fileSystem) == nil }
            if missing.isEmpty { return path }
            tried.append(Attempt(path: path, source: source,
                                 problem: "missing " + missing.map { $0.baseName + "[.gz]" }.joined(separator: ", ")))
        }
        throw MNISTError.notFound(tried: tried)
    }

    /// `path` made absolute against `cwd`, with `.` and `..` components resolved textually so that
    /// messages show clean paths.
    static func absolute(_ path: String, cwd: String) -> String {
        let full = path.hasPrefix("/") ? path : join(cwd, path)
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
