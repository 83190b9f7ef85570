// ReportedFigures.swift: default charts of the reported curves, one panel per published panel.
//
// No per-figure drawing code: axes follow the units (FLOPs, parameters and tokens are log
// scales, everything else linear), series take the published styles by name ("4 Rec" → dashed
// orange; model sizes and budgets → markers or a sequential scale), and single-point
// "projection (67B)" series become annotations, as in the published figure.

import Foundation

/// Charts of reported curves with the published look; callers add simulated series beside them.
public enum ReportedFigures {
    /// Units shown on a log10 axis.
    public static let logUnits: Set<String> = ["FLOPs", "parameters", "tokens"]

    /// One chart per panel, in file order. Reported series are drawn in their `reported` style
    /// (thin, hollow markers) so simulated series added later stand out.
    public static func panels(_ series: [ReportedSeries], subtitle: String = "reported: approximate readings of the published figure") -> [LineChart] {
        var order: [String] = []
        for s in series where !order.contains(s.panel) { order.append(s.panel) }
        return order.map { panel in
            let members = series.filter { $0.panel == panel }
            let plotted = members.filter { !isProjection($0) }
            let first = members[0]
            let styled = plotted.enumerated().map { i, s in
                s.chartSeries(style: style(for: s.series, index: i, of: plotted.count).reported)
            }
            let notes = members.filter(isProjection).flatMap { s in
                s.points.map { Annotation(x: $0.x, y: $0.y, text: projectionLabel(s.series)) }
            }
            return LineChart(title: panel, subtitle: subtitle,
                             xAxis: Axis(label: first.xUnit, scale: logUnits.contains(first.xUnit) ? .log10 : .linear),
                             yAxis: Axis(label: first.yUnit, scale: logUnits.contains(first.yUnit) ? .log10 : .linear),
                             series: styled, annotations: notes)
        }
    }

    /// The published style for a series name: Rec counts use the Rec palette; model sizes
    /// ("350M", "1.3B", "2.4B") get blue circles, light-blue diamonds, orange squares;
    /// anything else a sequential colour by position with circle markers.
    public static func style(for name: String, index: Int, of count: Int) -> SeriesStyle {
        let words = name.split(separator: " ")
        if words.count >= 2, words[1] == "Rec", let r = Int(words[0]) { return Palette.rec(r) }
        let sizes: [(String, SeriesStyle)] = [
            ("350M", SeriesStyle(color: Palette.darkBlue, marker: .circle)),
            ("1.3B", SeriesStyle(color: Palette.lightBlue, marker: .diamond)),
            ("2.4B", SeriesStyle(color: Palette.orange, marker: .square)),
        ]
        if let hit = sizes.first(where: { $0.0 == name }) { return hit.1 }
        let t = count > 1 ? Double(index) / Double(count - 1) : 0
        return SeriesStyle(color: Palette.sequential(t * 0.85), marker: .circle)
    }

    static func isProjection(_ s: ReportedSeries) -> Bool {
        s.series.hasPrefix("projection") && s.points.count == 1
    }

    /// "projection (67B)" → "67B".
    static func projectionLabel(_ name: String) -> String {
        guard let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close else { return name }
        return String(name[name.index(after: open)..<close])
    }
}
