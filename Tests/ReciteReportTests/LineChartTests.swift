// LineChartTests.swift: the SVG a LineChart and a FigureGrid produce.

import Foundation
import Testing
@testable import ReciteReport

@Suite("SVG line charts")
struct LineChartTests {
    @Test("the SVG is well formed, has a viewBox and a white background")
    func wellFormed() throws {
        let svg = Fixtures.recChart().svg()
        let doc = SVGInspector(svg)
        #expect(doc.error == nil, "\(doc.error ?? "")")
        let root = try #require(doc.elements.first)
        #expect(root.name == "svg" && root.attributes["viewBox"] == "0 0 720 440")
        #expect(doc.all("rect").first?.attributes["fill"] == "#ffffff")
        // Every text is at least 12 px.
        let sizes = doc.all("text").compactMap { Double($0.attributes["font-size"] ?? "") }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 12 })
    }

    @Test("legend lists series in the order given, not sorted")
    func legendOrder() {
        let names = ["64 Rec", "1 Rec", "16 Rec", "4 Rec"]
        let series = names.map { Series(name: $0, x: [1, 2], y: [1, 2], style: Palette.rec(Int($0.split(separator: " ")[0])!)) }
        let chart = LineChart(title: "t", xAxis: Axis(label: "x"), yAxis: Axis(label: "y"), series: series)
        #expect(SVGInspector(chart.svg()).texts("legend-label") == names)
        var inside = chart
        inside.legend = .topLeft
        #expect(SVGInspector(inside.svg()).texts("legend-label") == names)
        var withReference = chart
        withReference.referenceLines = [ReferenceLine(.horizontal(y: 1.5), label: "entropy floor")]
        #expect(SVGInspector(withReference.svg()).texts("legend-label") == names + ["entropy floor"])
    }

    @Test("a right-hand legend moves below the plot in a narrow panel, never over it")
    func narrowLegend() {
        func layout(_ width: Double) -> ChartLayout {
            var chart = Fixtures.computeChart()
            chart.width = width
            chart.series[0].name = "lowest loss across model sizes"
            let (x, y) = chart.resolvedAxes()
            return ChartLayout(chart: chart, frame: Rect(x: 0, y: 0, width: width, height: 380), x: x, y: y)
        }
        let wide = layout(900), narrow = layout(380)
        #expect(wide.legendPlacement == .outsideRight && wide.legendBox.x >= wide.plot.maxX)
        #expect(narrow.legendPlacement == .below)
        #expect(narrow.legendBox.y > narrow.plot.maxY + 12 && narrow.legendBox.maxY <= 380)
        #expect(narrow.plot.width > 250)
    }

    @Test("titles, labels, legends and annotations are XML-escaped")
    func escaping() throws {
        let nasty = #"a<b & "c" 'd' >e"#
        let chart = LineChart(title: nasty, subtitle: nasty, caption: nasty,
                              xAxis: Axis(label: nasty), yAxis: Axis(label: nasty),
                              series: [Series(name: nasty, x: [1, 2], y: [3, 4], style: SeriesStyle(color: Palette.red))],
                              annotations: [Annotation(x: 1.5, y: 3.5, text: nasty)],
                              referenceLines: [ReferenceLine(.horizontal(y: 3.2), label: nasty)])
        let svg = chart.svg()
        #expect(!svg.contains("a<b"))
        #expect(svg.contains("a&lt;b &amp; &quot;c&quot; &#39;d&#39; &gt;e"))
        let doc = SVGInspector(svg)
        #expect(doc.error == nil, "\(doc.error ?? "")")
        for cls in ["title", "subtitle", "caption", "annotation"] {
            #expect(doc.texts(cls) == [nasty], "class \(cls)")
        }
        #expect(doc.texts("legend-label") == [nasty, nasty])  // the series, then the reference line
        #expect(doc.texts("axis-label") == [nasty, nasty])
        #expect(doc.all("title").first?.text == nasty)
        #expect(doc.all("g", cssClass: "series").first?.attributes["data-name"] == nasty)
    }

    @Test("a band is drawn only for series that carry low/high")
    func bands() {
        let withBand = Fixtures.recChart()
        #expect(SVGInspector(withBand.svg()).all("path", cssClass: "band").count == 6)
        var without = withBand
        without.series = without.series.map { s in
            Series(name: s.name, points: s.points.map { DataPoint(x: $0.x, y: $0.y) }, style: s.style)
        }
        #expect(SVGInspector(without.svg()).all("path", cssClass: "band").isEmpty)
        let band = SVGInspector(withBand.svg()).all("path", cssClass: "band")[0]
        #expect(band.attributes["fill-opacity"] == "0.18" && band.attributes["fill"] == Palette.blue.css)
    }

    @Test("dash patterns follow the Rec palette")
    func dashes() {
        let doc = SVGInspector(Fixtures.recChart().svg())
        let lines = doc.elements.filter { $0.name == "path" && $0.attributes["class"] == nil && $0.attributes["fill"] == "none" }
        #expect(lines.count == 6)
        #expect(lines[0].attributes["stroke-dasharray"] == nil)  // 1 Rec solid
        #expect(lines[1].attributes["stroke-dasharray"] == "10 6")  // 4 Rec dashed, width 2
        #expect(lines[2].attributes["stroke-dasharray"]?.split(separator: " ").count == 4)  // dash-dot
        #expect(lines[3].attributes["stroke-dasharray"] == "2 4")  // dotted
        #expect(lines[4].attributes["stroke"] == Palette.purple.css)
    }

    @Test("reported style is thinner with hollow markers")
    func reportedStyle() {
        let base = Palette.rec(8)
        let reported = base.reported
        #expect(reported.width < base.width && reported.hollowMarkers && reported.marker == .circle)
        #expect(reported.color == base.color && reported.dash == base.dash)
        let chart = LineChart(title: "t", xAxis: Axis(label: ""), yAxis: Axis(label: ""),
                              series: [Series(name: "8 Rec (reported)", x: [1, 2, 3], y: [1, 2, 3], style: reported)])
        let circles = SVGInspector(chart.svg()).all("circle")
        #expect(circles.count == 4)  // three points and one legend sample
        #expect(circles.allSatisfy { $0.attributes["fill"] == "#ffffff" })
    }

    @Test("points a log axis cannot show are dropped, and the power law is a straight line")
    func logChart() {
        var chart = Fixtures.computeChart()
        chart.series[0].points.insert(DataPoint(x: 0, y: 1), at: 0)
        let doc = SVGInspector(chart.svg())
        #expect(doc.error == nil)
        #expect(doc.texts("annotation") == ["67B"])
        #expect(doc.texts("tick").contains("10²⁰"))
        let ref = doc.all("path", cssClass: "reference")
        #expect(ref.count == 1)
        // All segments of the sampled power law have the same slope on log–log axes.
        let nums = ref[0].attributes["d"]!.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double($0) }
        let pts = stride(from: 0, to: nums.count - 1, by: 2).map { (nums[$0], nums[$0 + 1]) }
        let slopes = zip(pts.dropFirst(), pts).map { ($0.1 - $1.1) / ($0.0 - $1.0) }
        #expect(slopes.count > 10 && slopes.allSatisfy { abs($0 - slopes[0]) < 0.02 })
    }

    @Test("a grid gives each panel its own clip path id")
    func grid() {
        let grid = FigureGrid(title: "isoFLOP", caption: "two panels", panels: [Fixtures.recChart(), Fixtures.computeChart()])
        let doc = SVGInspector(grid.svg(id: "iso"))
        #expect(doc.error == nil)
        let clips = doc.all("clipPath").compactMap { $0.attributes["id"] }
        #expect(clips == ["iso-p0-clip", "iso-p1-clip"])
        #expect(doc.all("g", cssClass: "chart").count == 2)
        let box = (doc.elements.first?.attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
        #expect(box.count == 4 && box[2] == 1120 && box[3] > 420 && box[3] < 520)
    }
}

