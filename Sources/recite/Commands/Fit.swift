import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab

extension Recite {
    /// `recite fit DIR`: Chinchilla approaches 1, 2 and 3 on a results directory, per world.
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit scaling laws (Chinchilla approaches 1, 2, 3) to finished runs and write fit.json.",
            discussion: """
                Reads DIR/runs.csv (held-out loss rows), groups the runs by world and fits: 1, the lower envelope of \
                the training curves; 2, a parabola in log N per isoFLOP budget; 3, L(N, D) = E + A/N^α + B/D^β. \
                Prints the exponents a (N_opt ∝ C^a) and b (D_opt ∝ C^b) with bootstrap intervals, the optimum at \
                100× the largest budget, where the approaches disagree, and the isoFLOP figure's shape claims as \
                PASS/FAIL lines. Compute is counted as 6·N·D throughout. Exits 1 when a claim fails.
                """)

        @Argument(help: "Results directory holding runs.csv of isoFLOP-style runs (results/<experiment>).")
        var directory: String

        @Option(help: "Bootstrap replicates per interval.")
        var replicates = 200

        @Option(help: "Seed of the bootstrap.")
        var seed: UInt64 = 0

        @Option(help: "Evaluation whose values are the loss (default: loss).")
        var eval = "loss"

        @Option(help: "Approach 2 fits each parabola to the sizes within this factor of the profile's best size (0: all sizes).")
        var window: Double = 0

        @Option(help: "Starting grid of approach 3: hoffmann (4,500 starts) or coarse (72).")
        var grid = "hoffmann"

        @Flag(help: "Print the table and claims only; do not exit 1 on a failed claim.")
        var noFail = false

        func validate() throws {
            if replicates < 10 { throw ValidationError("--replicates must be at least 10, got \(replicates)") }
            if !["hoffmann", "coarse"].contains(grid) { throw ValidationError("--grid must be hoffmann or coarse, got '\(grid)'") }
            if window != 0 && window <= 1 { throw ValidationError("--window must be 0 (all sizes) or a factor above 1, got \(window)") }
        }

        func run() throws {
            let path = directory + "/runs.csv"
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("\(path) does not exist: run `recite sweep` (or `recite merge \(directory)`) first")
            }
            let rows = try ResultsCSV.read(path).filter { $0.eval == eval && $0.status == "ok" && $0.value.isFinite }
            guard !rows.isEmpty else { throw ValidationError("\(path) has no finished '\(eval)' rows") }
            let observations = ScalingResults.observations(rows, eval: eval)
            var options = ScalingOptions()
            options.bootstrap = BootstrapOptions(replicates: replicates, seed: seed)
            options.isoFLOPWindow = window
            options.parametric.grid = grid == "coarse" ? .coarse : .hoffmann
            let clock = ContinuousClock(), t0 = clock.now
            let worlds = try ScalingAnalysis.analyse(observations, options: options)
            // Claims are filed under the directory's first figure (its manifest), else the directory's name.
            let figure = (try? ExperimentCatalog.figures(resultsDirectory: directory))?.first?.id
                ?? URL(fileURLWithPath: directory).lastPathComponent
            let claims = ScalingClaims.all(worlds, figure: figure)
            print(Self.table(worlds), terminator: "")
            print(ShapeClaim.render(claims))

            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            let out = FitFile(results: path, eval: eval, replicates: replicates, seed: seed, window: window, grid: grid,
                              worlds: worlds, claims: claims)
            try AtomicFile.write(try encoder.encode(out), to: directory + "/fit.json")
            let seconds = Double((clock.now - t0).components.seconds)
            note(String(format: "%@/fit.json: %d worlds, %d claims (%d failed), %.0f s", directory, worlds.count, claims.count,
                        claims.filter { !$0.passed }.count, seconds))
            if !noFail && claims.contains(where: { !$0.passed }) { throw ExitCode(1) }
        }

        /// What `fit.json` holds.
        struct FitFile: Encodable {
            var results: String, eval: String, replicates: Int, seed: UInt64, window: Double, grid: String
            var worlds: [WorldScaling]
            var claims: [ShapeClaim]
        }

        /// The human-readable table: profiles, then one line per approach, then disagreements.
        static func table(_ worlds: [WorldScaling]) -> String {
            var s = ""
            for w in worlds {
                s += "\n== \(w.world): \(w.runs) runs, entropy floor \(String(format: "%.3f", w.entropyFloor)) nats/token, "
                s += "compute counted as 6·N·D (= \(String(format: "%.2f", w.computeRatio))× the simulator's FLOPs)\n"
                s += "budget C     best N     best loss  vertex N   vertex loss  R²     status\n"
                for p in w.profiles {
                    s += pad(ScalingFormat.sci(p.budget), 13) + pad(ScalingFormat.sci(p.bestParameters), 11)
                        + pad(String(format: "%.3f", p.bestLoss), 11) + pad(ScalingFormat.sci(p.vertexParameters), 11)
                        + pad(p.vertexLoss.map { String(format: "%.3f", $0) } ?? "n/a", 13)
                        + pad(p.rSquared.map { String(format: "%.3f", $0) } ?? "n/a", 7) + p.status + "\n"
                }
                s += "approach                          a (95% CI)              b (95% CI)              R² N/D       "
                s += "N_opt, D_opt at \(ScalingFormat.sci(w.extrapolationBudget6ND)) (6ND; 100× largest)\n"
                for a in w.approaches {
                    let label = pad("\(a.approach) \(a.name)", 34)
                    if let e = a.error { s += label + "failed: \(e)\n"; continue }
                    let r2 = a.rSquaredN.map { String(format: "%.3f/%.3f", $0, a.rSquaredD ?? .nan) } ?? "—"
                    s += label + pad(ScalingFormat.interval(a.a), 24) + pad(ScalingFormat.interval(a.b), 24) + pad(r2, 13)
                        + "N = \(ScalingFormat.sci(a.optimalParameters)), D = \(ScalingFormat.sci(a.optimalTokens))\n"
                }
                if let f = w.surface {
                    s += "approach 3 surface: L = E + A/N^α + B/D^β with E = \(ScalingFormat.interval(f.E)), A = \(sciInterval(f.A)), "
                    s += "B = \(sciInterval(f.B)), α = \(ScalingFormat.interval(f.alpha)), β = \(ScalingFormat.interval(f.beta)) (\(f.observations) runs)\n"
                }
                s += w.disagreements.isEmpty ? "the approaches agree within their intervals\n"
                    : w.disagreements.map { "disagreement: \($0)\n" }.joined()
            }
            return s + "\n"
        }

        static func sciInterval(_ i: IntervalSummary) -> String {
            guard let l = i.lower, let u = i.upper else { return ScalingFormat.sci(i.estimate) }
            return "\(ScalingFormat.sci(i.estimate)) [\(ScalingFormat.sci(l)), \(ScalingFormat.sci(u))]"
        }

        static func pad(_ t: String, _ n: Int) -> String { t.count >= n ? t + " " : t + String(repeating: " ", count: n - t.count) }
    }
}
