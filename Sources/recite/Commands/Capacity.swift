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
            abstract: "Measure knowledge capacity: bits stored about the facts (or programs) vs parameters, at several exposure counts (Allen-Zhu & Li 2024).",
            discussion: """
                Trains the experiment's model at each width on a corpus holding every fact of its world (the \
                knowledge base fully covered, the file's background share), each fact presented E times (spaced), \
                and measures bits = Σ over facts (log2 |values| − CE of the true value in bits), the value's \
                probability renormalised over the value set. A world with programs and no facts (recitation-exact) \
                is measured on its programs: bits = Σ over body tokens (the token's information under the body \
                law, given its predecessor's idiom where bodies have idioms, − CE of the true token, teacher-forced, renormalised over the body tokens). Then trains the file's own runs at its largest \
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
            guard parseIntegerList(widths)?.allSatisfy({ $0 >= 1 }) == true else { throw ValidationError("--widths expects positive integers like 8,16,32, got '\(widths)'") }
            guard parseIntegerList(exposures)?.allSatisfy({ $0 >= 1 }) == true else { throw ValidationError("--exposures expects positive integers like 4,16,64, got '\(exposures)'") }
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
            let subject: Subject
            if let kb = world.knowledge {
                subject = .facts(kb)
            } else if let ps = world.programs {
                subject = .programs(ps)
            } else {
                throw ValidationError("\(file): the world has neither facts nor programs (world.facts = 0, world.programs = 0)")
            }
            // Unique tokens that hold every item: all units, over the knowledge share (then checked).
            var u = Int((Double(subject.unitTokens) / max(1 - e0.data.backgroundFraction, 1e-9)).rounded(.up)) + subject.longestUnit
            var held = 0
            for _ in 0..<20 {
                let e = try ExperimentLoader.load(file: file, overrides: overrides + ["data.unique_tokens=\(u)", "data.recitations=1"])[0].experiment
                let w = try RunExecutor.world(for: e)
                held = try Corpus(world: w, spec: RunExecutor.corpusSpec(for: e, vocabulary: w.vocabularySize)).coveredCount(of: subject)
                if held >= subject.count { break }
                u += max(subject.longestUnit, u / 20)
            }
            if held < subject.count {
                note("warning: the capacity corpus (U = \(u)) holds \(held) of the \(subject.count) \(subject.items); bits are of those")
            }
            var csv = "width,parameters,exposures,\(subject.items),bits,bits_per_parameter,share_of_maximum\n"
            var points: [(width: Int, params: Int, exposures: Int, c: KnowledgeCapacity)] = []
            for d in parseIntegerList(widths)! {
                for n in parseIntegerList(exposures)! {
                    let run = try ExperimentLoader.load(file: file, overrides: overrides + [
                        "data.unique_tokens=\(u)", "data.recitations=\(n)", "model.width=\(d)", "data.schedule=spaced"])[0]
                    let m = try subject.measure(run.experiment, threads: threads)
                    let c = m.capacity
                    points.append((d, c.parameters, n, c))
                    csv += "\(d),\(c.parameters),\(n),\(c.facts),\(c.bits),\(c.bitsPerParameter),\(c.shareOfMaximum)\n"
                    note(String(format: "d = %3d (N = %7d), %3d exposures: %6.0f bits of %6.0f (%.0f%%), %.4f bits/parameter",
                                d, c.parameters, n, c.bits, c.maximumBits, 100 * c.shareOfMaximum, c.bitsPerParameter))
                }
            }
            try AtomicFile.write(csv, to: out + "/capacity.csv")
            let series = parseIntegerList(exposures)!.enumerated().map { i, n -> ReciteReport.Series in
                let p = points.filter { $0.exposures == n }
                return ReciteReport.Series(name: "\(n) exposures", x: p.map { Double($0.params) }, y: p.map { $0.c.bits },
                              style: SeriesStyle(color: Palette.sequential(Double(i) / Double(max(parseIntegerList(exposures)!.count - 1, 1))), marker: .circle))
            }
            let maxBits = points.first?.c.maximumBits ?? 0
            var references = [ReferenceLine(.horizontal(y: maxBits), label: "all \(subject.items) known", color: RGBColor(hex: 0x888888), dash: .dashed)]
            if case let .facts(kb) = subject {
                // What a model that knows only the value prior scores on this measure (no fact at all).
                let priorBits = (0..<kb.count).reduce(0.0) { $0 + log2(Double(kb.valueTokens.count)) + log2(kb.prior(of: kb.values[$1])) }
                note(String(format: "a model that knows only the value prior: %.0f bits (%.2f per fact); every fact known: %.0f bits",
                            priorBits, priorBits / Double(kb.count), maxBits))
                references.append(ReferenceLine(.horizontal(y: priorBits), label: "value prior only", color: RGBColor(hex: 0xBBBBBB), dash: .dotted))
            } else {
                note(String(format: "a model that knows only the body-token law stores 0 bits in expectation; every program known: %.0f bits", maxBits))
            }
            let chart = LineChart(
                title: "Knowledge capacity: bits stored vs parameters",
                subtitle: "simulated: \(subject.description); every \(subject.item) in the corpus",
                caption: subject.caption + " Dashed: every \(subject.item) known exactly.",
                xAxis: Axis(label: "parameters N", scale: .log10), yAxis: Axis(label: "bits stored", minimum: 0),
                series: series, referenceLines: references, legend: .below)
            try AtomicFile.write(chart.svg(id: "capacity"), to: out + "/capacity.svg")

            // The figure's own runs at its largest unique-token budget: do their items approach capacity?
            let full = try ExperimentLoader.load(file: file, overrides: common.overrides.filter { !$0.hasPrefix("seed=") } + ["seed=1"])
            let largest = full.map(\.experiment.data.uniqueTokens).max() ?? 0
            // Coverage beside the curves: the question (or evaluation) mass of the items each budget's corpus holds.
            var coverageCSV = "unique_tokens,covered_\(subject.items),coverage\(subject.hasCeiling ? ",coverage_ceiling_mc" : "")\n"
            for u in Set(full.map(\.experiment.data.uniqueTokens)).sorted() {
                let e = full.first { $0.experiment.data.uniqueTokens == u }!.experiment
                let w = try RunExecutor.world(for: e)
                let corpus = try Corpus(world: w, spec: RunExecutor.corpusSpec(for: e, vocabulary: w.vocabularySize))
                let (count, mass) = (corpus.coveredCount(of: subject), corpus.coverage(of: subject))
                note(String(format: "U = %6d: %5d %@ in the corpus, coverage %.1f%%", u, count, subject.items, 100 * mass)
                     + (subject.hasCeiling ? String(format: ", mc ceiling %.1f%%", 100 * (0.25 + 0.75 * mass)) : ""))
                coverageCSV += "\(u),\(count),\(mass)" + (subject.hasCeiling ? ",\(0.25 + 0.75 * mass)" : "") + "\n"
            }
            try AtomicFile.write(coverageCSV, to: out + "/coverage.csv")
            var figureCSV = "unique_tokens,recitations,covered_\(subject.items),coverage\(subject.hasCeiling ? ",coverage_ceiling_mc" : ""),bits,share_of_maximum\n"
            for r in [16, 32, 64] {
                guard let run = full.first(where: { $0.experiment.data.uniqueTokens == largest && $0.experiment.data.recitations == r }) else { continue }
                let m = try subject.measure(run.experiment, threads: threads)
                let cap = points.filter { $0.width == run.experiment.model.width }.map(\.c.bits).max()
                note(String(format: "figure run U = %d, R = %d: %d %@ in the corpus (coverage %.1f%%), %.0f bits stored (%.0f%% of what they hold)%@",
                            largest, r, m.covered, subject.items, 100 * m.coverage, m.capacity.bits, 100 * m.capacity.shareOfMaximum,
                            cap.map { String(format: " = %.0f%% of the measured capacity at d = %d", 100 * m.capacity.bits / $0, run.experiment.model.width) } ?? ""))
                figureCSV += "\(largest),\(r),\(m.covered),\(m.coverage)" + (subject.hasCeiling ? ",\(0.25 + 0.75 * m.coverage)" : "")
                    + ",\(m.capacity.bits),\(m.capacity.shareOfMaximum)\n"
            }
            try AtomicFile.write(figureCSV, to: out + "/figure-runs.csv")
            print(out)
        }

    }
}

/// What `recite capacity` measures: a world's facts (mc) or its programs (exact).
enum Subject {
    case facts(KnowledgeBase)
    case programs(ProgramSet)

    var count: Int {
        switch self { case let .facts(kb): kb.count; case let .programs(ps): ps.count }
    }
    var item: String {
        switch self { case .facts: "fact"; case .programs: "program" }
    }
    var items: String { item + "s" }
    /// Whether a multiple-choice coverage ceiling (25 + 75 · coverage) applies.
    var hasCeiling: Bool { if case .facts = self { true } else { false } }
    /// Tokens of all units together, and of the longest one.
    var unitTokens: Int {
        switch self {
        case let .facts(kb): kb.count * kb.unitLength
        case let .programs(ps): (0..<ps.count).reduce(0) { $0 + ps.unitLength(of: $1) }
        }
    }
    var longestUnit: Int {
        switch self { case let .facts(kb): kb.unitLength; case let .programs(ps): ps.unitLength }
    }
    var description: String {
        switch self {
        case let .facts(kb): "\(kb.count) facts, \(kb.valueTokens.count) values, keys of \(kb.keyLength) token(s) from a pool of \(kb.keyPool)"
        case let .programs(ps):
            "\(ps.count) programs, bodies of \(ps.fixedLength ? "\(ps.length)" : "\(ps.minLength)-\(ps.length)") tokens from \(ps.bodyTokens.count), prompts of \(ps.promptLength) token(s)"
        }
    }
    var caption: String {
        switch self {
        case .facts:
            "Bits = Σ over facts (log2 |values| − cross-entropy of the true value in bits), the model's probability renormalised over the values (Allen-Zhu & Li 2024)."
        case .programs:
            "Bits = Σ over programs' body tokens (the token's information under the body law, given its predecessor where bodies have idioms, − cross-entropy of the true token in bits), each token after the true prompt and the true tokens before it, renormalised over the body tokens (Allen-Zhu & Li 2024)."
        }
    }

    /// Trains `e` and measures what it stores about its covered items.
    func measure(_ e: Experiment, threads: Int) throws -> (capacity: KnowledgeCapacity, covered: Int, coverage: Double) {
        switch self {
        case .facts:
            let r = try CapacityProbe.run(e, threads: threads)
            return (try KnowledgeCapacity.measure(trueValueLogProbabilities: r.logProbabilities, valueCount: r.valueCount, parameters: r.parameters),
                    r.coveredFacts, r.coverage)
        case .programs:
            let r = try CapacityProbe.runPrograms(e, threads: threads)
            return (try KnowledgeCapacity.measure(tokenLogProbabilities: r.tokenLogProbabilities, information: r.information,
                                                  alphabet: r.alphabet, parameters: r.parameters),
                    r.coveredPrograms, r.coverage)
        }
    }
}

extension Corpus {
    /// Items of `subject`'s kind this corpus holds, and the popularity mass they carry.
    func coveredCount(of subject: Subject) -> Int {
        if case .facts = subject { coveredFacts.count } else { coveredPrograms.count }
    }
    func coverage(of subject: Subject) -> Double {
        switch subject {
        case let .facts(kb): CapacityProbe.coverage(of: coveredFacts, popularity: kb.popularity)
        case let .programs(ps): CapacityProbe.coverage(of: coveredPrograms, popularity: ps.popularity)
        }
    }
}
