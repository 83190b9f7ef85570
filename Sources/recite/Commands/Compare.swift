import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

extension Recite {
    /// `recite compare DIR...`: the scorecard of simulated vs reported curves.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scorecard: every shape claim as PASS/FAIL with its numbers, and agreement with the reported curves.",
            discussion: "Writes compare.json into each results directory; exits with status 1 when any claim fails.")

        @Argument(help: "Results directories (default: every results/<figure> that exists).")
        var directories: [String] = []

        @Option(help: "Directory of the reported curves.")
        var reported = "results/reported"

        func run() throws {
            let dirs = directories.isEmpty
                ? Reproduce.experiments.map { "results/\($0)" }.filter { FileManager.default.fileExists(atPath: $0 + "/runs.csv") }
                : directories
            guard !dirs.isEmpty else { throw ValidationError("no results to compare: run `recite reproduce` or a sweep first") }
            var failed = 0
            for dir in dirs {
                let rows = try ResultsCSV.read(dir + "/runs.csv")
                guard let figure = figureName(dir) else { note("\(dir): no figure named in its manifest; skipped"); continue }
                var claims = Curves.claims(figure: figure, rows: rows)
                if figure == "isoflop" { claims += Curves.claims(figure: "compute-optimal", rows: rows) }
                let agreement = Agreements.forFigure(figure, rows: rows, reportedDirectory: reported)
                print("== \(figure) (\(dir))")
                print(Curves.render(claims))
                if !agreement.isEmpty { print("   agreement with the reported curve (x mapped by rank):\n" + Agreements.render(agreement)) }
                failed += claims.filter { !$0.passed }.count
                struct Card: Codable { var figure: String; var claims: [ShapeClaim]; var agreement: [Agreement] }
                let encoder = JSONEncoder(); encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try encoder.encode(Card(figure: figure, claims: claims, agreement: agreement)), to: dir + "/compare.json")
            }
            if failed > 0 { note("\(failed) claim(s) failed"); throw ExitCode(1) }
        }
    }
}
