// The published exact-match recitation figure (seed 001): exact match vs tokens, series 1…64 Rec.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// exact (greedy decoding reproduces a whole program) vs unique tokens, one series per R.
public struct RecitationExactMatch: Figure {
    public init() {}
    public let id = "recitation-exact"
    public var published: PublishedCurve { .reported }

    var shared: RecitationFigure {
        RecitationFigure(id: id, eval: "exact", title: "Simulated: exact match vs unique tokens", yLabel: "exact match (%)", chance: nil)
    }

    public func curves(_ rows: [ResultRow]) -> [Curve] { shared.curves(rows) }

    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] {
        RecitationClaims.exactMatch(curves(rows), figure: id)
        + PublishedRecitationClaims.exactMatch(curves(rows), figure: id) }

    public func agreement(_ rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement] {
        RecitationFigure.agreement(simulated: curves(rows), reported: reported)
    }

    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String { shared.svg(rows, reported: reported) }

    public func summary(_ rows: [ResultRow]) -> String { shared.summary(rows) }
}
