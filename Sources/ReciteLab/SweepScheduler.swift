// Runs pending runs of a sweep in parallel worker processes (`recite worker`), longest first.
// Processes, not threads: OpenBLAS's thread count is per process, a crash or a kill takes one run
// down at most, and each finished run is saved by its worker atomically.
//
// Every worker reads the sweep's snapshot of the configuration (editing the file during a sweep
// changes nothing), dies with the sweep (`ProcessLifetime.dieWithParent`), and runs under a claim
// (`ResultsStore.claim`) so that sweeps sharing a directory split the runs. SIGINT, SIGTERM and
// SIGHUP stop the workers and release the claims before the sweep exits.
import Foundation

/// A run that did not finish, and why (the last line its worker wrote, or how it died).
public struct RunFailure: Sendable, CustomStringConvertible {
    public var key: String
    public var coordinates: [String]
    public var reason: String
    public var description: String {
        "\(key)\(coordinates.isEmpty ? "" : " (\(coordinates.joined(separator: " ")))"): \(reason)"
    }
}

public struct SweepScheduler {
    /// The configuration file the workers read (the sweep's snapshot).
    public let file: String
    public let store: ResultsStore
    public let workers: Int
    public let threads: Int
    /// The executable that serves `worker` (this program by default).
    public var executable: String = SweepScheduler.currentExecutable

    public init(file: String, store: ResultsStore, workers: Int, threads: Int) {
        self.file = file; self.store = store; self.workers = workers; self.threads = threads
    }

    /// A scheduler over a snapshot of `file` with `overrides`, written into the store now.
    public init(file: String, overrides: [String], store: ResultsStore, workers: Int, threads: Int) throws {
        let tree = try ExperimentLoader.applyOverrides(overrides, to: try ExperimentLoader.readTree(file: file))
        self.init(file: try store.writeSnapshot(tree), store: store, workers: workers, threads: threads)
    }

    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// What happened to the runs given.
    public struct Report: Sendable {
        public var failures: [RunFailure] = []
        /// Runs finished by another sweep sharing the directory while this one waited for them.
        public var finishedElsewhere = 0
        /// Runs this sweep's workers trained and saved.
        public var trained = 0
    }

    public var logsDirectory: String { store.directory + "/logs" }
    func logPath(_ key: String) -> String { "\(logsDirectory)/\(key).log" }

