// What a figure is: one type that turns the finished rows of an experiment into curves (mean and
// ±1 sd over seeds), shape claims with stable ids, agreement with the published curve, and a chart.
// An experiment names its figures in its `figure:` field; `FigureRegistry` finds the types.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// Where a figure's published curve is, if it has one.
public enum PublishedCurve: Sendable, Hashable {
    /// Readings of the published figure in `results/reported/<id>.csv`.
    case reported
    /// No published curve is compared with, and why (the figure is checked by its claims alone).
    case none(String)
    /// The readings of another figure's file, `results/reported/<id>.csv`: the same published
    /// figure made here by another mechanism (test-time recurrence beside data recitation).
    case readingsOf(String)
}

/// One figure of the report.
public protocol Figure: Sendable {
    /// The experiment's `figure:` value that selects this type; also the reported CSV's name, the
    /// SVG's file name and the prefix of every claim id.
    var id: String { get }
    /// Its published curve, or why there is none.
    var published: PublishedCurve { get }
    /// The report heading, given the experiment's description (default: the description).
    func heading(description: String) -> String
    /// The simulated curves the chart draws: mean and sample sd over seeds.
    func curves(_ rows: [ResultRow]) -> [Curve]
    /// The shape claims, each with id `<id>.<key>`; a failing claim when the curves are missing.
    func claims(_ rows: [ResultRow]) -> [ShapeClaim]
    /// Agreement with the published curve after mapping the axes by rank (default: none).
    func agreement(_ rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement]
    /// The chart (a complete SVG document): simulated panels beside the reported ones.
    func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String
    /// Plain-text tables printed after a sweep (default: none).
    func summary(_ rows: [ResultRow]) -> String
    /// A command to run after the sweep for the rest of the analysis (default: none).
    func followUp(resultsDirectory: String) -> String?
}

extension Figure {
    public func heading(description: String) -> String { description }
    public func agreement(_ rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement] { [] }
    public func summary(_ rows: [ResultRow]) -> String { "" }
    public func followUp(resultsDirectory: String) -> String? { nil }

    /// The published readings from `directory`: empty when the figure has none. When its file is
    /// absent (a sweep run outside the repository, or `results/` moved) the chart and the agreement
    /// go without them, and stderr says so; a file that is present but malformed is an error that
    /// names the file, the line and the field, never a chart silently drawn without the readings.
    public func reportedSeries(directory: String) throws -> [ReportedSeries] {
        let name: String
        switch published {
        case .reported: name = id
        case let .readingsOf(other): name = other
        case .none: return []
        }
        let path = (directory as NSString).appendingPathComponent(name + ".csv")
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data(
                "warning: \(path) not found: \(id) is drawn and compared without the published readings (run from the repository root, whose results/reported/ holds them)\n".utf8))
            return []
        }
        return try ReportedCurves.load(figure: name, directory: directory)
    }

    /// The chart with the readings from `directory`.
    public func svg(_ rows: [ResultRow], reportedDirectory directory: String) throws -> String {
        svg(rows, reported: try reportedSeries(directory: directory))
    }

    /// Agreement with the readings from `directory`.
    public func agreement(_ rows: [ResultRow], reportedDirectory directory: String) throws -> [Agreement] {
        agreement(rows, reported: try reportedSeries(directory: directory))
    }
}
