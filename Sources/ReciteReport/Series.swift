// Series.swift: the data of one curve: points, an optional band, a name and a style.

import Foundation

/// One point of a series, with an optional band (for example min and max over seeds).
public struct DataPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    /// Lower edge of the band at `x`, if any.
    public var low: Double?
    /// Upper edge of the band at `x`, if any.
    public var high: Double?

    /// Creates a point; `low`/`high` give the band drawn around it.
    public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
        self.x = x
        self.y = y
        self.low = low
        self.high = high
    }
}

/// A named curve drawn with one style.
public struct Series: Sendable, Hashable {
    /// Legend text; a series with an empty name is drawn but left out of the legend.
    public var name: String
    public var points: [DataPoint]
    public var style: SeriesStyle

    /// Creates a series from points.
    public init(name: String, points: [DataPoint], style: SeriesStyle) {
        self.name = name
        self.points = points
        self.style = style
    }

    /// Creates a series from parallel arrays; `low` and `high`, when given, must have the same
    /// length as `x` and draw a translucent band (the spread over seeds).
    public init(name: String, x: [Double], y: [Double], low: [Double]? = nil,
                high: [Double]? = nil, style: SeriesStyle) {
        precondition(x.count == y.count, "Series \(name): x has \(x.count) values, y has \(y.count)")
        if let low { precondition(low.count == x.count, "Series \(name): low has \(low.count) values, x has \(x.count)") }
        if let high { precondition(high.count == x.count, "Series \(name): high has \(high.count) values, x has \(x.count)") }
        self.name = name
        self.style = style
        self.points = x.indices.map { i in
            DataPoint(x: x[i], y: y[i], low: low?[i], high: high?[i])
        }
    }

    /// True when at least two points carry both band edges, so a band can be drawn.
    public var hasBand: Bool {
        points.filter { $0.low != nil && $0.high != nil }.count >= 2
    }
}
