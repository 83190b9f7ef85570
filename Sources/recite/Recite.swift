import ArgumentParser
import ReciteCore

/// The `recite` command: simulate data-recitation effects in language-model training.
@main
struct Recite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recite",
        abstract: "Simulate data-repetition (recitation) effects in language-model training.",
        subcommands: [Reproduce.self, Run.self, Sweep.self, Merge.self, Compare.self, Plot.self, Explain.self, Capacity.self, WidthLimit.self, Sharpness.self, Robustness.self, Demo.self, Bench.self, Profile.self, Fit.self, Worker.self])

    /// Stops OpenBLAS's idle worker threads before any command runs (`BLAS.useOneThread`): a sweep's
    /// worker builds its world and corpus before its first trainer exists, and on 2 cores the
    /// pool's spin took that time from the other worker.
    static func main() {
        BLAS.useOneThread()
        main(nil)
    }
}
