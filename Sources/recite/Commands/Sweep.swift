import ArgumentParser
import Foundation
import ReciteCore
import ReciteLab

extension Recite {
    /// `recite sweep FILE`: every run of the file's grid, in parallel worker processes, resumable.
    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the grid of an experiment file in parallel worker processes; resumable and shardable.",
            discussion: """
                Any field given as a list is a grid axis. Each finished run is written atomically under a key \
                derived from its resolved configuration, so a killed sweep started again skips finished runs. \
                --shard i/n runs a deterministic i-th of n parts (one per Slurm array task); `recite merge` joins them.
                """)

        @Argument(help: "Experiment file (YAML).")
        var file: String

        @OptionGroup var common: CommonOptions

        @Option(help: "Parallel worker processes (default: all cores).")
        var workers: Int?

        @Option(help: "Run only part i of n (0-based), e.g. --shard 0/4.")
        var shard: String?

        @Flag(help: "List the runs (key, status, grid coordinates) and exit.")
        var dryRun = false

        func validate() throws {
            if let w = workers, w < 1 { throw ValidationError("--workers must be at least 1, got \(w)") }
            if let s = shard, parseShard(s) == nil { throw ValidationError("--shard expects i/n with 0 ≤ i < n, got '\(s)'") }
        }

        func run() throws {
            let all = try ExperimentLoader.load(file: file, overrides: common.overrides)
            let (index, count) = shard.flatMap(parseShard) ?? (0, 1)
            let runs = Recite.Sweep.shardRuns(all, index: index, count: count)
            let name = all.first?.experiment.name ?? "experiment"
            let store = ResultsStore(directory: common.out ?? "results/\(name)")
            if dryRun {
                for r in runs {
                    print("\(r.key)  \(store.isFinished(r.key) ? "done   " : "pending")  \(r.coordinates.joined(separator: " "))")
                }
                note("\(runs.count) runs (shard \(index)/\(count) of \(all.count)), \(runs.filter { store.isFinished($0.key) }.count) finished")
                return
            }
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let w = workers ?? cores
            let t = common.threads ?? max(1, cores / w)
            let clock = ContinuousClock(), t0 = clock.now
            try SweepScheduler(file: file, overrides: common.overrides, store: store, workers: w, threads: t)
                .run(runs, label: name)
            let rows = try store.merge(keys: all.map(\.key).filter(store.isFinished))
            let seconds = Double((clock.now - t0).components.seconds)
            let tree = try ExperimentLoader.applyOverrides(common.overrides, to: ExperimentLoader.readTree(file: file))
            try Manifest.write(Manifest.make(file: file, overrides: common.overrides, runs: all, spec: tree,
                                             wallSeconds: seconds, workers: w, threads: t,
                                             extra: ["shard": "\(index)/\(count)"]), to: store.manifestPath)
            if let e = all.first?.experiment, !e.figure.isEmpty, count == 1 {
                let merged = try ResultsCSV.read(store.mergedPath)
                let claims = Curves.claims(figure: e.figure, rows: merged)
                if let eval = e.evals.metrics.first, e.figure.hasPrefix("recitation") {
                    note("\n\(e.figure): \(eval) at the last checkpoint, mean±sd over seeds (%), columns = unique tokens")
                    note(Curves.table(Curves.recitation(merged, eval: eval.rawValue), percent: true))
                }
                if e.figure == "data-constrained" {
                    for eval in e.evals.metrics {
                        note("\n\(e.figure): \(eval) at the end of training vs recitations R (columns), one row per budget D, mean±sd over seeds")
                        note(Curves.table(DataConstrained.curves(merged, eval: eval.rawValue), percent: eval != .loss))
                    }
                }
                if !claims.isEmpty {
                    note(Curves.render(claims))
                    try AtomicFile.write(try JSONEncoder().encode(claims), to: store.directory + "/claims.json")
                }
                let diverged = Set(merged.filter { $0.status == "diverged" }.map(\.run))
                if !diverged.isEmpty { note("\(diverged.count) run(s) diverged (NaN/∞): recorded with status 'diverged', left out of the means") }
            }
            note("\(store.mergedPath): \(rows) rows from \(all.filter { store.isFinished($0.key) }.count)/\(all.count) runs")
            print(store.mergedPath)
        }

        /// The runs of part `index` of `count`: every `count`-th run of the grid, starting at `index`.
        static func shardRuns(_ runs: [ResolvedRun], index: Int, count: Int) -> [ResolvedRun] {
            runs.enumerated().filter { $0.offset % count == index }.map(\.element)
        }
    }
}

/// Parses "i/n" with 0 ≤ i < n.
func parseShard(_ s: String) -> (Int, Int)? {
    let parts = s.split(separator: "/")
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else { return nil }
    return (i, n)
}
