import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab

extension Recite {
    /// `recite robustness FILE`: the figure's claims under perturbed settings and unseen seeds.
    struct Robustness: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a figure's claims under perturbed settings (learning rate, width, facts/programs ×0.5/×2) and unseen seeds.",
            discussion: """
                Runs the experiment's grid once per perturbation (each a full sweep, resumable, under \
                <out>/<perturbation>/), checks the figure's claims on each, and prints per claim the share of \
                perturbations where it holds. Writes robustness.json. --set applies to every perturbation (use it \
                to shrink the grid, e.g. --set data.unique_tokens=[256,2048]).
                """)

        @Argument(help: "Experiment file (YAML) naming a figure.")
        var file: String

        @OptionGroup var common: CommonOptions

        @Option(help: "Seeds for the setting perturbations (comma-separated; none a committed result uses).")
        var seeds = "201,202"

        @Option(help: "Seeds each run alone at the committed settings (comma-separated).")
        var unseenSeeds = "203,204,205"

        @Option(help: "Parallel worker processes (default: all cores).")
        var workers: Int?

        @Option(help: "Share of perturbations a claim must hold in; below it the command exits 1 (0 disables).")
        var require = 0.0

        func validate() throws {
            guard parseInts(seeds) != nil else { throw ValidationError("--seeds expects integers like 201,202, got '\(seeds)'") }
            guard parseInts(unseenSeeds) != nil else { throw ValidationError("--unseen-seeds expects integers like 203,204, got '\(unseenSeeds)'") }
            if let w = workers, w < 1 { throw ValidationError("--workers must be at least 1, got \(w)") }
            guard require >= 0 && require <= 1 else { throw ValidationError("--require expects a share in [0, 1], got \(require)") }
        }

        func run() throws {
            let base = try ExperimentLoader.load(file: file, overrides: common.overrides)
            guard let e = base.first?.experiment, !e.figure.isEmpty else {
                throw ValidationError("\(file): robustness needs an experiment with a figure: field (its claims are what is checked)")
            }
            let grid = Perturbation.grid(around: e, seeds: parseInts(seeds)!, unseenSeeds: parseInts(unseenSeeds)!)
            let out = common.out ?? "results/robustness/\(e.name)"
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let w = workers ?? cores
            // The thread count is part of the run key, so the grid is loaded with the one the runs train with.
            let threads = common.threads ?? max(1, cores / w)
            var table: [(perturbation: String, claims: [ShapeClaim])] = []
            for p in grid {
                let overrides = common.overrides + p.overrides
                let all = try ExperimentLoader.load(file: file, overrides: overrides, threads: threads)
                let store = ResultsStore(directory: "\(out)/\(p.name)")
                note("== \(p.name): \(all.count) runs (\(p.overrides.joined(separator: " ")))")
                let o = try SweepDriver.run(file: file, overrides: overrides, all: all, runs: all, store: store,
                                            workers: w, threads: threads)
                let claims = o.figures.flatMap(\.claims)
                table.append((p.name, claims))
                for c in claims where !c.passed { note("   FAIL \(c.claim): \(c.measured)") }
            }
            let names = table.first?.claims.map(\.id) ?? []
            var rows: [RobustnessRow] = []
            for name in names {
                let held = table.filter { t in t.claims.contains { $0.id == name && $0.passed } }.map(\.perturbation)
                let failed = table.map(\.perturbation).filter { !held.contains($0) }
                rows.append(RobustnessRow(claim: name, held: held.count, of: table.count, failedUnder: failed))
            }
            print("claim holds in: share of \(table.count) perturbations (\(grid.map(\.name).joined(separator: ", ")))")
            for r in rows {
                print(String(format: "%5.0f%%  %@", 100 * r.share, r.claim) + (r.failedUnder.isEmpty ? "" : "  [fails: \(r.failedUnder.joined(separator: ", "))]"))
            }
            let encoder = JSONEncoder(); encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(RobustnessReport(file: file, perturbations: grid.map { [$0.name] + $0.overrides }, claims: rows)),
                                 to: out + "/robustness.json")
            if require > 0, rows.contains(where: { $0.share < require }) { throw ExitCode(1) }
        }

        func parseInts(_ s: String) -> [Int]? {
            let v = s.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            return v.isEmpty || v.contains(where: { $0 == nil }) ? nil : v.map { $0! }
        }
    }
}

/// One claim's record over the perturbation grid.
struct RobustnessRow: Codable {
    var claim: String
    var held: Int
    var of: Int
    var failedUnder: [String]
    var share: Double { of > 0 ? Double(held) / Double(of) : 0 }

    enum CodingKeys: String, CodingKey { case claim, held, of, failedUnder = "failed_under", share }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(claim, forKey: .claim); try c.encode(held, forKey: .held); try c.encode(of, forKey: .of)
        try c.encode(failedUnder, forKey: .failedUnder); try c.encode(share, forKey: .share)
    }
    init(claim: String, held: Int, of: Int, failedUnder: [String]) { self.claim = claim; self.held = held; self.of = of; self.failedUnder = failedUnder }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        claim = try c.decode(String.self, forKey: .claim); held = try c.decode(Int.self, forKey: .held)
        of = try c.decode(Int.self, forKey: .of); failedUnder = try c.decode([String].self, forKey: .failedUnder)
    }
}

/// What `robustness.json` holds.
struct RobustnessReport: Codable {
    var file: String
    var perturbations: [[String]]
    var claims: [RobustnessRow]
}
