import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteCore
import ReciteLab
import ReciteReport

extension Recite {
    /// `recite reproduce`: every figure at the quick scale, then the report.
    struct Reproduce: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every figure's experiment (resuming if interrupted), check the shape claims, and write results/report.html.",
            discussion: """
                The experiments are the files in experiments/ (found from the working directory or the executable's \
                checkout). --scale quick runs them as committed; --scale full repeats each with 5 seeds. Finished runs \
                are skipped, so an interrupted reproduce resumes where it stopped.
                """)

        enum Scale: String, ExpressibleByArgument, CaseIterable { case quick, full }

        @Option(help: "quick (as committed) or full (5 seeds).")
        var scale: Scale = .quick

        @Option(help: "Parallel worker processes (default: all cores).")
        var workers: Int?

        @Option(help: "Results root (default: results).")
        var out = "results"

        /// The experiments reproduce runs, in report order.
        static let experiments = ["recitation-mc", "recitation-exact", "data-constrained", "spacing", "isoflop", "vocab-accuracy"]

        func run() throws {
            let dir = try experimentsDirectory()
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let w = workers ?? cores
            let overrides = scale == .full ? ["seed=[1,2,3,4,5]"] : []
            var sections: [FigureSection] = []
            var failures = 0
            let clock = ContinuousClock(), t0 = clock.now
            for name in Self.experiments {
                let file = "\(dir)/\(name).yaml"
                guard FileManager.default.fileExists(atPath: file) else { note("skipping \(name): \(file) not found"); continue }
                let all = try ExperimentLoader.load(file: file, overrides: overrides, threads: max(1, cores / w))
                let suffix = scale == .full ? "-full" : ""
                let store = ResultsStore(directory: "\(out)/\(name)\(suffix)")
                note("== \(name): \(all.count) runs (\(all.filter { store.isFinished($0.key) }.count) already finished)")
                let o = try SweepDriver.run(file: file, overrides: overrides, all: all, runs: all, store: store,
                                            workers: w, threads: max(1, cores / w))
                note(o.summary)
                failures += o.failedRuns.count
                let yaml = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
                let primary = all.first?.experiment.figure ?? name
                // The isoFLOP runs make two figures: the profiles and the compute-optimal fits.
                for figure in primary == "isoflop" ? ["isoflop", "compute-optimal"] : [primary] {
                    let claims = figure == primary ? o.claims : Curves.claims(figure: figure, rows: o.rows)
                    if figure != primary { note(Curves.render(claims)) }
                    failures += claims.filter { !$0.passed }.count
                    let svg = Figures.svg(figure: figure, rows: o.rows, reportedDirectory: "\(out)/reported") ?? ""
                    if !svg.isEmpty { try AtomicFile.write(svg, to: "\(store.directory)/\(figure).svg") }
                    let a = Agreements.forFigure(figure, rows: o.rows, reportedDirectory: "\(out)/reported")
                    let agreement = a.isEmpty ? "" : " Agreement with the reported curve, x mapped by rank: " + a.map {
                        "\($0.what): \($0.statistic) \($0.value.map { String(format: "%+.2f", $0) } ?? "n/a")"
                    }.joined(separator: "; ") + "."
                    let command = "recite sweep \(file)" + overrides.map { " --set \($0)" }.joined()
                        + (primary == "isoflop" ? " && recite fit \(store.directory)" : "")
                    sections.append(FigureSection(
                        figure: figure, heading: figure == primary ? (all.first?.experiment.description ?? name)
                            : "Compute-optimal fits (approaches 1-3) and the extrapolation to 100× the largest budget.",
                        svg: svg,
                        scorecard: claims.map { ScorecardRow(claim: $0.claim, measured: $0.measured, expected: $0.expected, passed: $0.passed) },
                        configuration: yaml, command: command,
                        notes: String(format: "%d runs; %.1f s for this reproduce (finished runs are not rerun).", all.count, o.seconds) + agreement))
                }
            }
            let elapsed = clock.now - t0
            let page = ReportPage(
                title: "recite: simulated data-recitation effects",
                intro: "Every curve below was produced by training small log-bilinear softmax models on synthetic worlds; none is set by hand. "
                    + "Simulated units are labelled on every axis and mapped onto the published axes by rank. " + Figures.recNote,
                sections: sections,
                footer: String(format: "recite %@, %@ scale, %d workers, %.0f s. OpenBLAS %@.", Manifest.version, scale.rawValue, w,
                               Double(elapsed.components.seconds), BLAS.coreName))
            try AtomicFile.write(page.html(), to: "\(out)/report.html")
            note(String(format: "reproduce: %d figures, %d failed claims or runs, %.0f s → %@/report.html", sections.count, failures,
                        Double(elapsed.components.seconds), out))
            print("\(out)/report.html")
            if failures > 0 { throw ExitCode(1) }
        }

        /// `experiments/` in the working directory, else beside the checkout that built this executable.
        func experimentsDirectory() throws -> String {
            if FileManager.default.fileExists(atPath: "experiments/recitation-mc.yaml") { return "experiments" }
            var url = URL(fileURLWithPath: SweepScheduler.currentExecutable)
            for _ in 0..<6 {
                url.deleteLastPathComponent()
                let candidate = url.appendingPathComponent("experiments").path
                if FileManager.default.fileExists(atPath: candidate + "/recitation-mc.yaml") { return candidate }
            }
            throw ValidationError("cannot find experiments/ (run recite reproduce from the repository root)")
        }
    }
}
