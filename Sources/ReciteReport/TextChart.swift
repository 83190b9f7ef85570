// TextChart.swift: a multi-series line chart drawn with characters, for the terminal.
//
// `recite demo` redraws one of these as runs finish. Each series gets its own symbol (so the
// chart reads without colour) and, when asked, its own 24-bit ANSI colour taken from its
// SeriesStyle. Points are joined by straight runs of the same symbol; where series cross, the
// one listed later wins the cell.

import Foundation

/// A character-grid line chart.
public struct TextChart: Sendable, Hashable {
    /// Symbols given to series in order (cycled when there are more series).
    public static let symbols: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&"]

    public var title: String
    public var series: [Series]
    public var xAxis: Axis
    public var yAxis: Axis
    /// Plot area size in character cells.
    public var columns: Int
    public var rows: Int

    /// Creates a chart of `columns`×`rows` cells (plus axes, labels and legend around them).
    /// Unset axis bounds are the data's own minimum and maximum.
    public init(title: String = "", series: [Series], xAxis: Axis = Axis(label: ""),
                yAxis: Axis = Axis(label: ""), columns: Int = 60, rows: Int = 16) {
        self.title = title
        self.series = series
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.columns = max(2, columns)
        self.rows = max(2, rows)
    }

    // MARK: - Grid

    /// Bounds of each axis: fixed ones, else the data's extent (widened when degenerate).
    func bounds(_ axis: Axis, _ values: [Double]) -> (lo: Double, hi: Double) {
        let ok = values.filter { axis.scale.transform($0) != nil }
        var lo = axis.minimum ?? ok.min() ?? (axis.scale == .log10 ? 1 : 0)
        var hi = axis.maximum ?? ok.max() ?? (axis.scale == .log10 ? 10 : 1)
        if lo == hi {
            if axis.scale == .log10 { lo /= 10; hi *= 10 } else { lo -= 1; hi += 1 }
        }
        return (lo, hi)
    }

    /// Cell (row from the top, column from the left) of a data point, or nil when the scale
    /// cannot show it or it falls outside the bounds.
    func cell(x: Double, y: Double, xb: (lo: Double, hi: Double), yb: (lo: Double, hi: Double)) -> (row: Int, col: Int)? {
        func fraction(_ v: Double, _ axis: Axis, _ b: (lo: Double, hi: Double)) -> Double? {
            guard let t = axis.scale.transform(v), let a = axis.scale.transform(b.lo),
                  let c = axis.scale.transform(b.hi), c != a else { return nil }
            let f = (t - a) / (c - a)
            return (-1e-9...(1 + 1e-9)).contains(f) ? f : nil
        }
        guard let fx = fraction(x, xAxis, xb), let fy = fraction(y, yAxis, yb) else { return nil }
        let col = Int((fx * Double(columns - 1)).rounded())
        let row = rows - 1 - Int((fy * Double(rows - 1)).rounded())
        return (row, col)
    }

    /// The plot area: for each cell, the index of the series drawn there (nil for empty).
    /// Row 0 is the top.
    public func cells() -> [[Int?]] {
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: columns), count: rows)
        let xb = bounds(xAxis, series.flatMap { $0.points.map(\.x) })
        let yb = bounds(yAxis, series.flatMap { $0.points.map(\.y) })
        for (index, s) in series.enumerated() {
            var previous: (row: Int, col: Int)?
            for p in s.points {
                guard let c = cell(x: p.x, y: p.y, xb: xb, yb: yb) else { previous = nil; continue }
                if let prev = previous {
                    for (r, col) in Self.segment(from: prev, to: c) { grid[r][col] = index }
                }
                grid[c.row][c.col] = index
                previous = c
            }
        }
        return grid
    }

    /// Cells on the straight run between two cells (Bresenham), both ends included.
    static func segment(from a: (row: Int, col: Int), to b: (row: Int, col: Int)) -> [(Int, Int)] {
        var (r, c) = a
        let dr = abs(b.row - a.row), dc = abs(b.col - a.col)
        let sr = a.row < b.row ? 1 : -1, sc = a.col < b.col ? 1 : -1
        var err = dc - dr
        var out: [(Int, Int)] = [(r, c)]
        while (r, c) != (b.row, b.col) {
            let e2 = 2 * err
            if e2 > -dr { err -= dr; c += sc }
            if e2 < dc { err += dc; r += sr }
            out.append((r, c))
        }
        return out
    }

    // MARK: - Rendering

    /// The chart as lines of text: title, y label, plot with min/max labels on both axes,
    /// x label, legend. `colors` adds 24-bit ANSI colour escapes (leave it off for files and
    /// pipes).
    public func render(colors: Bool = false) -> String {
        let grid = cells()
        let xb = bounds(xAxis, series.flatMap { $0.points.map(\.x) })
        let yb = bounds(yAxis, series.flatMap { $0.points.map(\.y) })
        let yHi = Self.label(yb.hi), yLo = Self.label(yb.lo)
        let gutter = max(yHi.count, yLo.count)
        func pad(_ s: String) -> String { String(repeating: " ", count: gutter - s.count) + s }

        var lines: [String] = []
        if !title.isEmpty { lines.append(title) }
        if !yAxis.label.isEmpty { lines.append(pad("") + " " + yAxis.label) }
        for (r, row) in grid.enumerated() {
            let label = r == 0 ? pad(yHi) + " ┤" : r == rows - 1 ? pad(yLo) + " ┤" : pad("") + " │"
            let body = row.map { index -> String in
                guard let index else { return " " }
                return symbol(index, colors: colors)
            }.joined()
            lines.append(label + body)
        }
        lines.append(pad("") + " └" + String(repeating: "─", count: columns))
        let xLo = Self.label(xb.lo), xHi = Self.label(xb.hi)
        let gap = max(1, columns - xLo.count - xHi.count)
        lines.append(pad("") + "  " + xLo + String(repeating: " ", count: gap) + xHi)
        if !xAxis.label.isEmpty {
            let indent = max(0, (columns - xAxis.label.count) / 2)
            lines.append(pad("") + "  " + String(repeating: " ", count: indent) + xAxis.label)
        }
        let legend = series.enumerated().map { symbol($0.offset, colors: colors) + " " + $0.element.name }
        if !legend.isEmpty { lines.append(pad("") + "  " + legend.joined(separator: "   ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The symbol of series `index`, optionally wrapped in its colour.
    func symbol(_ index: Int, colors: Bool) -> String {
        let ch = String(Self.symbols[index % Self.symbols.count])
        guard colors, index < series.count else { return ch }
        let c = series[index].style.color
        return "\u{1B}[38;2;\(c.red);\(c.green);\(c.blue)m" + ch + "\u{1B}[0m"
    }

    /// A compact axis label: whole numbers below 1e7 as they are, others `%g`-like with at most
    /// four significant digits, very large or small ones as `3e19`.
    static func label(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e7 { return String(Int(v)) }
        if v != 0, abs(v) >= 1e7 || abs(v) < 1e-3 { return Ticks.exponentLabel(v) }
        var text = String(format: "%.4g", v)
        if text.contains("e") { text = Ticks.exponentLabel(v) }
        return text
    }
}
