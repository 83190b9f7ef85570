// LineChart+SVG.swift: renders a LineChart as self-contained SVG.
//
// Drawing order, back to front: grid, bands, reference lines, series lines, markers, axes
// frame and tick labels, annotations, legend (series, then labelled reference lines). Data is clipped to the plot area (widened by a
// marker's size, so points on the edge stay whole); text never is.

import Foundation

extension LineChart {
    /// The chart as a standalone SVG document (white background, viewBox, fonts ≥ 12 px).
    /// `id` prefixes the ids used inside (clip paths); give distinct ids to charts that share a
    /// page, or leave nil for one derived from the chart's content.
    public func svg(id: String? = nil) -> String {
        var writer = SVGWriter()
        render(into: &writer, frame: Rect(x: 0, y: 0, width: width, height: height), id: id ?? defaultID)
        return SVGDocument.wrap(writer.body, width: width, height: height, title: title)
    }

    /// Draws the chart into `frame` of an existing SVG (used by FigureGrid).
    func render(into w: inout SVGWriter, frame: Rect, id: String) {
        let (xAxisR, yAxisR) = resolvedAxes()
        let layout = ChartLayout(chart: self, frame: frame, x: xAxisR, y: yAxisR)
        let plot = layout.plot
        let map = PlotMapping(x: xAxisR, y: yAxisR, plot: plot)
        w.open("g", [("class", "chart"), ("id", id)])

        // MARK: Titles
        for line in layout.titleLines {
            w.text(line.text, x: frame.x + ChartLayout.padding, y: line.baseline, size: ChartFont.title,
                   weight: "bold", cssClass: "title")
        }
        for line in layout.subtitleLines {
            w.text(line.text, x: frame.x + ChartLayout.padding, y: line.baseline, size: ChartFont.subtitle,
                   fill: "#555555", cssClass: "subtitle")
        }

        // MARK: Grid
        for v in xAxisR.minorTicks { if let px = map.px(v) { w.line(px, plot.y, px, plot.maxY, stroke: "#f1f1f1") } }
        for v in yAxisR.minorTicks { if let py = map.py(v) { w.line(plot.x, py, plot.maxX, py, stroke: "#f1f1f1") } }
        for t in xAxisR.ticks { if let px = map.px(t.value) { w.line(px, plot.y, px, plot.maxY, stroke: "#e3e3e3") } }
        for t in yAxisR.ticks { if let py = map.py(t.value) { w.line(plot.x, py, plot.maxX, py, stroke: "#e3e3e3") } }

        // MARK: Data (clipped)
        let clipID = id + "-clip"
        let clip = Rect(x: plot.x - 6, y: plot.y - 6, width: plot.width + 12, height: plot.height + 12)
        w.open("clipPath", [("id", clipID)])
        w.rect(clip, fill: "#000")
        w.close("clipPath")
        w.open("g", [("clip-path", "url(#\(clipID))")])
        for s in series where s.hasBand { drawBand(s, map: map, into: &w) }
        for r in referenceLines { drawReference(r, map: map, into: &w) }
        for s in series { drawSeries(s, map: map, into: &w) }
        w.close("g")

        // MARK: Axes
        w.rect(plot, fill: "none", stroke: "#888888")
        for t in xAxisR.ticks {
            guard let px = map.px(t.value) else { continue }
            w.line(px, plot.maxY, px, plot.maxY + 4, stroke: "#888888")
            w.text(t.label, x: px, y: plot.maxY + 4 + ChartFont.tick + 1, size: ChartFont.tick,
                   anchor: .middle, cssClass: "tick")
        }
        for t in yAxisR.ticks {
            guard let py = map.py(t.value) else { continue }
            w.line(plot.x - 4, py, plot.x, py, stroke: "#888888")
            w.text(t.label, x: plot.x - 7, y: py + 4, size: ChartFont.tick, anchor: .end, cssClass: "tick")
        }
        if !xAxis.label.isEmpty {
            w.text(xAxis.label, x: plot.x + plot.width / 2, y: layout.xLabelBaseline,
                   size: ChartFont.axisLabel, anchor: .middle, cssClass: "axis-label")
        }
        if !yAxis.label.isEmpty {
            w.text(yAxis.label, x: layout.yLabelX, y: plot.y + plot.height / 2, size: ChartFont.axisLabel,
                   anchor: .middle, rotate: -90, cssClass: "axis-label")
        }
        for line in layout.captionLines {
            w.text(line.text, x: frame.x + ChartLayout.padding, y: line.baseline, size: ChartFont.caption,
                   fill: "#555555", cssClass: "caption")
        }

        // MARK: Annotations and legend
        for a in annotations { drawAnnotation(a, map: map, into: &w) }
        if layout.legendPlacement != .hidden, !layout.legendEntries.isEmpty { drawLegend(layout: layout, into: &w) }
        w.close("g")
    }

