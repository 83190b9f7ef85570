// ChartLayout.swift: where the title, plot area, axis labels, caption and legend of one chart go.
//
// Sizes come from rough text metrics (TextMetrics), so long subtitles wrap instead of running
// off the canvas, and the left margin grows with the widest tick label.

import Foundation

/// Font sizes and spacings shared by every chart (all ≥ 12 px so text stays readable when a
/// report is viewed at 100%).
enum ChartFont {
    static let title: Double = 16
    static let subtitle: Double = 12
    static let tick: Double = 12
    static let axisLabel: Double = 13
    static let legend: Double = 12
    static let caption: Double = 12
    static let annotation: Double = 12
    static let family = "DejaVu Sans, Helvetica, Arial, sans-serif"
}

/// Computed positions for one chart inside `frame`.
struct ChartLayout {
    static let padding: Double = 10
    static let legendSample: Double = 30
    static let legendLine: Double = 17

    var frame: Rect
    var plot: Rect
    var titleLines: [(text: String, baseline: Double)] = []
    var subtitleLines: [(text: String, baseline: Double)] = []
    var captionLines: [(text: String, baseline: Double)] = []
    var xLabelBaseline: Double
    var yLabelX: Double
    /// Legend entries already wrapped into lines, and each one's offset in the legend box.
    var legendEntries: [[String]] = []
    var legendOffsets: [(x: Double, y: Double)] = []
    var legendSize: (width: Double, height: Double) = (0, 0)
    /// The placement used: the chart's, except that a crowded right-hand column moves below.
    var legendPlacement: LegendPlacement = .hidden
    private var belowLegendTop: Double = 0

    init(chart: LineChart, frame: Rect, x: ResolvedAxis, y: ResolvedAxis) {
        let pad = Self.padding
        self.frame = frame
        let textWidth = frame.width - 2 * pad

        // MARK: Top: title and subtitle
        var cursor = frame.y + pad
        for line in TextMetrics.wrap(chart.title, size: ChartFont.title, maxWidth: textWidth) {
            cursor += ChartFont.title + 3
            titleLines.append((line, cursor))
        }
        for line in TextMetrics.wrap(chart.subtitle, size: ChartFont.subtitle, maxWidth: textWidth) {
            cursor += ChartFont.subtitle + 4
            subtitleLines.append((line, cursor))
        }
        let plotTop = cursor + 14

        // MARK: Legend entries and where they go
        let items = chart.legend == .hidden ? [] : chart.legendNames
        let columnText = max(80, frame.width * 0.28)
        let column = items.map { TextMetrics.wrap($0, size: ChartFont.legend, maxWidth: columnText) }
        let columnWidest = column.flatMap { $0 }.map { TextMetrics.width($0, size: ChartFont.legend) }.max() ?? 0
        let columnWidth = Self.legendSample + 8 + columnWidest + 12
        var placement = chart.legend
        // A right-hand column that would eat more than 30 % of a narrow panel goes below instead.
        if placement == .outsideRight, columnWidth > frame.width * 0.3 { placement = .below }
        legendPlacement = items.isEmpty ? .hidden : placement
        if legendPlacement == .below {
            legendEntries = items.map { TextMetrics.wrap($0, size: ChartFont.legend, maxWidth: textWidth - 60) }
            var x = 0.0, row = 0, widest = 0.0
            for entry in legendEntries {
                let w = Self.legendSample + 8 + (entry.map { TextMetrics.width($0, size: ChartFont.legend) }.max() ?? 0) + 14
                if x > 0, x + w > textWidth { x = 0; row += 1 }
                legendOffsets.append((x + 6, 5 + Double(row) * Self.legendLine))
                x += w
                widest = max(widest, x)
            }
            legendSize = (widest + 4, Double(row + 1) * Self.legendLine + 10)
        } else {
            legendEntries = column
            var dy = 5.0
            for entry in column {
                legendOffsets.append((6, dy))
                dy += Double(max(1, entry.count)) * Self.legendLine
            }
            legendSize = (columnWidth, dy + 5)
        }

        // MARK: Bottom: caption, legend below, axis label, tick labels
        let captionWrapped = TextMetrics.wrap(chart.caption, size: ChartFont.caption, maxWidth: textWidth)
        var bottom = frame.maxY - pad
        for line in captionWrapped.reversed() {
            captionLines.insert((line, bottom - 2), at: 0)
            bottom -= ChartFont.caption + 4
        }
        if !captionWrapped.isEmpty { bottom -= 6 }
        if legendPlacement == .below {
            bottom -= legendSize.height
            belowLegendTop = bottom
            bottom -= 6
        }
        xLabelBaseline = bottom - 3
        if !chart.xAxis.label.isEmpty { bottom -= ChartFont.axisLabel + 8 }
        let plotBottom = bottom - ChartFont.tick - 10

        // MARK: Left: axis label and tick labels
        let widestTick = y.ticks.map { TextMetrics.width($0.label, size: ChartFont.tick) }.max() ?? 0
        yLabelX = frame.x + pad + ChartFont.axisLabel
        var left = frame.x + pad
        if !chart.yAxis.label.isEmpty { left += ChartFont.axisLabel + 8 }
        let plotLeft = left + widestTick + 10

        // MARK: Right: legend column or half a tick label
        let lastTick = x.ticks.last.map { TextMetrics.width($0.label, size: ChartFont.tick) } ?? 0
        var plotRight = frame.maxX - pad - max(8, lastTick / 2)
        if legendPlacement == .outsideRight {
            plotRight = frame.maxX - pad - legendSize.width - 6
        }
        plot = Rect(x: plotLeft, y: plotTop, width: max(40, plotRight - plotLeft),
                    height: max(40, plotBottom - plotTop))
    }

    /// The legend's box (entries are placed at `legendOffsets` from its corner).
    var legendBox: Rect {
        let inset = 8.0
        let (w, h) = legendSize
        let origin: (Double, Double)
        switch legendPlacement {
        case .topLeft, .hidden: origin = (plot.x + inset, plot.y + inset)
        case .topRight: origin = (plot.maxX - inset - w, plot.y + inset)
        case .bottomLeft: origin = (plot.x + inset, plot.maxY - inset - h)
        case .bottomRight: origin = (plot.maxX - inset - w, plot.maxY - inset - h)
        case .outsideRight: origin = (plot.maxX + 10, plot.y)
        case .below: origin = (max(frame.x + Self.padding, plot.x + plot.width / 2 - w / 2), belowLegendTop)
        }
        return Rect(x: origin.0, y: origin.1, width: w, height: h)
    }
}
