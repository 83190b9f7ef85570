import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteCore
import ReciteLab
import ReciteReport
import ReciteWorlds

extension Recite {
    /// `recite capacity`: bits of knowledge stored vs parameters at several exposure counts.
    struct Capacity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure knowledge capacity: bits stored about the facts vs parameters, at several exposure counts (Allen-Zhu & Li 2024).",
            discussion: """
                Trains the experiment's model at each width on a corpus holding every fact of its world (the \
                knowledge base fully covered, the file's background share), each fact presented E times (spaced), \
                and measures bits = Σ over facts (log2 |values| − CE of the true value in bits), the value's \
                probability renormalised over the value set. Then trains the file's own runs at its largest \
                unique-token budget for the largest recitation counts and prints their bits beside the capacity, \
                so a reader can see whether the facts in the corpus approach what the model can hold. Writes \
                capacity.csv and capacity.svg.
                """)

        @Option(help: "Experiment file whose world, model and optimizer to use.")
        var file = "experiments/recitation-mc.yaml"

        @OptionGroup var common: CommonOptions

        @Option(help: "Model widths d (comma-separated).")
        var widths = "8,16,32,64"

        @Option(help: "Exposures of every fact (comma-separated).")
        var exposures = "4,16,64"

        func validate() throws {
            guard parseList(widths)?.allSatisfy({ $0 >= 1 }) == true else { throw ValidationError("--widths expects positive integers like 8,16,32, got '\(widths)'") }
            guard parseList(exposures)?.allSatisfy({ $0 >= 1 }) == true else { throw ValidationError("--exposures expects positive integers like 4,16,64, got '\(exposures)'") }
        }

        func run() throws {
            var overrides = common.overrides
            if !overrides.contains(where: { $0.hasPrefix("seed=") }) { overrides.append("seed=1") }
            let base = try ExperimentLoader.load(file: file, overrides: overrides + ["data.recitations=1", "data.unique_tokens=1"])
            guard base.count == 1 else { throw ValidationError("capacity needs one configuration; \(file) with these overrides has \(base.count)") }
            let threads = common.threads ?? 1
            let out = common.out ?? "results/capacity"
            let e0 = base[0].experiment
            let world = try RunExecutor.world(for: e0)
            guard let kb = world.knowledge else { throw ValidationError("\(file): the world has no facts (world.facts = 0)") }
            // Unique tokens that hold every fact: K units of the fact length, over the knowledge share.
            let factTokens = kb.count * kb.unitLength
            let u = Int((Double(factTokens) / max(1 - e0.data.backgroundFraction, 1e-9)).rounded(.up)) + kb.unitLength
            var csv = "width,parameters,exposures,facts,bits,bits_per_parameter,share_of_maximum\n"
            var points: [(width: Int, params: Int, exposures: Int, c: KnowledgeCapacity)] = []
            for d in parseList(widths)! {
                for n in parseList(exposures)! {
                    let run = try ExperimentLoader.load(file: file, overrides: overrides + [
                        "data.unique_tokens=\(u)", "data.recitations=\(n)", "model.width=\(d)", "data.schedule=spaced"])[0]
                    let r = try CapacityProbe.run(run.experiment, threads: threads)
                    let c = try KnowledgeCapacity.measure(trueValueLogProbabilities: r.logProbabilities, valueCount: r.valueCount, parameters: r.parameters)
                    points.append((d, r.parameters, n, c))
                    csv += "\(d),\(r.parameters),\(n),\(c.facts),\(c.bits),\(c.bitsPerParameter),\(c.shareOfMaximum)\n"
                    note(String(format: "d = %3d (N = %7d), %3d exposures: %6.0f bits of %6.0f (%.0f%%), %.4f bits/parameter",
                                d, r.parameters, n, c.bits, c.maximumBits, 100 * c.shareOfMaximum, c.bitsPerParameter))
                }
            }
            try AtomicFile.write(csv, to: out + "/capacity.csv")
            let series = parseList(exposures)!.enumerated().map { i, n -> ReciteReport.Series in
                let p = points.filter { $0.exposures == n }
                return ReciteReport.Series(name: "\(n) exposures", x: p.map { Double($0.params) }, y: p.map { $0.c.bits },
                              style: SeriesStyle(color: Palette.sequential(Double(i) / Double(max(parseList(exposures)!.count - 1, 1))), marker: .circle))
            }
            let maxBits = Double(kb.count) * log2(Double(kb.valueTokens.count))
            // What a model that knows only the value prior scores on this measure (no fact at all).
            let priorBits = (0..<kb.count).reduce(0.0) { $0 + log2(Double(kb.valueTokens.count)) + log2(kb.prior(of: kb.values[$1])) }
            note(String(format: "a model that knows only the value prior: %.0f bits (%.2f per fact); every fact known: %.0f bits",
                        priorBits, priorBits / Double(kb.count), maxBits))
            let chart = LineChart(
                title: "Knowledge capacity: bits stored vs parameters",
                subtitle: "simulated: \(kb.count) facts, \(kb.valueTokens.count) values, keys of \(kb.keyLength) token(s) from a pool of \(kb.keyPool); every fact in the corpus",
                caption: "Bits = Σ over facts (log2 |values| − cross-entropy of the true value in bits), the model's probability renormalised over the values (Allen-Zhu & Li 2024). Dashed: every fact known exactly.",
                xAxis: Axis(label: "parameters N", scale: .log10), yAxis: Axis(label: "bits stored", minimum: 0),
                series: series,
                referenceLines: [ReferenceLine(.horizontal(y: maxBits), label: "all facts known", color: RGBColor(hex: 0x888888), dash: .dashed),
                                 ReferenceLine(.horizontal(y: priorBits), label: "value prior only", color: RGBColor(hex: 0xBBBBBB), dash: .dotted)],
                legend: .below)
            try AtomicFile.write(chart.svg(id: "capacity"), to: out + "/capacity.svg")

            // The figure's own runs at its largest unique-token budget: do their facts approach capacity?
            var figureCSV = "unique_tokens,recitations,covered_facts,coverage,coverage_ceiling_mc,bits,share_of_maximum\n"
            let full = try ExperimentLoader.load(file: file, overrides: common.overrides.filter { !$0.hasPrefix("seed=") } + ["seed=1"])
            let largest = full.map(\.experiment.data.uniqueTokens).max() ?? 0
            // Coverage beside the curves: the question mass of the facts each budget's corpus holds.
            var coverageCSV = "unique_tokens,covered_facts,coverage,coverage_ceiling_mc\n"
            for u in Set(full.map(\.experiment.data.uniqueTokens)).sorted() {
                let e = full.first { $0.experiment.data.uniqueTokens == u }!.experiment
                let w = try RunExecutor.world(for: e)
                let corpus = try Corpus(world: w, spec: RunExecutor.corpusSpec(for: e, vocabulary: w.vocabularySize))
                let mass = corpus.coveredFacts.reduce(0.0) { $0 + w.knowledge!.popularity.probabilities[$1] }
                note(String(format: "U = %6d: %5d facts in the corpus, coverage %.1f%% of the questions, mc ceiling %.1f%%",
                            u, corpus.coveredFacts.count, 100 * mass, 100 * (0.25 + 0.75 * mass)))
                coverageCSV += "\(u),\(corpus.coveredFacts.count),\(mass),\(0.25 + 0.75 * mass)\n"
            }
            try AtomicFile.write(coverageCSV, to: out + "/coverage.csv")
            for r in [16, 32, 64] {
                guard let run = full.first(where: { $0.experiment.data.uniqueTokens == largest && $0.experiment.data.recitations == r }) else { continue }
                let p = try CapacityProbe.run(run.experiment, threads: threads)
                let c = try KnowledgeCapacity.measure(trueValueLogProbabilities: p.logProbabilities, valueCount: p.valueCount, parameters: p.parameters)
                let cap = points.filter { $0.width == run.experiment.model.width }.map(\.c.bits).max()
                note(String(format: "figure run U = %d, R = %d: %d facts in the corpus (coverage %.1f%%, mc ceiling %.1f%%), %.0f bits stored%@",
                            largest, r, p.coveredFacts, 100 * p.coverage, 100 * (0.25 + 0.75 * p.coverage), c.bits,
                            cap.map { String(format: " = %.0f%% of the measured capacity at d = %d", 100 * c.bits / $0, run.experiment.model.width) } ?? ""))
                figureCSV += "\(largest),\(r),\(p.coveredFacts),\(p.coverage),\(0.25 + 0.75 * p.coverage),\(c.bits),\(c.shareOfMaximum)\n"
            }
            try AtomicFile.write(figureCSV, to: out + "/figure-runs.csv")
            print(out)
        }

        func parseList(_ s: String) -> [Int]? {
            let v = s.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            return v.isEmpty || v.contains(where: { $0 == nil }) ? nil : v.map { $0! }
        }
    }
}
