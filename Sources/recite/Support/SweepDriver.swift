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
        var failures: [RunFailure] = []
    }

    static func run(file: String, overrides: [String], all: [ResolvedRun], runs: [ResolvedRun], store: ResultsStore,
                    workers: Int, threads: Int, shard: String = "0/1") throws -> Outcome {
        let result = try SweepRunner.run(file: file, overrides: overrides, all: all, runs: runs, store: store, workers: workers,
                                         threads: threads, shard: shard, label: all.first?.experiment.name ?? "sweep")
        let seconds = result.seconds, failed = result.failures.map(\.key)
        let rows = try ResultsCSV.read(store.mergedPath)
        guard let e = all.first?.experiment, !e.figure.isEmpty, shard == "0/1" else {
            return Outcome(rows: rows, figures: [], summary: "", seconds: seconds, failedRuns: failed, failures: result.failures)
        }
        let check = try FigureCheck.run(FigureRegistry.figures(e.figure), rows: rows, directory: store.directory)
        var summary = check.summary
        let diverged = Set(rows.filter { $0.status == .diverged }.map(\.run))
        if !diverged.isEmpty { summary += "\(diverged.count) run(s) diverged (NaN/∞ or loss above 10·ln V): recorded with status 'diverged', left out of the means\n" }
        summary += String(format: "%@: %d runs in %.1f s\n", e.name, all.count, seconds)
        return Outcome(rows: rows, figures: check.results, summary: summary, seconds: seconds, failedRuns: failed, failures: result.failures)
    }
}
