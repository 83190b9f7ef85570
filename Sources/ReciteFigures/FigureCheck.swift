// After a sweep: each named figure's tables and claims, claims.json, and the report section.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// One figure's claims on one result set.
public struct FigureResult: Sendable {
    public var figure: any Figure
    public var claims: [ShapeClaim]
    public var failed: Int { claims.filter { !$0.passed }.count }
}

/// Claims, summaries and report sections of an experiment's figures.
public enum FigureCheck {
    /// Checks every figure's claims on `rows` and writes them all to `<directory>/claims.json`
    /// (atomically; not written when there are none). The summary holds each figure's tables, the
    /// PASS/FAIL lines and a note of diverged runs.
    public static func run(_ figures: [any Figure], rows: [ResultRow], directory: String) throws -> (results: [FigureResult], summary: String) {
        let results = figures.map { FigureResult(figure: $0, claims: $0.claims(rows)) }
        var summary = figures.map { $0.summary(rows) }.joined()
        let claims = results.flatMap(\.claims)
        if !claims.isEmpty {
            summary += ShapeClaim.render(claims) + "\n"
            let encoder = JSONEncoder(); encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(claims), to: directory + "/claims.json")
        }
        let diverged = Set(rows.filter { $0.status == .diverged }.map(\.run))
        if !diverged.isEmpty { summary += "\(diverged.count) run(s) diverged (NaN/∞): recorded with status 'diverged', left out of the means\n" }
        return (results, summary)
    }

    /// Writes each figure's chart to `<directory>/<id>.svg` (readings from `reportedDirectory`);
    /// returns the SVG text by figure id.
    @discardableResult
    public static func writeCharts(_ figures: [any Figure], rows: [ResultRow], directory: String,
                                   reportedDirectory: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for f in figures {
            let svg = try f.svg(rows, reportedDirectory: reportedDirectory)
            if !svg.isEmpty { try AtomicFile.write(svg, to: "\(directory)/\(f.id).svg") }
            out[f.id] = svg
        }
        return out
    }
}

extension FigureResult {
    /// The figure's section of the report: chart, scorecard, configuration, command, notes with the
    /// agreement statistics (or why there is no published curve).
    public func section(rows: [ResultRow], svg: String, description: String, configuration: String, command: String,
                        notes: String, reportedDirectory: String) throws -> FigureSection {
        let agreement = try figure.agreement(rows, reportedDirectory: reportedDirectory)
        return FigureSection(
            figure: figure.id, heading: figure.heading(description: description), svg: svg,
            scorecard: claims.map { ScorecardRow(claim: $0.claim, measured: $0.measured, expected: $0.expected, passed: $0.passed) },
            configuration: configuration, command: command, notes: notes + Agreement.sentence(agreement))
    }
}
