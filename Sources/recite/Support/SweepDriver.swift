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
            return Outcome(rows: rows, claims: [], summary: "", seconds: seconds, failedRuns: failed)
        }
        var summary = ""
        if let eval = e.evals.metrics.first, e.figure.hasPrefix("recitation") {
            summary += "\n\(e.figure): \(eval) at the last checkpoint, mean±sd over seeds (%), columns = unique tokens\n"
            summary += Curves.table(Curves.recitation(rows, eval: eval.rawValue), percent: true)
            let finding = RecitationAxes.orderFinding(rows, eval: eval.rawValue)
            if !finding.isEmpty { summary += "on the published axis (tokens trained D), where series share a D:\n" + finding + "\n" }
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
        return Outcome(rows: rows, claims: claims, summary: summary, seconds: seconds, failedRuns: failed)
    }
}