    // MARK: - Pieces

    private func drawBand(_ s: Series, map: PlotMapping, into w: inout SVGWriter) {
        var upper: [(Double, Double)] = []
        var lower: [(Double, Double)] = []
        for p in s.points {
            guard let lo = p.low, let hi = p.high, let px = map.px(p.x),
                  let pl = map.py(lo), let ph = map.py(hi) else { continue }
            upper.append((px, ph))
            lower.append((px, pl))
        }
        guard upper.count >= 2 else { return }
        w.element("path", [("class", "band"), ("d", SVGWriter.pathData(upper + lower.reversed(), closed: true)),
                           ("fill", s.style.color.css), ("fill-opacity", "0.18"), ("stroke", "none")])
    }

    private func drawSeries(_ s: Series, map: PlotMapping, into w: inout SVGWriter) {
        let style = s.style
        w.open("g", [("class", "series"), ("data-name", s.name)])
        // Points the scale cannot show (≤ 0 on a log axis) break the line.
        var runs: [[(Double, Double)]] = [[]]
        for p in s.points {
            if let px = map.px(p.x), let py = map.py(p.y) {
                runs[runs.count - 1].append((px, py))
            } else if !(runs.last?.isEmpty ?? true) {
                runs.append([])
            }
        }
        for run in runs where run.count >= 2 {
            var attrs: [(String, String)] = [
                ("d", SVGWriter.pathData(run)), ("fill", "none"), ("stroke", style.color.css),
                ("stroke-width", XML.number(style.width)), ("stroke-linejoin", "round"),
            ]
            if let dash = style.dash.dashArray(width: style.width) { attrs.append(("stroke-dasharray", dash)) }
            if style.opacity < 1 { attrs.append(("stroke-opacity", XML.number(style.opacity))) }
            w.element("path", attrs)
        }
        for run in runs { for (px, py) in run { MarkerShape.draw(style, at: px, py, into: &w) } }
        w.close("g")
    }

    private func drawReference(_ r: ReferenceLine, map: PlotMapping, into w: inout SVGWriter) {
        let plot = map.plot
        var pts: [(Double, Double)] = []
        switch r.kind {
        case .horizontal(let y):
            if let py = map.py(y) { pts = [(plot.x, py), (plot.maxX, py)] }
        case .vertical(let x):
            if let px = map.px(x) { pts = [(px, plot.maxY), (px, plot.y)] }
        case .powerLaw(let a, let b):
            for i in 0...80 {
                let x = map.x.value(atFraction: Double(i) / 80)
                if let px = map.px(x), let py = map.py(a * pow(x, b)) { pts.append((px, py)) }
            }
        case .segment(let x0, let y0, let x1, let y1):
            if let a = map.px(x0), let b = map.py(y0), let c = map.px(x1), let d = map.py(y1) {
                pts = [(a, b), (c, d)]
            }
        }
        guard pts.count >= 2 else { return }
        var attrs: [(String, String)] = [
            ("class", "reference"), ("d", SVGWriter.pathData(pts)), ("fill", "none"),
            ("stroke", r.color.css), ("stroke-width", XML.number(r.width)),
        ]
        if let dash = r.dash.dashArray(width: r.width) { attrs.append(("stroke-dasharray", dash)) }
        w.element("path", attrs)
    }

