// Runs pending runs of a sweep in parallel worker processes (`recite worker`), longest first.
// Processes, not threads: OpenBLAS's thread count is per process, a crash or a kill takes one run
// down at most, and each finished run is saved by its worker atomically.
import Foundation

public struct SweepScheduler {
    public let file: String
    public let overrides: [String]
    public let store: ResultsStore
    public let workers: Int
    public let threads: Int
    /// The executable that serves `worker` (this program by default).
    public var executable: String = SweepScheduler.currentExecutable

    public init(file: String, overrides: [String], store: ResultsStore, workers: Int, threads: Int) {
        self.file = file; self.overrides = overrides; self.store = store; self.workers = workers; self.threads = threads
    }

    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Runs every unfinished run; returns keys that failed (crashed workers). A run that diverged is
    /// finished (its rows say so).
    @discardableResult
    public func run(_ runs: [ResolvedRun], label: String, onFinish: ((ResolvedRun) -> Void)? = nil) throws -> [String] {
        store.cleanStale()
        try FileManager.default.createDirectory(atPath: store.runsDirectory, withIntermediateDirectories: true)
        let pending = runs.filter { !store.isFinished($0.key) }.sorted { $0.estimatedFlops > $1.estimatedFlops }
        let totalFlops = runs.reduce(0) { $0 + $1.estimatedFlops }
        var doneFlops = runs.filter { store.isFinished($0.key) }.reduce(0) { $0 + $1.estimatedFlops }
        let bar = ProgressBar(total: Double(runs.count), unit: "runs", label: label, force: onFinish == nil ? nil : false)
        var finished = runs.count - pending.count
        bar.update(Double(finished), note: "\(pending.count) to run")
        var queue = pending[...]
        var active: [(Process, ResolvedRun)] = []
        var failed: [String] = []
        let errorLog = store.directory + "/worker-errors.log"
        while !queue.isEmpty || !active.isEmpty {
            while active.count < workers, let r = queue.popFirst() {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: executable)
                p.arguments = ["worker", file, "--key", r.key, "--out", store.directory, "--threads", String(threads)]
                    + overrides.flatMap { ["--set", $0] }
                p.standardOutput = FileHandle.nullDevice
                if !FileManager.default.fileExists(atPath: errorLog) { _ = FileManager.default.createFile(atPath: errorLog, contents: nil) }
                p.standardError = FileHandle(forWritingAtPath: errorLog).map { $0.seekToEndOfFile(); return $0 } ?? FileHandle.nullDevice
                try p.run()
                active.append((p, r))
            }
            // Foundation's Process reaps its own children, so poll rather than wait(2).
            guard let i = active.firstIndex(where: { !$0.0.isRunning }) else { usleep(20_000); continue }
            let (_, r) = active.remove(at: i)
            if store.isFinished(r.key) { finished += 1; doneFlops += r.estimatedFlops; onFinish?(r) } else { failed.append(r.key) }
            let pct = totalFlops > 0 ? Int(100 * doneFlops / totalFlops) : 0
            bar.update(Double(finished), note: "\(pct)% of FLOPs" + (failed.isEmpty ? "" : ", \(failed.count) failed"))
        }
        bar.finish(Double(finished), note: failed.isEmpty ? "done" : "\(failed.count) failed (see \(errorLog))")
        return failed
    }
}
