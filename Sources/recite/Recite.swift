import ArgumentParser

/// The `recite` command: simulate data-recitation effects in language-model training.
@main
struct Recite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recite",
        abstract: "Simulate data-repetition (recitation) effects in language-model training.",
        subcommands: [Reproduce.self, Run.self, Sweep.self, Merge.self, Compare.self, Plot.self, Explain.self, Capacity.self, WidthLimit.self, Sharpness.self, Robustness.self, Demo.self, Bench.self, Profile.self, Fit.self, Worker.self])
}
