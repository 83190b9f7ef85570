// The figure types, in report order. A new figure is one type here, one YAML file naming its id in
// `figure:`, and (when published) one `results/reported/<id>.csv`.
import Foundation

/// An experiment names a figure no type draws.
public struct UnknownFigure: Error, CustomStringConvertible, Sendable {
    public var name: String
    public var known: [String]
    public var description: String {
        "no figure named '\(name)'; known: \(known.joined(separator: ", "))"
    }
}

/// Every figure type, and look-up by the `figure:` field.
public enum FigureRegistry {
    /// All figures, in the order the report shows them.
    public static let all: [any Figure] = [
        RecitationMultipleChoice(), RecitationExactMatch(), RecurrenceMultipleChoice(), RecurrenceExactMatch(),
        DataConstrainedFigure(), SpacingFigure(),
        IsoFLOPFigure(), ComputeOptimalFigure(), VocabAccuracyFigure(),
    ]

    /// Every id, in report order.
    public static var ids: [String] { all.map(\.id) }

    /// The figure with this id.
    public static func figure(_ id: String) throws -> any Figure {
        guard let f = all.first(where: { $0.id == id }) else { throw UnknownFigure(name: id, known: ids) }
        return f
    }

    /// The figures an experiment names, in its order.
    public static func figures(_ ids: [String]) throws -> [any Figure] { try ids.map(figure) }

    /// Position in the report (figures not registered go last).
    public static func order(of id: String) -> Int { ids.firstIndex(of: id) ?? ids.count }
}
