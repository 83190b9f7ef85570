import ArgumentParser
import Foundation
import ReciteCore
import ReciteLab
import ReciteReport

extension Recite {
    /// `recite explain`: the learning threshold and forgetting curves behind the recitation figures.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure why the recitation curves look as they do: score vs exposures, and vs steps since the last exposure.",
            discussion: """
                Trains the recitation-mc model on its facts with spaced exposures, scoring the facts after each \
                pass (the learning threshold), then keeps training on fresh background text only and scores them \
                as they fade (forgetting). Writes exposures.csv, forgetting.csv, threshold.svg and forgetting.svg.
                """)

        @Option(help: "Experiment file whose world, model and optimizer to use.")
        var file = "experiments/recitation-mc.yaml"

        @OptionGroup var common: CommonOptions

        @Option(help: "Exposures of every fact (spaced passes).")
        var exposures = 32

        @Option(help: "Steps of background-only training after the last exposure.")
        var forgettingSteps = 4096

        func run() throws {
            var overrides = common.overrides
            if !overrides.contains(where: { $0.hasPrefix("seed=") }) { overrides.append("seed=1") }
            if !overrides.contains(where: { $0.hasPrefix("data.unique_tokens=") }) { overrides.append("data.unique_tokens=1024") }
            overrides.append("data.recitations=1")
            let runs = try ExperimentLoader.load(file: file, overrides: overrides)
            guard runs.count == 1 else { throw ValidationError("explain needs one configuration; \(file) with these overrides has \(runs.count)") }
            let out = common.out ?? "results/explain"
            let probe = ExposureProbe(experiment: runs[0].experiment, exposures: exposures, forgettingSteps: forgettingSteps, threads: common.threads ?? 1)
            let (learning, forgetting) = try probe.run()
            func csv(_ pts: [ExposureProbe.Point]) -> String {
                "exposures,steps_since_last_exposure,mc,p_true\n" + pts.map {
                    "\($0.exposures),\($0.stepsSinceLastExposure),\($0.score),\($0.probability)"
                }.joined(separator: "\n") + "\n"
            }
            try AtomicFile.write(csv(learning), to: out + "/exposures.csv")
            try AtomicFile.write(csv(forgetting), to: out + "/forgetting.csv")
            let e = runs[0].experiment
            let sub = "simulated: \(e.world.facts)-fact world, d = \(e.model.width), \(e.optimizer.kind.rawValue) lr \(e.optimizer.learningRate), batch \(e.training.batchSize); facts in a \(e.data.uniqueTokens)-token corpus"
            let chance = ReferenceLine(.horizontal(y: 0.25), label: "chance (25%)", color: RGBColor(hex: 0x888888), dash: .dashed)
            func chart(_ title: String, _ caption: String, x: String, _ pts: [ExposureProbe.Point], _ at: (ExposureProbe.Point) -> Int) -> LineChart {
                LineChart(
                    title: title, subtitle: sub, caption: caption,
                    xAxis: Axis(label: x), yAxis: Axis(label: "score", minimum: 0, maximum: 1),
                    series: [
                        Series(name: "mc score (4 options)", x: pts.map { Double(at($0)) }, y: pts.map(\.score), style: Palette.rec(8)),
                        Series(name: "p(true value)", x: pts.map { Double(at($0)) }, y: pts.map(\.probability), style: Palette.rec(32)),
                    ], referenceLines: [chance], legend: .below)
            }
            let threshold = chart(
                "Learning threshold: a fact's score vs its exposures",
                "Each pass presents every fact once (spaced). One exposure moves a fact too little to beat its distractors; repeated exposures accumulate past the threshold.",
                x: "exposures of each fact", learning, \.exposures)
            let fade = chart(
                "Forgetting: score vs steps since the last exposure",
                "After \(exposures) exposures, training continues on fresh background text only; interference through the shared output columns erodes the facts.",
                x: "training steps since the last exposure", forgetting, \.stepsSinceLastExposure)
            try AtomicFile.write(threshold.svg(id: "threshold"), to: out + "/threshold.svg")
            try AtomicFile.write(fade.svg(id: "forgetting"), to: out + "/forgetting.svg")
            for p in learning where [0, 1, 2, 4, 8, 16, 32].contains(p.exposures) {
                note(String(format: "after %2d exposures: mc %.1f%%, p(true) %.3f", p.exposures, 100 * p.score, p.probability))
            }
            for p in forgetting where p.stepsSinceLastExposure % max(forgettingSteps / 4, 1) == 0 {
                note(String(format: "%5d steps after the last exposure: mc %.1f%%, p(true) %.3f", p.stepsSinceLastExposure, 100 * p.score, p.probability))
            }
            print(out)
        }
    }
}