    private func drawAnnotation(_ a: Annotation, map: PlotMapping, into w: inout SVGWriter) {
        guard let px = map.px(a.x), let py = map.py(a.y) else { return }
        if a.showsPoint {
            w.element("circle", [("cx", XML.number(px)), ("cy", XML.number(py)), ("r", "3.5"),
                                 ("fill", a.color.css)])
        }
        let nearRight = px > map.plot.x + map.plot.width * 0.7
        let nearTop = py < map.plot.y + 20
        w.text(a.text, x: px + (nearRight ? -7 : 7), y: py + (nearTop ? 17 : -7), size: ChartFont.annotation,
               anchor: nearRight ? .end : .start, weight: "bold", fill: a.color.css, halo: true,
               cssClass: "annotation")
    }

    private func drawLegend(layout: ChartLayout, into w: inout SVGWriter) {
        let box = layout.legendBox
        w.open("g", [("class", "legend")])
        w.rect(box, fill: "#ffffff", stroke: "#cccccc", extra: [("fill-opacity", "0.9")])
        for ((item, lines), offset) in zip(zip(legendItems, layout.legendEntries), layout.legendOffsets) {
            let style = item.style
            let mid = box.y + offset.y + ChartLayout.legendLine / 2
            let x0 = box.x + offset.x
            var attrs: [(String, String)] = [
                ("x1", XML.number(x0)), ("y1", XML.number(mid)), ("x2", XML.number(x0 + ChartLayout.legendSample)),
                ("y2", XML.number(mid)), ("stroke", style.color.css), ("stroke-width", XML.number(style.width)),
            ]
            if let dash = style.dash.dashArray(width: style.width) { attrs.append(("stroke-dasharray", dash)) }
            w.element("line", attrs)
            MarkerShape.draw(style, at: x0 + ChartLayout.legendSample / 2, mid, into: &w)
            for (i, line) in lines.enumerated() {
                w.text(line, x: x0 + ChartLayout.legendSample + 8,
                       y: mid + 4 + Double(i) * ChartLayout.legendLine, size: ChartFont.legend,
                       cssClass: "legend-label")
            }
        }
        w.close("g")
    }
}

// MARK: - Mapping and markers

/// Data → pixel mapping for one plot area (y grows downwards in SVG).
struct PlotMapping {
    var x: ResolvedAxis
    var y: ResolvedAxis
    var plot: Rect

    func px(_ v: Double) -> Double? { x.position(v, from: plot.x, to: plot.maxX) }
    func py(_ v: Double) -> Double? { y.position(v, from: plot.maxY, to: plot.y) }
}

extension ResolvedAxis {
    /// The data value at fraction `t` of the domain, in scale space (geometric on log axes).
    func value(atFraction t: Double) -> Double {
        switch axis.scale {
        case .linear: return low + t * (high - low)
        case .log10: return low * pow(high / low, t)
        }
    }
}

/// Draws point markers.
enum MarkerShape {
    static func draw(_ style: SeriesStyle, at x: Double, _ y: Double, into w: inout SVGWriter) {
        let r = 2.5 + style.width * 0.75
        let fill = style.hollowMarkers ? "#ffffff" : style.color.css
        let common: [(String, String)] = [("fill", fill), ("stroke", style.color.css),
                                          ("stroke-width", style.hollowMarkers ? "1.3" : "0.8")]
        switch style.marker {
        case .none: return
        case .circle:
            w.element("circle", [("cx", XML.number(x)), ("cy", XML.number(y)), ("r", XML.number(r))] + common)
        case .square:
            w.element("rect", [("x", XML.number(x - r)), ("y", XML.number(y - r)),
                               ("width", XML.number(2 * r)), ("height", XML.number(2 * r))] + common)
        case .diamond:
            let d = r * 1.3
            w.element("path", [("d", SVGWriter.pathData([(x, y - d), (x + d, y), (x, y + d), (x - d, y)], closed: true))] + common)
        }
    }
}

/// Wraps a body of SVG elements in a root `<svg>` element with a white background.
enum SVGDocument {
    static func wrap(_ body: String, width: Double, height: Double, title: String) -> String {
        let w = XML.number(width), h = XML.number(height)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(w) \(h)" width="\(w)" height="\(h)" \
        font-family="\(ChartFont.family)" role="img" aria-label="\(XML.escape(title))">
        <title>\(XML.escape(title))</title>
        <rect x="0" y="0" width="\(w)" height="\(h)" fill="#ffffff"/>
        \(body)</svg>
        """
    }
}
