import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab

extension Recite {
    /// `recite compare DIR...`: the scorecard of simulated vs reported curves.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scorecard: every shape claim as PASS/FAIL with its numbers, and agreement with the reported curves.",
            discussion: "Writes compare.json into each results directory; exits with status 1 when any claim fails.")

        @Argument(help: "Results directories (default: results/<name> of every experiment that names a figure, where it exists).")
        var directories: [String] = []

        @Option(help: "Directory of the reported curves (default: results/reported, else the checkout's).")
        var reported: String?

        func run() throws {
            let dirs = try directories.isEmpty
                ? ExperimentCatalog.entries(in: ExperimentCatalog.directory()).map { "results/\($0.stem)" }
                    .filter { FileManager.default.fileExists(atPath: $0 + "/runs.csv") }
                : directories
            guard !dirs.isEmpty else { throw ValidationError("no results to compare: run `recite reproduce` or a sweep first") }
            let readings = reported ?? ExperimentCatalog.reportedDirectory(resultsRoot: "results")
            var failed = 0
            for dir in dirs {
                let rows = try ResultsCSV.read(dir + "/runs.csv")
                let figures = try ExperimentCatalog.figures(resultsDirectory: dir)
                guard let first = figures.first else { note("\(dir): no figure named in its manifest; skipped"); continue }
                let claims = figures.flatMap { $0.claims(rows) }
                let agreement = try figures.flatMap { try $0.agreement(rows, reportedDirectory: readings) }
                print("== \(first.id) (\(dir))")
                print(ShapeClaim.render(claims))
                if !agreement.isEmpty { print("   agreement with the reported curve (x mapped by rank):\n" + Agreement.render(agreement)) }
                failed += claims.filter { !$0.passed }.count
                struct Card: Codable { var figure: String; var claims: [ShapeClaim]; var agreement: [Agreement] }
                let encoder = JSONEncoder(); encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try encoder.encode(Card(figure: first.id, claims: claims, agreement: agreement)), to: dir + "/compare.json")
            }
            if failed > 0 { note("\(failed) claim(s) failed"); throw ExitCode(1) }
        }
    }
}
