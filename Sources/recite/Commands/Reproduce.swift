import ArgumentParser
import Foundation
import ReciteCore
import ReciteFigures
import ReciteLab
import ReciteReport

extension Recite {
    /// `recite reproduce`: every figure at the quick scale, then the report.
    struct Reproduce: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every figure's experiment (resuming if interrupted), check the shape claims, and write results/report.html.",
            discussion: """
                The experiments are the files in experiments/ (found from the working directory or the executable's \
                checkout). --scale quick runs them as committed; --scale full applies each file's `scales.full` \
                overrides (larger worlds and models, a wider span; 5 seeds unless the file says otherwise) and writes \
                to results/<name>-full. Finished runs are skipped, so an interrupted reproduce resumes where it stopped.
                """)

        @Option(help: "quick (as committed) or full (each file's scales.full).")
        var scale: RunScale = .quick

        @Option(help: "Parallel worker processes (default: all cores).")
        var workers: Int?

        @Option(help: "Results root (default: results).")
        var out = "results"

        func run() throws {
            let dir = try ExperimentCatalog.directory()
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let w = workers ?? cores
            var sections: [FigureSection] = []
            var failures = 0
            let clock = ContinuousClock(), t0 = clock.now
            for entry in try ExperimentCatalog.entries(in: dir) {
                let file = entry.file, name = entry.stem
                let overrides = try ExperimentLoader.scaleOverrides(file: file, scale: scale)
                if !overrides.isEmpty { note("\(name) at --scale \(scale.rawValue): " + overrides.map { "--set \($0)" }.joined(separator: " ")) }
                let all = try ExperimentLoader.load(file: file, overrides: overrides, threads: max(1, cores / w))
                let store = ResultsStore(directory: "\(out)/\(name)\(scale.directorySuffix)")
                note("== \(name): \(all.count) runs (\(all.filter { store.isFinished($0.key) }.count) already finished)")
                let o = try SweepDriver.run(file: file, overrides: overrides, all: all, runs: all, store: store,
                                            workers: w, threads: max(1, cores / w))
                note(o.summary)
                failures += o.failedRuns.count
                let yaml = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
                let reported = ExperimentCatalog.reportedDirectory(resultsRoot: out)
                let charts = try FigureCheck.writeCharts(o.figures.map(\.figure), rows: o.rows, directory: store.directory,
                                                         reportedDirectory: reported)
                for result in o.figures {
                    failures += result.failed
                    let command = "recite sweep \(file)" + overrides.map { " --set \($0)" }.joined()
                        + (result.figure.followUp(resultsDirectory: store.directory).map { " && " + $0 } ?? "")
                    sections.append(try result.section(
                        rows: o.rows, svg: charts[result.figure.id] ?? "", description: all.first?.experiment.description ?? name,
                        configuration: yaml, command: command,
                        notes: String(format: "%d runs; %.1f s for this reproduce (finished runs are not rerun).", all.count, o.seconds),
                        reportedDirectory: reported))
                }
            }
            if let comparison = try MechanismComparison.writeSection(entries: ExperimentCatalog.entries(in: dir), resultsRoot: out,
                                                                     suffix: scale == .full ? "-full" : "") { sections.append(comparison) }
            let elapsed = clock.now - t0
            let page = ReportPage(
                title: "recite: simulated data-recitation effects",
                intro: "Every curve below was produced by training small log-bilinear softmax models on synthetic worlds; none is set by hand. "
                    + "Simulated units are labelled on every axis and mapped onto the published axes by rank. " + RecitationNote.text,
                sections: sections,
                footer: String(format: "recite %@, %@ scale, %d workers, %.0f s. OpenBLAS %@.", Manifest.version, scale.rawValue, w,
                               Double(elapsed.components.seconds), BLAS.coreName))
            try AtomicFile.write(page.html(), to: "\(out)/report.html")
            note(String(format: "reproduce: %d figures, %d failed claims or runs, %.0f s → %@/report.html", sections.count, failures,
                        Double(elapsed.components.seconds), out))
            print("\(out)/report.html")
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
