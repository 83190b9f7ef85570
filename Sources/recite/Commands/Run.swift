import ArgumentParser
import Foundation
import ReciteCore
import ReciteLab

extension Recite {
    /// `recite run FILE`: one configuration, one training run.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train one configuration of an experiment file and write runs.csv and manifest.json.")

        @Argument(help: "Experiment file (YAML).")
        var file: String

        @OptionGroup var common: CommonOptions

        func run() throws {
            let runs = try ExperimentLoader.load(file: file, overrides: common.overrides)
            guard runs.count == 1 else {
                throw ValidationError("\(file) describes \(runs.count) runs (fields given as lists); use `recite sweep \(file)` for grids")
            }
            let r = runs[0]
            let threads = common.threads ?? ProcessInfo.processInfo.activeProcessorCount
            let store = ResultsStore(directory: common.out ?? "results/\(r.experiment.name)")
            let bar = ProgressBar(total: Double(r.estimatedTokens), unit: "tokens", label: r.experiment.name)
            let outcome = try RunExecutor.execute(r, threads: threads) { bar.update(Double($0)) }
            bar.finish(Double(outcome.tokensTrained))
            try store.save(key: r.key, rows: outcome.rows, info: outcome.info(for: r))
            try store.merge(keys: [r.key])
            let tree = try ExperimentLoader.applyOverrides(common.overrides, to: ExperimentLoader.readTree(file: file))
            try Manifest.write(Manifest.make(file: file, overrides: common.overrides, runs: runs, spec: tree,
                                             wallSeconds: outcome.wallSeconds, workers: 1, threads: threads), to: store.manifestPath)
            if outcome.diverged { note("run \(r.key) diverged (NaN/∞); recorded with status 'diverged'") }
            let last = outcome.rows.filter { $0.tokensTrained == outcome.rows.last?.tokensTrained }
            let summary = last.map { "\($0.eval)=\(String(format: "%.4f", $0.value))" }.joined(separator: " ")
            note(String(format: "%@: N=%d U=%d R=%d D=%d  %@  (%.1f s, %.0f tokens/s)", r.key, outcome.parameters, outcome.uniqueTokens,
                        r.experiment.data.recitations, outcome.tokensTrained, summary, outcome.wallSeconds, outcome.tokensPerSecond))
            print(store.mergedPath)
        }
    }
}

