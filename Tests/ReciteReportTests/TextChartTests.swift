// TextChartTests.swift: the terminal chart marks the right cells.

import Testing
@testable import ReciteReport

@Suite("Text chart")
struct TextChartTests {
    let style = SeriesStyle(color: Palette.blue)

    @Test("a diagonal series marks the diagonal cells and nothing else")
    func diagonal() {
        let chart = TextChart(series: [Series(name: "d", x: [0, 1, 2], y: [0, 1, 2], style: style)],
                              columns: 3, rows: 3)
        let cells = chart.cells()
        for r in 0..<3 {
            for c in 0..<3 {
                #expect((cells[r][c] != nil) == (r + c == 2), "row \(r) col \(c)")
            }
        }
    }

    @Test("points are joined by a straight run of cells")
    func joined() {
        let chart = TextChart(series: [Series(name: "flat", x: [0, 10], y: [5, 5], style: style),
                                       Series(name: "up", x: [0, 10], y: [0, 10], style: style)],
                              xAxis: Axis(label: "", minimum: 0, maximum: 10),
                              yAxis: Axis(label: "", minimum: 0, maximum: 10), columns: 11, rows: 11)
        let cells = chart.cells()
        // "flat" fills row 5 (y = 5 of 0…10), except where "up" (drawn later) crosses it.
        #expect(cells[5].enumerated().allSatisfy { $0.element == ($0.offset == 5 ? 1 : 0) })
        #expect((0...10).allSatisfy { cells[10 - $0][$0] == 1 })
        #expect(cells[0][0] == nil)
    }

    @Test("render shows min/max labels, a legend in order, and colour only when asked")
    func render() {
        let chart = TextChart(title: "demo", series: [Series(name: "1 Rec", x: [100, 800], y: [25, 30], style: Palette.rec(1)),
                                                      Series(name: "64 Rec", x: [100, 800], y: [48, 65], style: Palette.rec(64))],
                              xAxis: Axis(label: "unique tokens"), yAxis: Axis(label: "mc %"), columns: 30, rows: 8)
        let plain = chart.render()
        let lines = plain.split(separator: "\n").map(String.init)
        #expect(lines[0] == "demo")
        #expect(lines.contains { $0.hasPrefix("65 ┤") } && lines.contains { $0.hasPrefix("25 ┤") })
        #expect(lines.contains { $0.contains("100") && $0.hasSuffix("800") })
        #expect(lines.last == "    * 1 Rec   o 64 Rec")
        #expect(!plain.contains("\u{1B}["))
        let colored = chart.render(colors: true)
        #expect(colored.contains("\u{1B}[38;2;31;119;180m*\u{1B}[0m"))
        #expect(lines.count == 2 + 8 + 4)
        #expect(TextChart.label(16_000) == "16000" && TextChart.label(3e19) == "3e19" && TextChart.label(0.4567) == "0.4567")
    }

    @Test("a log axis spaces decades evenly")
    func logAxis() {
        let chart = TextChart(series: [Series(name: "p", x: [1, 10, 100], y: [1, 2, 3], style: style)],
                              xAxis: Axis(label: "", scale: .log10), columns: 5, rows: 3)
        let cells = chart.cells()
        #expect(cells[2][0] == 0 && cells[1][2] == 0 && cells[0][4] == 0)
    }
}
