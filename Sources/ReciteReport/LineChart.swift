// LineChart.swift: the description of one line chart (what to draw, not how).
//
// A chart is a value: series in legend order, two axes, a title, a subtitle that says how the
// simulated units map onto the published ones, an optional caption, annotations and reference
// lines. `svg()` (in LineChart+SVG.swift) renders it; `FigureGrid` lays several side by side.

import Foundation

/// Where the legend goes.
public enum LegendPlacement: String, Sendable, Hashable {
    case topLeft, topRight, bottomLeft, bottomRight
    /// A column to the right of the plot area, outside it (never covers data). In a panel too
    /// narrow for it (the column would take over 30 % of the width) it moves `below`.
    case outsideRight
    /// Rows under the x-axis label, entries flowing left to right.
    case below
    case hidden
}

/// A text label attached to a data point, e.g. the extrapolated optimum "67B".
public struct Annotation: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var text: String
    /// Draws a small filled point at (x, y) as well as the text.
    public var showsPoint: Bool
    public var color: RGBColor

    /// Creates an annotation at data coordinates (x, y).
    public init(x: Double, y: Double, text: String, showsPoint: Bool = true,
                color: RGBColor = RGBColor(hex: 0x222222)) {
        self.x = x
        self.y = y
        self.text = text
        self.showsPoint = showsPoint
        self.color = color
    }
}

/// A line that is not data: an entropy floor, a fitted power law, a diagonal.
public struct ReferenceLine: Sendable, Hashable {
    /// The geometry of a reference line, in data units.
    public enum Kind: Sendable, Hashable {
        /// y = value across the whole plot.
        case horizontal(y: Double)
        /// x = value across the whole plot.
        case vertical(x: Double)
        /// y = coefficient · x^exponent across the plot (a straight line on log–log axes).
        case powerLaw(coefficient: Double, exponent: Double)
        /// A segment between two data points.
        case segment(x0: Double, y0: Double, x1: Double, y1: Double)
    }

    public var kind: Kind
    /// Legend text, listed after the series (a label on the plot itself would collide with
    /// annotations and data near the line's end); empty keeps it out of the legend.
    public var label: String
    public var color: RGBColor
    public var dash: DashPattern
    public var width: Double

    /// Creates a reference line; default look is a thin dashed grey line.
    public init(_ kind: Kind, label: String = "", color: RGBColor = RGBColor(hex: 0x555555),
                dash: DashPattern = .dashed, width: Double = 1.25) {
        self.kind = kind
        self.label = label
        self.color = color
        self.dash = dash
        self.width = width
    }
}

/// One line chart.
public struct LineChart: Sendable, Hashable {
    public var title: String
    /// The line under the title. Say here how simulated units map onto the published ones,
    /// e.g. "simulated tokens; published axis 100B–800B mapped by rank".
    public var subtitle: String
    /// Optional smaller text under the plot (source, caveats).
    public var caption: String
    public var xAxis: Axis
    public var yAxis: Axis
    /// Drawn in this order; the legend lists them in this order too.
    public var series: [Series]
    public var annotations: [Annotation]
    public var referenceLines: [ReferenceLine]
    public var legend: LegendPlacement
    /// Size in SVG user units (pixels at 100%).
    public var width: Double
    public var height: Double

    /// Creates a chart. The default size suits a report column; the default legend sits
    /// outside the plot on the right so it never hides data.
    public init(title: String, subtitle: String = "", caption: String = "",
                xAxis: Axis, yAxis: Axis, series: [Series] = [],
                annotations: [Annotation] = [], referenceLines: [ReferenceLine] = [],
                legend: LegendPlacement = .outsideRight, width: Double = 720, height: Double = 440) {
        self.title = title
        self.subtitle = subtitle
        self.caption = caption
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.annotations = annotations
        self.referenceLines = referenceLines
        self.legend = legend
        self.width = width
        self.height = height
    }

    /// Legend entries in order: named series as given, then labelled reference lines.
    public var legendItems: [(name: String, style: SeriesStyle)] {
        series.filter { !$0.name.isEmpty }.map { ($0.name, $0.style) }
            + referenceLines.filter { !$0.label.isEmpty }.map {
                ($0.label, SeriesStyle(color: $0.color, dash: $0.dash, width: $0.width))
            }
    }

    /// Legend texts in order (series with empty names are not listed).
    public var legendNames: [String] { legendItems.map(\.name) }

    // MARK: - Data range

    /// Data extent on each axis over points, bands, annotations and axis-aligned reference
    /// lines, counting only values the axis scale can show.
    func dataExtent() -> (x: ClosedRange<Double>?, y: ClosedRange<Double>?) {
        var xs: [Double] = []
        var ys: [Double] = []
        for s in series {
            for p in s.points {
                xs.append(p.x)
                ys.append(p.y)
                if let lo = p.low { ys.append(lo) }
                if let hi = p.high { ys.append(hi) }
            }
        }
        for a in annotations {
            xs.append(a.x)
            ys.append(a.y)
        }
        for r in referenceLines {
            switch r.kind {
            case .horizontal(let y): ys.append(y)
            case .vertical(let x): xs.append(x)
            case .powerLaw: break
            case .segment(let x0, let y0, let x1, let y1):
                xs += [x0, x1]
                ys += [y0, y1]
            }
        }
        func range(_ values: [Double], _ scale: AxisScale) -> ClosedRange<Double>? {
            let ok = values.filter { scale.transform($0) != nil }
            guard let lo = ok.min(), let hi = ok.max() else { return nil }
            return lo...hi
        }
        return (range(xs, xAxis.scale), range(ys, yAxis.scale))
    }

    /// Both axes resolved against the data.
    func resolvedAxes() -> (x: ResolvedAxis, y: ResolvedAxis) {
        let extent = dataExtent()
        let x = xAxis.resolve(dataMin: extent.x?.lowerBound ?? .nan, dataMax: extent.x?.upperBound ?? .nan)
        let y = yAxis.resolve(dataMin: extent.y?.lowerBound ?? .nan, dataMax: extent.y?.upperBound ?? .nan)
        return (x, y)
    }

    /// A stable identifier prefix for SVG ids (clip paths), derived from the content, so two
    /// charts inlined in one HTML page do not share ids.
    var defaultID: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let key = title + "|" + subtitle + "|" + series.map(\.name).joined(separator: "|")
            + "|\(series.map(\.points.count))"
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "chart-" + String(hash, radix: 16)
    }
}
