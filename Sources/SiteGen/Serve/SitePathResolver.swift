import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps request paths onto files of the built site, and nothing else.
///
/// The dev server hands the raw (still percent-encoded) request target straight to this type, because HTTP
/// clients normalise `..` away: only the raw form shows what the peer actually asked for.
/// Every refusal is `nil` (the server answers 404), so a probe cannot tell "outside the site" from "missing".
public struct SitePathResolver: Sendable {

    /// What a request path resolves to.
    public enum Resolution: Equatable, Sendable {
        /// A regular file inside the site folder (symlinks resolved).
        case file(URL)
        /// A directory asked for without its trailing slash: send the browser to `location`, so relative
        /// links inside its `index.html` resolve against the directory.
        case redirect(location: String)
    }

    /// The site folder with every symlink resolved; all answers must lie inside it.
    public let root: URL

    public init(siteDirectory: URL) throws {
        guard let real = Self.realPath(siteDirectory.path), Self.isDirectory(real) else {
            throw ServeError.siteFolderMissing(siteDirectory.path)
        }
        root = URL(fileURLWithPath: real, isDirectory: true)
    }

    /// Resolves a raw request target such as `/a/b%20c.png?x=1`.
    public func resolve(_ rawTarget: String) -> Resolution? {
        let rawPath = Self.stripQueryAndFragment(rawTarget)
        guard rawPath.hasPrefix("/") else { return nil }
        // Encoded separators and NUL are never legitimate in our site's URLs; refusing them before decoding
        // means a decoded `/` can only have come from a real separator.
        let lowered = rawPath.lowercased()
        for forbidden in ["%2f", "%5c", "%00"] where lowered.contains(forbidden) { return nil }
        guard let decoded = rawPath.removingPercentEncoding else { return nil }
        guard !decoded.contains("\\"), !decoded.contains("\0") else { return nil }

        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == ".." { return nil }
            if segment == "." { continue }
            segments.append(String(segment))
        }
        let wantsDirectory = decoded.hasSuffix("/")

        let candidate = segments.reduce(root.path) { $0 + "/" + $1 }
        guard let real = Self.realPath(candidate), isInsideRoot(real) else { return nil }

        if Self.isDirectory(real) {
            guard wantsDirectory else {
                let encoded = segments.map {
                    $0.addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? $0
                }
                return .redirect(location: "/" + encoded.joined(separator: "/") + "/")
            }
            guard let index = Self.realPath(real + "/index.html"), isInsideRoot(index),
                  Self.isRegularFile(index) else { return nil }
            return .file(URL(fileURLWithPath: index))
        }
        guard !wantsDirectory, Self.isRegularFile(real) else { return nil }
        return .file(URL(fileURLWithPath: real))
    }

    private func isInsideRoot(_ realPath: String) -> Bool {
        let rootPath = root.path
        return realPath == rootPath || realPath.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/")
    }

    private static let segmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/?#")
        return set
    }()

    private static func stripQueryAndFragment(_ target: String) -> String {
        let end = target.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? target.endIndex
        return String(target[..<end])
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    static func isDirectory(_ path: String) -> Bool { fileType(path) == S_IFDIR }
    static func isRegularFile(_ path: String) -> Bool { fileType(path) == S_IFREG }
}
