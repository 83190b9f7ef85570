import ArgumentParser
import Foundation
import ReciteCore
import ReciteFigures
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

        @Option(help: "quick (as committed) or full (the file's scales.full overrides, before any --set).")
        var scale: RunScale = .quick

        @Flag(help: "List the runs (key, status, grid coordinates) and exit.")
        var dryRun = false

        func validate() throws {
            if let w = workers, w < 1 { throw ValidationError("--workers must be at least 1, got \(w)") }
            if let s = shard, parseShard(s) == nil { throw ValidationError("--shard expects i/n with 0 ≤ i < n, got '\(s)'") }
        }

        func run() throws {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let w = workers ?? cores
            let t = common.threads ?? max(1, cores / w)
            let scaled = try ExperimentLoader.scaleOverrides(file: file, scale: scale)
            if !scaled.isEmpty { note("--scale \(scale.rawValue): " + scaled.map { "--set \($0)" }.joined(separator: " ")) }
            let overrides = scaled + common.overrides
            let all = try ExperimentLoader.load(file: file, overrides: overrides, threads: t)
            let (index, count) = shard.flatMap(parseShard) ?? (0, 1)
            let runs = Recite.Sweep.shardRuns(all, index: index, count: count)
            let name = all.first?.experiment.name ?? "experiment"
            let store = ResultsStore(directory: common.out ?? "results/\(name)\(scale.directorySuffix)")
            if dryRun {
                for r in runs {
                    print("\(r.key)  \(store.isFinished(r.key) ? "done   " : "pending")  \(r.coordinates.joined(separator: " "))")
                }
                note("\(runs.count) runs (shard \(index)/\(count) of \(all.count)), \(runs.filter { store.isFinished($0.key) }.count) finished")
                return
            }
            let outcome: SweepDriver.Outcome
            do {
                outcome = try SweepDriver.run(file: file, overrides: overrides, all: all, runs: runs, store: store,
                                              workers: w, threads: t, shard: "\(index)/\(count)")
            } catch let stop as SweepInterrupted {
                note("\(store.directory): \(stop)")
                throw ExitCode(128 + stop.signal)
            }
            if count == 1, !all.isEmpty {
                note(outcome.summary)
                try FigureCheck.writeCharts(outcome.figures.map(\.figure), rows: outcome.rows, directory: store.directory,
                                            reportedDirectory: ExperimentCatalog.reportedDirectory(resultsRoot: "results"))
            }
            note("\(store.mergedPath): \(outcome.rows.count) rows from \(all.filter { store.isFinished($0.key) }.count)/\(all.count) runs")
            print(store.mergedPath)
            if !outcome.failures.isEmpty {
                note(SweepRunner.failureSummary(outcome.failures, of: runs.count, logs: store.directory + "/logs"))
                throw ExitCode(1)
            }
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
