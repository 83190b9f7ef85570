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

        @Option(help: "Bootstrap replicates per interval (Besiroglu et al. 2024 use 4,000).")
        var replicates = 4000

        @Option(help: "Seed of the bootstrap.")
        var seed: UInt64 = 0

        @Option(help: "Evaluation whose values are the loss (default: loss).")
        var eval = "loss"

        @Option(help: "Approach 2 fits each parabola to the sizes within this factor of the profile's best size (0: all sizes).")
        var window: Double = 0

        @Option(help: "Starting grid of approach 3: hoffmann (4,500 starts) or coarse (72).")
        var grid = "hoffmann"

        @Flag(help: "Leave approach 3's E free (by default it is bounded below by the world's exact entropy rate).")
        var freeE = false

        @Flag(help: "Print the table and claims only; do not exit 1 on a failed claim.")
        var noFail = false

        func validate() throws {
            if replicates < 10 { throw ValidationError("--replicates must be at least 10, got \(replicates)") }
            if EvalKind(rawValue: eval) == nil {
                throw ValidationError("--eval must be one of \(EvalKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(eval)'")
            }
            if !["hoffmann", "coarse"].contains(grid) { throw ValidationError("--grid must be hoffmann or coarse, got '\(grid)'") }
            if window != 0 && window <= 1 { throw ValidationError("--window must be 0 (all sizes) or a factor above 1, got \(window)") }
        }

        func run() throws {
            let path = directory + "/runs.csv"
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("\(path) does not exist: run `recite sweep` (or `recite merge \(directory)`) first")
            }
            let rows = try ResultsCSV.read(path).filter { $0.eval.rawValue == eval && $0.status == .ok && $0.value.isFinite }
            guard !rows.isEmpty else { throw ValidationError("\(path) has no finished '\(eval)' rows") }
            let observations = ScalingResults.observations(rows, eval: EvalKind(rawValue: eval) ?? .loss)
            var options = ScalingOptions()
            options.bootstrap = BootstrapOptions(replicates: replicates, seed: seed)
            options.isoFLOPWindow = window
            options.parametric.grid = grid == "coarse" ? .coarse : .hoffmann
            options.boundEByFloor = !freeE
            let clock = ContinuousClock(), t0 = clock.now
            let worlds = try ScalingAnalysis.analyse(observations, options: options)
            // Claims are filed under the directory's first figure (its manifest), else the directory's name.
            let figure = (try? ExperimentCatalog.figures(resultsDirectory: directory))?.first?.id
                ?? URL(fileURLWithPath: directory).lastPathComponent
            let claims = ScalingClaims.all(worlds, figure: figure)
            print(WorldScaling.table(worlds), terminator: "")
            let versus = ScalingClaims.codeVersusWeb(worlds)
            if !versus.isEmpty { print("code vs web (published: GitHub a = 0.53 > C4 a = 0.50)\n" + versus.joined(separator: "\n") + "\n") }
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
    }
}
