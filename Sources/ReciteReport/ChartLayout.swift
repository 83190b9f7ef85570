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
    /// Legend entries already wrapped into lines.
    var legendEntries: [[String]]
    var legendSize: (width: Double, height: Double)

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

        // MARK: Bottom: caption, axis label, tick labels
        let captionWrapped = TextMetrics.wrap(chart.caption, size: ChartFont.caption, maxWidth: textWidth)
        var bottom = frame.maxY - pad
        for line in captionWrapped.reversed() {
            captionLines.insert((line, bottom - 2), at: 0)
            bottom -= ChartFont.caption + 4
        }
        if !captionWrapped.isEmpty { bottom -= 6 }
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
        let names = chart.legend == .hidden ? [] : chart.legendNames
        let maxLegendText = max(80, frame.width * 0.28)
        legendEntries = names.map {
            TextMetrics.wrap($0, size: ChartFont.legend, maxWidth: maxLegendText)
        }
        let widestName = legendEntries.flatMap { $0 }.map { TextMetrics.width($0, size: ChartFont.legend) }.max() ?? 0
        let lineCount = legendEntries.reduce(0) { $0 + max(1, $1.count) }
        legendSize = (Self.legendSample + 8 + widestName + 12,
                      Double(lineCount) * Self.legendLine + 10)
        let lastTick = x.ticks.last.map { TextMetrics.width($0.label, size: ChartFont.tick) } ?? 0
        var plotRight = frame.maxX - pad - max(8, lastTick / 2)
        if chart.legend == .outsideRight, !names.isEmpty {
            plotRight = frame.maxX - pad - legendSize.width - 6
        }
        plot = Rect(x: plotLeft, y: plotTop, width: max(40, plotRight - plotLeft),
                    height: max(40, plotBottom - plotTop))
    }

    /// Top-left corner of the legend box for a placement.
    func legendOrigin(_ placement: LegendPlacement) -> (x: Double, y: Double) {
        let inset = 8.0
        switch placement {
        case .topLeft, .hidden: return (plot.x + inset, plot.y + inset)
        case .topRight: return (plot.maxX - inset - legendSize.width, plot.y + inset)
        case .bottomLeft: return (plot.x + inset, plot.maxY - inset - legendSize.height)
        case .bottomRight:
            return (plot.maxX - inset - legendSize.width, plot.maxY - inset - legendSize.height)
        case .outsideRight: return (plot.maxX + 10, plot.y)
        }
    }
}
