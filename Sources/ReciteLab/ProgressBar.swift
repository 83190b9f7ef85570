// A progress bar on stderr with rate and ETA. Silent when stderr is not a terminal, so logs and
// CI output stay clean; machine-readable output never goes to stderr.
import Foundation

/// A single-line progress bar redrawn in place on stderr.
public final class ProgressBar: @unchecked Sendable {
    public let total: Double
    public let unit: String
    public let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let enabled: Bool
    private let lock = NSLock()

    /// `unit` names what is counted ("tokens", "runs"); the bar draws only when stderr is a TTY
    /// (or when `force` is true).
    public init(total: Double, unit: String, label: String = "", force: Bool? = nil) {
        self.total = max(total, 1); self.unit = unit; self.label = label
        enabled = force ?? (isatty(STDERR_FILENO) == 1)
    }

    /// Redraws for `done` units (at most ten times a second unless `final`).
    public func update(_ done: Double, note: String = "", final: Bool = false) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard final || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line(done, now: now, note: note) + (final ? "\n" : "")).utf8))
    }

    /// The text of the bar (exposed for tests).
    public func line(_ done: Double, now: Date = Date(), note: String = "") -> String {
        let frac = min(max(done / total, 0), 1)
        let width = 28
        let filled = Int((frac * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? done / elapsed : 0
        let eta = rate > 0 ? (total - done) / rate : .infinity
        let prefix = label.isEmpty ? "" : label + " "
        return "\(prefix)\(bar) \(Int(frac * 100))% \(ProgressBar.count(done))/\(ProgressBar.count(total)) \(unit)"
            + " · \(ProgressBar.count(rate)) \(unit)/s · ETA \(ProgressBar.duration(eta))" + (note.isEmpty ? "" : " · " + note)
    }

    /// Clears the line (call when finished, before printing a summary).
    public func finish(_ done: Double, note: String = "") { update(done, note: note, final: true) }

    static func count(_ x: Double) -> String {
        if x >= 1e9 { return String(format: "%.1fG", x / 1e9) }
        if x >= 1e6 { return String(format: "%.1fM", x / 1e6) }
        if x >= 1e4 { return String(format: "%.0fk", x / 1e3) }
        if x >= 100 { return String(format: "%.0f", x) }
        return String(format: "%.1f", x)
    }

    static func duration(_ s: Double) -> String {
        guard s.isFinite else { return "--:--" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}
