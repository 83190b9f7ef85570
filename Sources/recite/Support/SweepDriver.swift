// A sweep from start to summary: run the pending runs, merge, write the manifest, check the
// claims of the figures the experiment names (ReciteFigures). Shared by `recite sweep` and `recite reproduce`.
import Foundation
import ReciteFigures
import ReciteLab

enum SweepDriver {
    struct Outcome {
        var rows: [ResultRow]
        /// The claims of each figure the experiment names (none for a shard).
        var figures: [FigureResult]
        /// Human-readable tables and PASS/FAIL lines.
        var summary: String
        var seconds: Double
        var failedRuns: [String]
    }

    static func run(file: String, overrides: [String], all: [ResolvedRun], runs: [ResolvedRun], store: ResultsStore,
                    workers: Int, threads: Int, shard: String = "0/1") throws -> Outcome {
        let clock = ContinuousClock(), t0 = clock.now
        let failed = try SweepScheduler(file: file, overrides: overrides, store: store, workers: workers, threads: threads)
            .run(runs, label: all.first?.experiment.name ?? "sweep")
        try store.merge(keys: all.map(\.key).filter(store.isFinished))
        let elapsed = clock.now - t0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let tree = try ExperimentLoader.applyOverrides(overrides, to: ExperimentLoader.readTree(file: file))
        try Manifest.write(Manifest.make(file: file, overrides: overrides, runs: all, spec: tree, wallSeconds: seconds,
                                         workers: workers, threads: threads,
                                         extra: ["shard": shard, "runs_wall_seconds_total": store.totalRunSeconds(keys: all.map(\.key))]),
                           to: store.manifestPath)
        let rows = try ResultsCSV.read(store.mergedPath)
        guard let e = all.first?.experiment, !e.figure.isEmpty, shard == "0/1" else {
            return Outcome(rows: rows, figures: [], summary: "", seconds: seconds, failedRuns: failed)
        }
        let check = try FigureCheck.run(FigureRegistry.figures(e.figure), rows: rows, directory: store.directory)
        let summary = check.summary + String(format: "%@: %d runs in %.1f s\n", e.name, all.count, seconds)
        return Outcome(rows: rows, figures: check.results, summary: summary, seconds: seconds, failedRuns: failed)
    }
}
