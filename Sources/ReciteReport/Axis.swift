// Axis.swift: axis scale (linear or log10), its domain, and the mapping onto pixels.

import Foundation

/// How values map onto an axis.
public enum AxisScale: String, Sendable, Hashable {
    case linear
    case log10

    /// The value in the scale's own space (`log10(v)` for log axes); nil where undefined
    /// (non-positive values on a log axis, non-finite values anywhere).
    public func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .log10: return value > 0 ? Foundation.log10(value) : nil
        }
    }
}

/// How decade labels on a log axis are written.
public enum LogLabelStyle: String, Sendable, Hashable {
    /// `1e19`
    case exponent
    /// `10¹⁹`
    case superscript
}

/// One axis of a chart.
public struct Axis: Sendable, Hashable {
    /// Axis title, e.g. "unique tokens (simulated)".
    public var label: String
    public var scale: AxisScale
    /// Fixed lower bound; nil derives it from the data (rounded out to a tick).
    public var minimum: Double?
    /// Fixed upper bound; nil derives it from the data (rounded out to a tick).
    public var maximum: Double?
    /// How log decades are labelled.
    public var logLabels: LogLabelStyle
    /// Approximate number of ticks wanted on a linear axis.
    public var tickTarget: Int

    /// Creates an axis; bounds default to the data range.
    public init(label: String, scale: AxisScale = .linear, minimum: Double? = nil,
                maximum: Double? = nil, logLabels: LogLabelStyle = .superscript, tickTarget: Int = 6) {
        self.label = label
        self.scale = scale
        self.minimum = minimum
        self.maximum = maximum
        self.logLabels = logLabels
        self.tickTarget = tickTarget
    }

    /// The domain and ticks for data spanning `dataMin...dataMax` (in data units).
    /// Unset bounds are widened to the enclosing ticks, so ticks cover the data.
    public func resolve(dataMin: Double, dataMax: Double) -> ResolvedAxis {
        var lo = minimum ?? dataMin
        var hi = maximum ?? dataMax
        if !lo.isFinite || !hi.isFinite {
            (lo, hi) = scale == .log10 ? (1, 10) : (0, 1)
        }
        if lo > hi { swap(&lo, &hi) }
        switch scale {
        case .linear:
            if lo == hi {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad
                hi += pad
            }
            // One step for both the rounded-out domain and its ticks, so the plot's edges
            // carry labels; the tolerance keeps 0.45/0.01 = 44.999… from rounding to 0.44.
            let step = Ticks.niceStep(span: hi - lo, target: tickTarget)
            let domainLo = minimum ?? Ticks.clean((lo / step + 1e-9).rounded(.down) * step)
            let domainHi = maximum ?? Ticks.clean((hi / step - 1e-9).rounded(.up) * step)
            let shown = Ticks.linear(min: domainLo, max: domainHi, step: step)
            return ResolvedAxis(axis: self, low: domainLo, high: domainHi, ticks: shown, minorTicks: [])
        case .log10:
            if lo <= 0 { lo = hi > 0 ? hi / 10 : 1 }
            if hi <= 0 { hi = lo * 10 }
            var kLo = Foundation.log10(lo).rounded(.down)
            var kHi = Foundation.log10(hi).rounded(.up)
            if kLo == kHi { kHi += 1 }
            if minimum == nil { lo = pow(10, kLo) } else { kLo = Foundation.log10(lo).rounded(.up) }
            if maximum == nil { hi = pow(10, kHi) } else { kHi = Foundation.log10(hi).rounded(.down) }
            let ticks = Ticks.log10(min: lo, max: hi, style: logLabels)
            return ResolvedAxis(axis: self, low: lo, high: hi, ticks: ticks,
                                minorTicks: Ticks.log10Minor(min: lo, max: hi))
        }
    }
}

/// An axis with its domain fixed: maps data values onto a pixel interval.
public struct ResolvedAxis: Sendable, Hashable {
    public var axis: Axis
    /// Domain bounds in data units.
    public var low: Double
    public var high: Double
    /// Labelled ticks inside the domain.
    public var ticks: [Tick]
    /// Unlabelled ticks (2…9 × 10^k on log axes).
    public var minorTicks: [Double]

    /// The fraction 0...1 of the way from `low` to `high` in scale space (log10 for log axes);
    /// nil for values the scale cannot show. Values outside the domain give fractions outside
    /// 0...1 (the chart clips them).
    public func fraction(_ value: Double) -> Double? {
        guard let v = axis.scale.transform(value),
              let a = axis.scale.transform(low), let b = axis.scale.transform(high), b != a
        else { return nil }
        return (v - a) / (b - a)
    }

    /// Pixel position of `value` on an interval from `start` (domain low) to `end` (domain high).
    public func position(_ value: Double, from start: Double, to end: Double) -> Double? {
        fraction(value).map { start + $0 * (end - start) }
    }
}
