import ArgumentParser
import Foundation
import ReciteFigures
import ReciteLab

extension Recite {
    /// `recite plot DIR`: the SVG figure of a results directory.
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw the figures of a results directory (simulated beside reported) as <figure>.svg there.")

        @Argument(help: "Results directory of a sweep (holds runs.csv and manifest.json).")
        var directory: String

        @Option(help: "Figure to draw (default: those named in the experiment's `figure` field).")
        var figure: String?

        @Option(help: "Directory of the reported curves (default: results/reported, else the checkout's).")
        var reported: String?

        @Flag(help: "Treat DIRECTORY as a results root (as `recite reproduce --out` lays it out) and draw the comparison of data recitation and test-time recurrence as mechanisms.svg there; print its notes.")
        var mechanisms = false

        func validate() throws {
            if let f = figure, (try? FigureRegistry.figure(f)) == nil {
                throw ValidationError("no figure named '\(f)'; known: \(FigureRegistry.ids.joined(separator: ", "))")
            }
        }

        func run() throws {
            if mechanisms {
                let entries = try ExperimentCatalog.entries(in: ExperimentCatalog.directory())
                guard let section = try MechanismComparison.writeSection(entries: entries, resultsRoot: directory) else {
                    throw ValidationError("\(directory): no rows of recitation-mc, recitation-exact or recurrence under it")
                }
                print(section.notes)
                print("\(directory)/\(MechanismComparison.id).svg")
                return
            }
            let rows = try ResultsCSV.read(directory + "/runs.csv")
            let figures = try figure.map { [try FigureRegistry.figure($0)] } ?? ExperimentCatalog.figures(resultsDirectory: directory)
            guard !figures.isEmpty else { throw ValidationError("\(directory): cannot tell which figure to draw; pass --figure") }
            let readings = reported ?? ExperimentCatalog.reportedDirectory(resultsRoot: "results")
            try FigureCheck.writeCharts(figures, rows: rows, directory: directory, reportedDirectory: readings)
            for f in figures { print("\(directory)/\(f.id).svg") }
        }
    }
}
