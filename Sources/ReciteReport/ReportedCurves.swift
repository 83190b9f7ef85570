// ReportedCurves.swift: the curves read off the published figures, from results/reported/.
//
// One CSV per figure, tidy long format, columns
// `figure,panel,series,x,x_unit,y,y_unit,provenance`. Every row names the description file it
// comes from and quotes its wording. These are approximate readings of textual descriptions
// of figures, not data.

import Foundation

/// One reported point.
public struct ReportedPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    /// Where the point comes from: description file and its quoted wording.
    public var provenance: String

    public init(x: Double, y: Double, provenance: String) {
        self.x = x; self.y = y; self.provenance = provenance
    }
}

/// One reported curve of one panel.
public struct ReportedSeries: Sendable, Hashable {
    public var figure: String
    /// Panel name within the figure (e.g. "C4", "GitHub"); the figure id when it has one panel.
    public var panel: String
    /// Series name as in the published legend ("4 Rec", "1e20", "2.4B").
    public var series: String
    public var xUnit: String
    public var yUnit: String
    /// In file order.
    public var points: [ReportedPoint]

    public init(figure: String, panel: String, series: String, xUnit: String, yUnit: String, points: [ReportedPoint]) {
        self.figure = figure; self.panel = panel; self.series = series
        self.xUnit = xUnit; self.yUnit = yUnit; self.points = points
    }

    /// As a chart series with the given style (use `style.reported` to mark it as published).
    public func chartSeries(style: SeriesStyle, name: String? = nil) -> Series {
        Series(name: name ?? series, points: points.map { DataPoint(x: $0.x, y: $0.y) }, style: style)
    }
}

/// Loader for `results/reported/<figure>.csv`.
public enum ReportedCurves {
    /// The figures with readings in `directory` (`<figure>.csv`), sorted by name.
    public static func available(directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".csv") && !$0.hasPrefix(".") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Columns every file must have.
    public static let columns = ["figure", "panel", "series", "x", "x_unit", "y", "y_unit", "provenance"]

    /// Reads `<directory>/<figure>.csv` and groups its rows into series (panel, series), in
    /// order of first appearance.
    public static func load(figure: String, directory: String) throws -> [ReportedSeries] {
        let path = (directory as NSString).appendingPathComponent(figure + ".csv")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportError.missingFile(path: path)
        }
        let text = String(decoding: data, as: UTF8.self)
        return try parse(text, file: path)
    }

    /// Parses the text of one reported-curves CSV (see `columns`). Every row must carry a
    /// provenance and numeric x and y.
    public static func parse(_ text: String, file: String = "<csv>") throws -> [ReportedSeries] {
        let records = try CSV.parse(text, file: file)
        guard let header = records.first else { throw ReportError.missingColumn(file: file, column: columns[0]) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for column in columns {
            guard let i = names.firstIndex(of: column) else { throw ReportError.missingColumn(file: file, column: column) }
            index[column] = i
        }
        var order: [String] = []
        var grouped: [String: ReportedSeries] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw ReportError.wrongFieldCount(file: file, line: record.line, expected: names.count,
                                                  found: record.fields.count)
            }
            func field(_ column: String) throws -> String {
                let value = record.fields[index[column]!].trimmingCharacters(in: .whitespaces)
                if value.isEmpty { throw ReportError.emptyField(file: file, line: record.line, column: column) }
                return value
            }
            func number(_ column: String) throws -> Double {
                let text = try field(column)
                guard let v = Double(text), v.isFinite else {
                    throw ReportError.badNumber(file: file, line: record.line, column: column, found: text)
                }
                return v
            }
            let point = ReportedPoint(x: try number("x"), y: try number("y"), provenance: try field("provenance"))
            let key = try field("panel") + "\u{1F}" + field("series")
            if grouped[key] == nil {
                order.append(key)
                grouped[key] = ReportedSeries(figure: try field("figure"), panel: try field("panel"),
                                              series: try field("series"), xUnit: try field("x_unit"),
                                              yUnit: try field("y_unit"), points: [])
            }
            grouped[key]!.points.append(point)
        }
        return order.map { grouped[$0]! }
    }
}
