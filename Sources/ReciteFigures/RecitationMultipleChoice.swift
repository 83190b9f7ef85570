// The published multiple-choice recitation figure (seed 000): mc accuracy vs tokens, series 1…64 Rec.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// mc (four-way multiple choice, chance 25%) vs unique tokens, one series per R.
public struct RecitationMultipleChoice: Figure {
    public init() {}
    public let id = "recitation-mc"
    public var published: PublishedCurve { .reported }

    var shared: RecitationFigure {
        RecitationFigure(id: id, eval: "mc", title: "Simulated: multiple choice (mc) vs unique tokens",
                         yLabel: "mc accuracy (%), chance 25", chance: 0.25)
    }

    public func curves(_ rows: [ResultRow]) -> [Curve] { shared.curves(rows) }

    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] {
        RecitationClaims.multipleChoice(curves(rows), figure: id)
        + PublishedRecitationClaims.multipleChoice(curves(rows), figure: id) }

    public func agreement(_ rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement] {
        RecitationFigure.agreement(simulated: curves(rows), reported: reported)
    }

    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String { shared.svg(rows, reported: reported) }

    public func summary(_ rows: [ResultRow]) -> String { shared.summary(rows) }
}
