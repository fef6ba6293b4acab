import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Puts a fully written staging folder in the place of `site/` in one atomic step.
///
/// `site/` is committed to git and browsed as files, so it must stay a real folder: a `site` symlink to versioned
/// generations would be committed as a link. Instead the two folders are exchanged with one system call,
/// `renameat2(RENAME_EXCHANGE)` on Linux (`renamex_np(RENAME_SWAP)` on macOS): at every instant `site/` is either
/// the complete old site or the complete new one, and after the exchange the staging path holds the old site,
/// which is then deleted. The former "rename site away, rename staging in" left no `site/` at all when killed
/// between the two renames.
enum SiteSwap {
    /// Exchanges `staging` and `site` (both must exist); false when this file system or kernel cannot.
    static func exchange(_ staging: String, _ site: String) throws -> Bool {
        #if os(Linux)
        typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        // Glibc has renameat2 since 2.28 but Swift's Glibc module does not declare it; look it up by name.
        // nil is RTLD_DEFAULT: any loaded library.
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: Renameat2.self)
        let renameExchange: UInt32 = 1 << 1
        if renameat2(AT_FDCWD, staging, AT_FDCWD, site, renameExchange) == 0 { return true }
        #elseif canImport(Darwin)
        if renamex_np(staging, site, UInt32(RENAME_SWAP)) == 0 { return true }
        #endif
        if errno == EINVAL || errno == ENOSYS || errno == ENOTSUP { return false }
        throw FileWrites.Failure(operation: "swap in the new site at", path: site, reason: FileWrites.reason())
    }

    /// `rename(2)`, with the path and the system's reason on failure.
    static func rename(_ from: String, _ to: String) throws {
        #if canImport(Glibc)
        let failed = Glibc.rename(from, to) != 0
        #else
        let failed = Darwin.rename(from, to) != 0
        #endif
        if failed {
            throw FileWrites.Failure(operation: "rename \(from) to", path: to, reason: FileWrites.reason())
        }
    }
}
