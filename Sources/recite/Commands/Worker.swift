import ArgumentParser
import Foundation
import ReciteCore
import ReciteLab

extension Recite {
    /// `recite worker FILE --key K`: one run of a sweep, saved atomically (used by `sweep`).
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train one run of a sweep's grid by key and save it (used by `recite sweep`).",
            shouldDisplay: false)

        @Argument(help: "Experiment file (YAML).")
        var file: String

        @Option(help: "Run key (see `recite sweep --dry-run`).")
        var key: String

        @OptionGroup var common: CommonOptions

        func run() throws {
            let runs = try ExperimentLoader.load(file: file, overrides: common.overrides)
            guard let r = runs.first(where: { $0.key == key }) else {
                throw ValidationError("\(file) has no run with key \(key)")
            }
            let store = ResultsStore(directory: common.out ?? "results/\(r.experiment.name)")
            let outcome = try RunExecutor.execute(r, threads: common.threads ?? 1)
            try store.save(key: r.key, rows: outcome.rows, info: outcome.info(for: r))
        }
    }
}
