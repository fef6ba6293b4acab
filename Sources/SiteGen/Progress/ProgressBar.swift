import Foundation

/// A one-line progress bar for long work (training, sampling): counts, a smoothed value (e.g. the loss),
/// throughput and ETA. On a terminal it redraws in place; otherwise (CI, a pipe) it prints a plain line at most
/// every `plainInterval` seconds, so logs stay readable.
public final class ProgressBar {
    public let title: String
    public let total: Int
    public let unit: String
    private let interactive: Bool
    private let plainInterval: TimeInterval
    private let write: (String) -> Void
    private let clock: () -> Date
    private let started: Date
    /// Units finished before this run started (a resumed training run); they don't count towards the rate.
    private let startedAt: Int
    private var lastDraw: Date?
    private var smoothed: Double?

    public init(title: String, total: Int, unit: String = "img", startedAt: Int = 0, interactive: Bool = isatty(2) != 0,
                plainInterval: TimeInterval = 10, write: @escaping (String) -> Void = ProgressBar.standardError,
                clock: @escaping () -> Date = Date.init) {
        self.title = title
        self.total = max(total, 1)
        self.unit = unit
        self.interactive = interactive
        self.plainInterval = plainInterval
        self.write = write
        self.clock = clock
        self.started = clock()
        self.startedAt = max(0, min(startedAt, total))
    }

    public static let standardError: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }

    /// `done` units of `total` finished; `value` (e.g. a batch loss) is smoothed exponentially for display.
    public func update(done: Int, value: Double? = nil, label: String = "loss", detail: String = "") {
        if let value, value.isFinite { smoothed = smoothed.map { 0.95 * $0 + 0.05 * value } ?? value }
        let now = clock()
        let finished = done >= total
        if !interactive, !finished, let lastDraw, now.timeIntervalSince(lastDraw) < plainInterval { return }
        if interactive, !finished, let lastDraw, now.timeIntervalSince(lastDraw) < 0.1 { return }
        lastDraw = now
        let line = Self.format(title: title, done: done, total: total, unit: unit, startedAt: startedAt,
                               elapsed: now.timeIntervalSince(started),
                               value: smoothed.map { (label, $0) }, detail: detail, width: interactive ? 24 : 0)
        write(interactive ? "\r\u{1B}[2K" + line + (finished ? "\n" : "") : line + "\n")
    }

    static func format(title: String, done: Int, total: Int, unit: String, startedAt: Int = 0, elapsed: TimeInterval,
                       value: (String, Double)?, detail: String, width: Int) -> String {
        let fraction = min(1, Double(done) / Double(total))
        var parts = [title]
        if width > 0 {
            let filled = Int(fraction * Double(width))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
        }
        parts.append("\(done)/\(total) \(unit)")
        if !detail.isEmpty { parts.append(detail) }
        if let (label, v) = value { parts.append(String(format: "%@ %.4g", label, v)) }
        if elapsed > 0 && done > startedAt {
            let rate = Double(done - startedAt) / elapsed
            parts.append(String(format: rate < 10 ? "%.2f %@/s" : "%.0f %@/s", rate, unit))
            let remaining = Double(total - done) / rate
            parts.append(done >= total ? "took " + duration(elapsed) : "ETA " + duration(remaining))
        }
        return parts.joined(separator: "  ")
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
