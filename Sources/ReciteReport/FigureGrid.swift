// FigureGrid.swift: several charts side by side (and in rows) in one SVG.
//
// The isoFLOP figure has a C4 and a GitHub panel; simulated and reported curves can also be
// shown as paired panels. Each panel keeps its own axes, legend and subtitle.

import Foundation

/// Panels in a grid, filled row by row, under an optional overall title and caption.
public struct FigureGrid: Sendable, Hashable {
    public var title: String
    /// Text under the grid (the unit mapping or the "Rec" caveat shared by all panels).
    public var caption: String
    public var panels: [LineChart]
    public var columns: Int
    /// Size of each panel cell; each chart's own width/height is ignored inside a grid.
    public var panelWidth: Double
    public var panelHeight: Double

    /// Creates a grid of `panels`, `columns` per row.
    public init(title: String = "", caption: String = "", panels: [LineChart], columns: Int = 2,
                panelWidth: Double = 560, panelHeight: Double = 420) {
        self.title = title
        self.caption = caption
        self.panels = panels
        self.columns = max(1, columns)
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
    }

    var rows: Int { (panels.count + columns - 1) / columns }

    /// The grid as one standalone SVG document; `id` prefixes the ids of its panels.
    public func svg(id: String = "grid") -> String {
        let pad = ChartLayout.padding
        let width = Double(min(columns, max(1, panels.count))) * panelWidth
        let titleLines = TextMetrics.wrap(title, size: ChartFont.title + 2, maxWidth: width - 2 * pad)
        let captionLines = TextMetrics.wrap(caption, size: ChartFont.caption, maxWidth: width - 2 * pad)
        let top = titleLines.isEmpty ? 0 : pad + Double(titleLines.count) * (ChartFont.title + 6) + 4
        let bottom = captionLines.isEmpty ? 0 : Double(captionLines.count) * (ChartFont.caption + 4) + pad + 4
        let height = top + Double(rows) * panelHeight + bottom

        var w = SVGWriter()
        for (i, line) in titleLines.enumerated() {
            w.text(line, x: pad, y: pad + Double(i + 1) * (ChartFont.title + 6) - 4, size: ChartFont.title + 2,
                   weight: "bold", cssClass: "grid-title")
        }
        for (i, panel) in panels.enumerated() {
            let frame = Rect(x: Double(i % columns) * panelWidth, y: top + Double(i / columns) * panelHeight,
                             width: panelWidth, height: panelHeight)
            panel.render(into: &w, frame: frame, id: "\(id)-p\(i)")
        }
        for (i, line) in captionLines.enumerated() {
            w.text(line, x: pad, y: top + Double(rows) * panelHeight + Double(i + 1) * (ChartFont.caption + 4),
                   size: ChartFont.caption, fill: "#555555", cssClass: "caption")
        }
        return SVGDocument.wrap(w.body, width: width, height: height, title: title)
    }
}