@Suite("Reported figures")
struct ReportedFiguresTests {
    @Test("panels follow the file, units pick log axes, projections become annotations")
    func panels() throws {
        let co = try ReportedCurves.load(figure: "compute-optimal", directory: Fixtures.reportedDirectory)
        let panels = ReportedFigures.panels(co)
        #expect(panels.map(\.title) == ["loss", "parameters", "tokens"])
        #expect(panels[0].xAxis.scale == .log10 && panels[0].yAxis.scale == .linear)
        #expect(panels[1].yAxis.scale == .log10)
        #expect(panels[1].annotations.map(\.text) == ["67B"] && panels[2].annotations.map(\.text) == ["1.5T"])
        #expect(panels[1].series.map(\.name) == ["optimal parameters"])
    }

    @Test("Rec series keep the published styles, drawn as reported")
    func recStyles() throws {
        let exact = try ReportedCurves.load(figure: "recitation-exact", directory: Fixtures.reportedDirectory)
        let chart = try #require(ReportedFigures.panels(exact).first)
        #expect(chart.legendNames == ["1 Rec", "4 Rec", "8 Rec", "16 Rec", "32 Rec", "64 Rec"])
        #expect(chart.series[1].style == Palette.rec(4).reported)
        #expect(chart.series[2].style.dash == .dashDot && chart.series[3].style.dash == .dotted)
        #expect(ReportedFigures.style(for: "2.4B", index: 2, of: 3).marker == .square)
    }

    @Test("the full gallery renders to well-formed SVG for every figure")
    func gallery() throws {
        let page = try Gallery.page()
        #expect(page.sections.map(\.figure) == Fixtures.figureIDs)
        for section in page.sections {
            let doc = SVGInspector(section.svg)
            #expect(doc.error == nil, "\(section.figure): \(doc.error ?? "")")
            #expect(!doc.all("g", cssClass: "series").isEmpty, "\(section.figure)")
        }
    }
}
