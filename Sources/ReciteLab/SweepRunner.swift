// A sweep from start to merged results: snapshot the configuration, write the manifest, run the
// pending runs in workers, rebuild runs.csv, write the final manifest. Used by `recite sweep` and
// `recite reproduce`; figures and claims come after, from the rows.
import Foundation

public enum SweepRunner {
    /// How a sweep went.
    public struct Result: Sendable {
        public var failures: [RunFailure]
        public var finishedElsewhere: Int
        public var seconds: Double
        /// Finished runs of the whole grid (all shards) in the directory.
        public var finished: Int
        /// The snapshot the workers read.
        public var snapshot: String
    }

    /// Runs `runs` (part of `all`, the grid of `file` with `overrides`) into `store`.
    public static func run(file: String, overrides: [String], all: [ResolvedRun], runs: [ResolvedRun], store: ResultsStore,
                           workers: Int, threads: Int, shard: String, label: String) throws -> Result {
        let clock = ContinuousClock(), t0 = clock.now
        // The snapshot is the configuration read now; it must be the one `all` came from.
        let (tree, source) = try ExperimentLoader.applyOverrides(overrides, to: try ExperimentLoader.readTree(file: file), file: file)
        let keys = try ExperimentLoader.load(tree: tree, source: source, threads: threads).map(\.key)
        guard keys == all.map(\.key) else {
            throw LabError.grid(file: file, reason: "changed while the sweep was starting; start the sweep again")
        }
        let snapshot = try store.writeSnapshot(tree)
        func manifest(_ status: String, seconds: Double) throws {
            try Manifest.write(Manifest.make(file: file, overrides: overrides, runs: all, spec: tree, wallSeconds: seconds,
                                             workers: workers, threads: threads,
                                             extra: ["shard": shard, "status": status, "snapshot": snapshot,
                                                     "runs_finished": all.filter { store.isFinished($0.key) }.count,
                                                     "runs_wall_seconds_total": store.totalRunSeconds(keys: all.map(\.key))]),
                               to: store.manifestPath)
        }
        try manifest("running", seconds: 0)
        let report: SweepScheduler.Report
        do {
            report = try SweepScheduler(file: snapshot, store: store, workers: workers, threads: threads).run(runs, label: label)
        } catch let stop as SweepInterrupted {
            _ = try? store.merge(keys: all.map(\.key).filter(store.isFinished))
            try? manifest("stopped", seconds: seconds(since: t0, clock))
            throw stop
        }
        let finished = all.filter { store.isFinished($0.key) }.count
        do {
            try store.merge(keys: all.map(\.key).filter(store.isFinished))
            try manifest(finished == all.count ? "complete" : report.failures.isEmpty ? "partial" : "failed", seconds: seconds(since: t0, clock))
        } catch {
            // A full disk fails the workers' saves first: say which runs failed before the merge's own error.
            if !report.failures.isEmpty {
                FileHandle.standardError.write(Data(failureSummary(report.failures, of: runs.count, logs: store.directory + "/logs").utf8))
            }
            throw error
        }
        return Result(failures: report.failures, finishedElsewhere: report.finishedElsewhere, seconds: seconds(since: t0, clock),
                      finished: finished, snapshot: snapshot)
    }

    static func seconds(since t0: ContinuousClock.Instant, _ clock: ContinuousClock) -> Double {
        let e = clock.now - t0
        return Double(e.components.seconds) + Double(e.components.attoseconds) / 1e18
    }

    /// "2 of 6 runs failed:" and one line per failed run.
    public static func failureSummary(_ failures: [RunFailure], of total: Int, logs: String) -> String {
        var s = "\(failures.count) of \(total) runs failed (worker logs in \(logs)):\n"
        for f in failures.prefix(20) { s += "  \(f)\n" }
        if failures.count > 20 { s += "  ... and \(failures.count - 20) more\n" }
        return s
    }
}

extension ResultsStore {
    /// Writes the configuration a sweep runs, as `snapshots/<hash>.yaml` (JSON, which is YAML), and
    /// returns its path. Named by content, so sweeps of one configuration share it.
    public func writeSnapshot(_ tree: ConfigValue) throws -> String {
        let path = "\(directory)/snapshots/\(tree.stableKey).yaml"
        if FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) != tree.canonicalJSON + "\n" {
            try AtomicFile.write(tree.canonicalJSON + "\n", to: path)
        }
        return path
    }
}
