import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteCore
import ReciteLab
import ReciteReport
import ReciteWorlds

extension Recite {
    /// `recite width-limit`: the lowest held-out loss each width can reach on each world, with no data limit.
    struct WidthLimit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "width-limit",
            abstract: "Measure each world's width-limited loss: the best expected held-out loss a width-d model can reach with unlimited data.",
            discussion: """
                For each background world of the file (one seed), minimises the exact expected held-out loss of \
                the file's one-token-context model, logits = E[x]·Wᵀ + b, over E, W and b by L-BFGS (Double \
                precision, each width warm-started from the one below). No sampling, no SGD, no schedule: what \
                stays above the entropy floor is what width d cannot represent, L(d) − E. Prints and writes its \
                local exponent α(d) = −Δ ln(L − E)/Δ ln d, the width half of a Chinchilla law measured on the world \
                itself. A power law in N needs α(d) constant over the ladder; a rising α(d) bends N_opt, since \
                a = β/(α + β). Writes width-limit.csv and width-limit.svg.
                """)

        @Option(help: "Experiment file whose worlds, model context and sentence length to use.")
        var file = "experiments/isoflop.yaml"

        @OptionGroup var common: CommonOptions

        @Option(help: "Model widths d (comma-separated; default: the file's model.width values up to 128, about 2 minutes a world for the isoFLOP ladder; wider ones hold under 0.01 nats more and take most of the time).")
        var widths: String?

        @Option(help: "L-BFGS iteration cap per width.")
        var iterations = 600

        func validate() throws {
            if let w = widths, parseIntegerList(w)?.allSatisfy({ $0 >= 1 && $0 <= 4096 }) != true {
                throw ValidationError("--widths expects integers in 1...4096 like 1,2,4,8, got '\(w)'")
            }
            guard (1...100_000).contains(iterations) else { throw ValidationError("--iterations must be in 1...100000, got \(iterations)") }
        }

        func run() throws {
            var overrides = common.overrides
            if !overrides.contains(where: { $0.hasPrefix("seed=") }) { overrides.append("seed=1") }
            let runs = try ExperimentLoader.load(file: file, overrides: overrides)
            // One configuration per world: the first run that names it.
            var worlds: [(name: String, experiment: Experiment)] = []
            for run in runs {
                let name = RunExecutor.worldName(run.experiment.world)
                if !worlds.contains(where: { $0.name == name }) { worlds.append((name, run.experiment)) }
            }
            guard let first = worlds.first?.experiment else { throw ValidationError("\(file) has no runs") }
            guard first.model.context == 1, first.model.recurrent == nil else {
                throw ValidationError("\(file): width-limit needs the one-token-context model (model.context = 1, no recurrence); found context \(first.model.context)")
            }
            let fileWidths = Array(Set(runs.map(\.experiment.model.width))).sorted()
            let ladder = widths.flatMap(parseIntegerList) ?? (fileWidths.filter { $0 <= 128 }.isEmpty ? fileWidths : fileWidths.filter { $0 <= 128 })
            let out = common.out ?? "results/width-limit"
            if let t = common.threads { BLAS.setThreads(t) }
            var csv = "world,width,parameters,loss,floor,excess,local_exponent,iterations,converged\n"
            var series: [ReciteReport.Series] = []
            for (i, (name, e)) in worlds.enumerated() {
                let world = try RunExecutor.world(for: e)
                let law = HeldOutLaw(world: world, sentenceLength: e.data.sentenceLength)
                let v = world.vocabularySize
                func parameters(_ d: Int) -> Int { var m = e.model; m.width = d; return m.parameterCount(inputVocabulary: v, outputClasses: v) }
                note(String(format: "%@ (seed %d): entropy floor %.4f nats/token", name, e.seed, law.floor))
                note("     d          N     L(d)   L − E   α(d)  iterations")
                var done: [WidthLimitedLoss.Point] = []
                let clock = ContinuousClock(), t0 = clock.now
                let points = WidthLimitedLoss.ladder(
                    target: law.target, weights: law.weights, classes: law.classes, widths: ladder,
                    seed: UInt64(truncatingIfNeeded: e.seed),
                    options: LBFGS.Options(maxIterations: iterations, relativeDecreaseTolerance: 1e-11)
                ) { p in
                    let alpha = done.last.flatMap { WidthLimitedLoss.localExponents([$0, p]).first ?? nil }
                    done.append(p)
                    note(String(format: "%6d %10d  %7.4f  %6.4f  %@  %4d%@", p.width, parameters(p.width), p.loss, p.excess,
                                alpha.map { String(format: "%5.2f", $0) } ?? "     ", p.iterations, p.converged ? "" : " (iteration cap)"))
                }
                note(String(format: "  (%.0f s)", Double((clock.now - t0).components.seconds)))
                let alphas = [nil] + WidthLimitedLoss.localExponents(points)
                for (p, a) in zip(points, alphas) {
                    csv += "\(name),\(p.width),\(parameters(p.width)),\(p.loss),\(law.floor),\(p.excess),\(a.map { "\($0)" } ?? ""),\(p.iterations),\(p.converged)\n"
                }
                let shown = points.filter { $0.excess > 0 }
                series.append(ReciteReport.Series(
                    name: name, x: shown.map { Double(parameters($0.width)) }, y: shown.map(\.excess),
                    style: SeriesStyle(color: Palette.sequential(Double(i) / Double(max(worlds.count - 1, 1))), marker: .circle)))
            }
            try AtomicFile.write(csv, to: out + "/width-limit.csv")
            let chart = LineChart(
                title: "Width-limited loss: what each width cannot represent",
                subtitle: "simulated: each world's exact held-out law (V = \(first.world.background.vocabulary)), one-token context, unlimited data",
                caption: "L(d) − E: the lowest expected held-out loss a width-d model reaches (L-BFGS on the exact objective) minus the language's entropy floor. Series differ in world. A straight line is a power law in N; a line that steepens bends N_opt.",
                xAxis: Axis(label: "parameters N (simulated)", scale: .log10), yAxis: Axis(label: "L(d) − E (nats/token)", scale: .log10),
                series: series, legend: .below)
            try AtomicFile.write(chart.svg(id: "width-limit"), to: out + "/width-limit.svg")
            print(out)
        }
    }
}
