import ArgumentParser
import Foundation
import ReciteAnalysis
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
                as they fade (forgetting). With --file experiments/recitation-exact.yaml (a world of programs), \
                the score is exact match on the programs in the corpus. Writes exposures.csv, forgetting.csv, threshold.svg and forgetting.svg.
                """)

        @Option(help: "Experiment file whose world, model and optimizer to use.")
        var file = "experiments/recitation-mc.yaml"

        @OptionGroup var common: CommonOptions

        @Option(help: "Exposures of every fact (spaced passes).")
        var exposures = 64

        @Option(help: "Steps of background-only training after the last exposure.")
        var forgettingSteps = 4096

        func run() throws {
            var overrides = common.overrides
            if !overrides.contains(where: { $0.hasPrefix("seed=") }) { overrides.append("seed=1") }
            if !overrides.contains(where: { $0.hasPrefix("data.unique_tokens=") }) {
                // The figure's smallest corpus: where the exposure response decides the fan of the series.
                let smallest = try ExperimentLoader.load(file: file, overrides: overrides).map(\.experiment.data.uniqueTokens).min() ?? 1024
                overrides.append("data.unique_tokens=\(smallest)")
            }
            overrides.append("data.recitations=1")
            let runs = try ExperimentLoader.load(file: file, overrides: overrides)
            guard runs.count == 1 else { throw ValidationError("explain needs one configuration; \(file) with these overrides has \(runs.count)") }
            let out = common.out ?? "results/explain"
            let probe = ExposureProbe(experiment: runs[0].experiment, exposures: exposures, forgettingSteps: forgettingSteps, threads: common.threads ?? 1)
            let (learning, forgetting) = try probe.run()
            func csv(_ pts: [ExposureProbe.Point]) -> String {
                "exposures,steps_since_last_exposure,score,p_true\n" + pts.map {
                    "\($0.exposures),\($0.stepsSinceLastExposure),\($0.score),\($0.probability)"
                }.joined(separator: "\n") + "\n"
            }
            try AtomicFile.write(csv(learning), to: out + "/exposures.csv")
            let world = try RunExecutor.world(for: runs[0].experiment)
            let classNames = ExposureProbe.classNames(of: world)
            // Facts are scored by multiple choice (chance 25%), a world of programs by exact match (chance 0).
            let facts = world.knowledge != nil
            let metric = facts ? "mc" : "exact"
            var responseCSV = "exposures,class,\(metric)\n"
            for p in learning {
                for (name, score) in zip(classNames, p.classScores) { responseCSV += "\(p.exposures),\"\(name)\",\(score)\n" }
            }
            try AtomicFile.write(responseCSV, to: out + "/exposure-response.csv")
            try AtomicFile.write(csv(forgetting), to: out + "/forgetting.csv")
            let e = runs[0].experiment
            let items = facts ? "\(e.world.facts)-fact" : "\(e.world.programs)-program"
            let sub = "simulated: \(items) world, d = \(e.model.width), \(e.optimizer.kind.rawValue) lr \(e.optimizer.learningRate), batch \(e.training.batchSize); \(facts ? "facts" : "programs") in a \(e.data.uniqueTokens)-token corpus"
            let chance = ReferenceLine(.horizontal(y: facts ? 0.25 : 0), label: facts ? "chance (25%)" : "chance (0)", color: RGBColor(hex: 0x888888), dash: .dashed)
            let scoreName = facts ? "mc score (4 options)" : "exact match (greedy decoding)"
            func chart(_ title: String, _ caption: String, x: String, _ pts: [ExposureProbe.Point], _ at: (ExposureProbe.Point) -> Int) -> LineChart {
                LineChart(
                    title: title, subtitle: sub, caption: caption,
                    xAxis: Axis(label: x), yAxis: Axis(label: "score", minimum: 0, maximum: 1),
                    series: [
                        Series(name: scoreName, x: pts.map { Double(at($0)) }, y: pts.map(\.score), style: Palette.rec(8)),
                        Series(name: facts ? "p(true value)" : "p(true body token)", x: pts.map { Double(at($0)) }, y: pts.map(\.probability), style: Palette.rec(32)),
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
            let logged = learning.filter { $0.exposures >= 1 }
            let classColors = [0x1B9E77, 0xD95F02, 0x7570B3]
            let response = LineChart(
                title: facts ? "Exposure response: a fact's mc score vs its exposures, by difficulty class"
                    : "Exposure response: a program's exact match vs its exposures, by difficulty class",
                subtitle: sub, caption: "Spaced exposures (one per pass over the corpus), log axis. " + (facts
                    ? "Classes by how common the fact's value is: a rare value must overcome the output bias towards common ones."
                    : "Classes by the body's rarest token: every token must be reproduced, and a rare one must overcome the output bias towards common ones.")
                    + " Real models show graded, roughly log-linear responses (Kandpal et al. 2023; Carlini et al. 2022).",
                xAxis: Axis(label: "exposures of each fact (log scale)", scale: .log10),
                yAxis: Axis(label: facts ? "mc score" : "exact match", minimum: 0, maximum: 1),
                series: [Series(name: facts ? "all facts" : "all programs", x: logged.map { Double($0.exposures) }, y: logged.map(\.score), style: Palette.rec(64))]
                    + classNames.enumerated().filter { c, _ in logged.allSatisfy { $0.classScores[c].isFinite } }.map { c, name in
                        Series(name: name, x: logged.map { Double($0.exposures) }, y: logged.map { $0.classScores[c] },
                               style: SeriesStyle(color: RGBColor(hex: UInt32(classColors[c % 3])), marker: .circle))
                    },
                referenceLines: [chance], legend: .below)
            try AtomicFile.write(response.svg(id: "exposure-response"), to: out + "/exposure-response.svg")
            if let g = ExposureResponse.graded(exposures: logged.map(\.exposures), scores: logged.map(\.score)) {
                note(String(format: "exposure response: range %.1f%% → %.1f%%; %d exposure counts strictly between 10%% and 90%% of the range (%@)",
                            100 * g.low, 100 * g.high, g.between.count, g.between.map(String.init).joined(separator: ", ")))
            }
            try AtomicFile.write(fade.svg(id: "forgetting"), to: out + "/forgetting.svg")
            for p in learning where [0, 1, 2, 4, 8, 16, 32, 64].contains(p.exposures) {
                var line = String(format: "after %2d exposures: %@ %.1f%%, p(true) %.3f", p.exposures, metric, 100 * p.score, p.probability)
                for (name, score) in zip(classNames, p.classScores) {
                    line += "; " + String(name.prefix(6)) + String(format: " %.1f%%", 100 * score)
                }
                note(line)
            }
            for p in forgetting where p.stepsSinceLastExposure % max(forgettingSteps / 4, 1) == 0 {
                note(String(format: "%5d steps after the last exposure: %@ %.1f%%, p(true) %.3f", p.stepsSinceLastExposure, metric, 100 * p.score, p.probability))
            }
            print(out)
        }
    }
}