    /// Runs every unfinished run. A run that diverged is finished (its rows say so); a run whose
    /// worker failed is reported. Throws `SweepInterrupted` after a stop signal.
    public func run(_ runs: [ResolvedRun], label: String, onFinish: ((ResolvedRun) -> Void)? = nil) throws -> Report {
        ProcessLifetime.catchStopSignals()
        defer { ProcessLifetime.releaseStopSignals() }
        store.cleanStale()
        try AtomicFile.makeDirectories(store.runsDirectory)
        try AtomicFile.makeDirectories(logsDirectory)
        let pending = runs.filter { !store.isFinished($0.key) }.sorted { $0.estimatedFlops > $1.estimatedFlops }
        let totalFlops = runs.reduce(0) { $0 + $1.estimatedFlops }
        var doneFlops = runs.filter { store.isFinished($0.key) }.reduce(0) { $0 + $1.estimatedFlops }
        let bar = ProgressBar(total: Double(runs.count), unit: "runs", label: label, force: onFinish == nil ? nil : false)
        var finished = runs.count - pending.count
        bar.update(Double(finished), note: "\(pending.count) to run")
        var queue = pending[...]
        var waiting: [ResolvedRun] = []          // claimed by another sweep
        var active: [(process: Process, run: ResolvedRun, claim: RunClaim)] = []
        var report = Report()
        var lastLook = Date.distantPast
        let exited = DispatchSemaphore(value: 0)
        func done(_ r: ResolvedRun) {
            finished += 1; doneFlops += r.estimatedFlops; onFinish?(r)
            let pct = totalFlops > 0 ? Int(100 * doneFlops / totalFlops) : 0
            bar.update(Double(finished), note: "\(pct)% of FLOPs" + (report.failures.isEmpty ? "" : ", \(report.failures.count) failed"))
        }
        while !queue.isEmpty || !active.isEmpty || !waiting.isEmpty {
            if ProcessLifetime.stopSignal != 0 {
                stop(active.map(\.process))
                for a in active { a.claim.release() }
                store.cleanStale()
                bar.finish(Double(finished), note: "stopped")
                throw SweepInterrupted(signal: ProcessLifetime.stopSignal)
            }
            while active.count < workers, let r = queue.popFirst() {
                if store.isFinished(r.key) { done(r); continue }
                guard let claim = store.claim(r.key) else { waiting.append(r); continue }
                if store.isFinished(r.key) { claim.release(); done(r); continue }   // finished while we looked
                active.append((try launch(r, onExit: { exited.signal() }), r, claim))
            }
            if let i = active.firstIndex(where: { !$0.process.isRunning }) {
                let (p, r, claim) = active.remove(at: i)
                claim.release()
                if store.isFinished(r.key) {
                    removeEmptyLog(r.key)
                    report.trained += 1
                    done(r)
                } else {
                    report.failures.append(RunFailure(key: r.key, coordinates: r.coordinates, reason: reason(p, key: r.key)))
                    bar.update(Double(finished), note: "\(report.failures.count) failed")
                }
                continue
            }
            // Runs another sweep holds: finished by it, or free again when it stopped.
            if !waiting.isEmpty && Date().timeIntervalSince(lastLook) > 0.2 {
                lastLook = Date()
                waiting = waiting.filter { r in
                    if store.isFinished(r.key) { report.finishedElsewhere += 1; done(r); return false }
                    if !store.isClaimed(r.key) { queue.append(r); return false }
                    return true
                }
            }
            // Foundation's Process reaps its own children, so rather than wait(2): sleep until a
            // worker's termination handler signals, or 20 ms (stop signals and runs held by another
            // sweep are looked at between). A fixed 20 ms poll left each worker slot idle for 10 ms
            // per run on average: about 3% of a sweep of 0.2-0.4 s runs.
            _ = exited.wait(timeout: .now() + .milliseconds(20))
        }
        bar.finish(Double(finished), note: report.failures.isEmpty ? "done" : "\(report.failures.count) failed (logs in \(logsDirectory))")
        rmdir(logsDirectory)   // only when empty: every run succeeded
        if !pending.isEmpty {
            let note = "\(label): \(report.trained) runs trained here, \(report.finishedElsewhere) finished by another sweep, \(report.failures.count) failed\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
        return report
    }

    func launch(_ r: ResolvedRun, onExit: @escaping @Sendable () -> Void = {}) throws -> Process {
        let p = Process()
        p.terminationHandler = { _ in onExit() }
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["worker", file, "--key", r.key, "--out", store.directory, "--threads", String(threads)]
        var env = ProcessInfo.processInfo.environment
        env[ProcessLifetime.parentVariable] = String(getpid())
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        let log = logPath(r.key)
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: log) ?? FileHandle.nullDevice
        do { try p.run() } catch {
            throw LabError.results(path: executable, reason: "cannot start a worker: \(error.localizedDescription)")
        }
        return p
    }

    /// SIGTERM, up to 3 s to exit, then SIGKILL.
    func stop(_ processes: [Process]) {
        for p in processes where p.isRunning { kill(p.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(3)
        while processes.contains(where: \.isRunning) && Date() < deadline { usleep(10_000) }
        for p in processes where p.isRunning { kill(p.processIdentifier, SIGKILL) }
        for p in processes { p.waitUntilExit() }
    }

    /// The last line the worker wrote, or how it ended.
    func reason(_ p: Process, key: String) -> String {
        let text = (try? String(contentsOfFile: logPath(key), encoding: .utf8)) ?? ""
        let last = text.split(separator: "\n").last.map { String($0).replacingOccurrences(of: "Error: ", with: "") }
        if p.terminationReason == .uncaughtSignal {
            return "worker killed by signal \(p.terminationStatus)" + (last.map { " (\($0))" } ?? "")
        }
        return last ?? "worker exited with status \(p.terminationStatus) and no message"
    }

    func removeEmptyLog(_ key: String) {
        let path = logPath(key)
        if let a = try? FileManager.default.attributesOfItem(atPath: path), (a[.size] as? Int ?? 1) == 0 { unlink(path) }
    }
}
