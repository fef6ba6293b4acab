import Foundation

/// The user-wide cache that holds training runs, shared by every checkout of the project (like the Hugging Face
/// and torch caches), so a fresh clone or a second worktree reuses and resumes a run instead of retraining.
///
/// `$SITEGEN_CACHE` when set, else `$XDG_CACHE_HOME/sitegen`, else `~/.cache/sitegen`. The per-project figure
/// cache stays in the project's `.cache/`: figures depend on the project's content, runs only on their config.
public enum UserCache {
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["SITEGEN_CACHE"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return (xdg as NSString).appendingPathComponent("sitegen")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/sitegen")
    }

    /// Training runs: `<cache>/runs/<kind>-<config hash>/`.
    public static func runsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        (directory(environment: environment) as NSString).appendingPathComponent("runs")
    }
}
