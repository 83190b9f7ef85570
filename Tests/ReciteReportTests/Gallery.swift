// Gallery.swift: every figure's reported curves as a report page, for looking at (render.sh)
// and for the Chromium check.

import Foundation
@testable import ReciteReport

enum Gallery {
    static let layout: [String: (columns: Int, width: Double, height: Double)] = [
        "recitation-mc": (1, 760, 440), "recitation-exact": (2, 560, 420), "isoflop": (2, 560, 400),
        "vocab-accuracy": (1, 720, 420), "compute-optimal": (3, 380, 380),
    ]

    /// A fake simulated Rec series set with bands, for pairing with reported panels.
    static func simulatedRec() -> LineChart {
        var chart = Fixtures.recChart(title: "simulated (fake numbers for the gallery)")
        chart.yAxis.label = "exact match (%)"
        return chart
    }

    static func page() throws -> ReportPage {
        var sections: [FigureSection] = []
        for figure in Fixtures.figureIDs {
            let series = try ReportedCurves.load(figure: figure, directory: Fixtures.reportedDirectory)
            var panels = ReportedFigures.panels(series)
            if figure == "recitation-exact" { panels.insert(simulatedRec(), at: 0) }
            if figure == "compute-optimal", panels.count > 1 {
                panels[1].referenceLines = [ReferenceLine(.powerLaw(coefficient: 0.088, exponent: 0.5),
                                                          label: "N ∝ C^0.50 (a = 0.50)", color: Palette.red)]
            }
            let l = layout[figure]!
            let grid = FigureGrid(title: "\(figure): reported curves",
                                  caption: "Approximate readings of textual descriptions of the published figure; not data.",
                                  panels: panels, columns: l.columns, panelWidth: l.width, panelHeight: l.height)
            sections.append(FigureSection(
                figure: figure, heading: figure, svg: grid.svg(id: "gallery-\(figure)"),
                scorecard: Fixtures.sampleScorecard(pass: figure != "isoflop"),
                configuration: "reported: results/reported/\(figure).csv",
                command: "recite reproduce", notes: "Gallery of the reported curves."))
        }
        return ReportPage(title: "recite: reported curves gallery",
                          intro: "Each figure's reported curves drawn with the published styles.", sections: sections)
    }
}
