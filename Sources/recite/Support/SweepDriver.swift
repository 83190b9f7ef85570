// A sweep from start to summary: run the pending runs, merge, write the manifest, check the
// figure's claims. Shared by `recite sweep` and `recite reproduce`.
import Foundation
import ReciteAnalysis
import ReciteLab

enum SweepDriver {
    struct Outcome {
        var rows: [ResultRow]
        var claims: [ShapeClaim]
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
            return Outcome(rows: rows, claims: [], summary: "", seconds: seconds, failedRuns: failed, failures: result.failures)
        }
        var summary = ""
        if let eval = e.evals.metrics.first, e.figure.hasPrefix("recitation") {
            summary += "\n\(e.figure): \(eval) at the last checkpoint, mean±sd over seeds (%), columns = unique tokens\n"
            summary += Curves.table(Curves.recitation(rows, eval: eval.rawValue), percent: true)
        }
        if e.figure == "data-constrained" {
            for eval in e.evals.metrics {
                summary += "\n\(e.figure): \(eval) at the end of training vs recitations R (columns), one row per budget D, mean±sd over seeds\n"
                summary += Curves.table(DataConstrained.curves(rows, eval: eval.rawValue), percent: eval != .loss)
            }
        }
        let claims = Curves.claims(figure: e.figure, rows: rows)
        if !claims.isEmpty {
            summary += Curves.render(claims) + "\n"
            let encoder = JSONEncoder(); encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(claims), to: store.directory + "/claims.json")
        }
        let diverged = Set(rows.filter { $0.status == "diverged" }.map(\.run))
        if !diverged.isEmpty { summary += "\(diverged.count) run(s) diverged (NaN/∞): recorded with status 'diverged', left out of the means\n" }
        summary += String(format: "%@: %d runs in %.1f s\n", e.name, all.count, seconds)
        return Outcome(rows: rows, claims: claims, summary: summary, seconds: seconds, failedRuns: failed, failures: result.failures)
    }
}
