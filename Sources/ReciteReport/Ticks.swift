// Ticks.swift: "nice" tick positions and their labels.
//
// Linear axes step by 1, 2 or 5 × 10^k (Heckbert's nice numbers), chosen so the count is near
// the target. Log axes tick at decades, labelled 1e19 or 10¹⁹, thinned to every second or third
// decade when the range spans many.

import Foundation

/// A labelled tick.
public struct Tick: Sendable, Hashable {
    public var value: Double
    public var label: String

    /// Creates a tick at `value` labelled `label`.
    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// Tick generators.
public enum Ticks {
    // MARK: - Linear

    /// The 1-2-5 step closest to `span / target`.
    public static func niceStep(span: Double, target: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, target))
        let magnitude = pow(10, Foundation.log10(raw).rounded(.down))
        let residual = raw / magnitude
        let nice: Double = residual < 1.5 ? 1 : residual < 3.5 ? 2 : residual < 7.5 ? 5 : 10
        return nice * magnitude
    }

    /// Ticks at multiples of a nice step that lie in `min...max` (inclusive, with a tolerance
    /// for rounding); the step is chosen for about `target` intervals. All labels of one axis
    /// use one notation (no `8000` next to `10k`).
    public static func linear(min: Double, max: Double, target: Int = 6) -> [Tick] {
        guard min.isFinite, max.isFinite, max > min else {
            return min.isFinite ? [Tick(value: min, label: format(min, step: 1, largest: abs(min)))] : []
        }
        return linear(min: min, max: max, step: niceStep(span: max - min, target: target))
    }

    /// Ticks at multiples of `step` inside `min...max` (with a rounding tolerance).
    public static func linear(min: Double, max: Double, step: Double) -> [Tick] {
        guard min.isFinite, max.isFinite, max >= min, step > 0, (max - min) / step < 1000 else { return [] }
        let eps = step * 1e-9
        var values: [Double] = []
        var k = (min / step - 1e-9).rounded(.up)
        while k * step <= max + eps, values.count < 1000 {
            let v = clean(k * step)
            values.append(abs(v) < eps ? 0 : v)
            k += 1
        }
        let largest = values.map(abs).max() ?? 0
        return values.map { Tick(value: $0, label: format($0, step: step, largest: largest)) }
    }

    /// `value` rounded to 12 significant digits, so 27 × 0.02 compares equal to 0.54.
    static func clean(_ value: Double) -> Double {
        Double(String(format: "%.12g", value)) ?? value
    }

    /// A tick label on an axis whose largest tick is `largest`: with as many decimals as the
    /// step needs (`0.46`, `25`); in thousands (`20k`) when the largest is at least 10,000 and
    /// the step a multiple of 1,000; in exponent form (`3e19`) from a million up or below 1e-4.
    public static func format(_ value: Double, step: Double, largest: Double) -> String {
        if value == 0 { return "0" }
        if largest >= 1e6 || largest < 1e-4 { return exponentLabel(value) }
        if largest >= 10_000, step >= 1000, step.truncatingRemainder(dividingBy: 1000) == 0 {
            return "\(Int((value / 1000).rounded()))k"
        }
        let decimals = step >= 1 ? 0 : Int((-Foundation.log10(step) - 1e-9).rounded(.up))
        return String(format: "%.\(Swift.max(0, Swift.min(decimals, 6)))f", value)
    }

    /// `3e+19` style without the plus, trimming a mantissa of 1 to `1e19`.
    static func exponentLabel(_ value: Double) -> String {
        let k = Foundation.log10(abs(value)).rounded(.down)
        let mantissa = value / pow(10, k)
        let m = abs(mantissa - mantissa.rounded()) < 1e-9
            ? String(Int(mantissa.rounded())) : String(format: "%.1f", mantissa)
        return "\(m)e\(Int(k))"
    }

    // MARK: - Log

    /// Decade ticks `10^k` inside `min...max`; every decade when there are at most 8, otherwise
    /// every second or third, so labels do not crowd.
    public static func log10(min: Double, max: Double, style: LogLabelStyle = .superscript) -> [Tick] {
        guard min > 0, max >= min, min.isFinite, max.isFinite else { return [] }
        let kLo = Int((Foundation.log10(min) - 1e-9).rounded(.up))
        let kHi = Int((Foundation.log10(max) + 1e-9).rounded(.down))
        guard kHi >= kLo else { return [] }
        let count = kHi - kLo + 1
        let every = count <= 8 ? 1 : count <= 16 ? 2 : 3
        return stride(from: kLo, through: kHi, by: 1)
            .filter { ($0 - kLo) % every == 0 }
            .map { Tick(value: pow(10, Double($0)), label: decadeLabel($0, style: style)) }
    }

    /// `2…9 × 10^k` inside `min...max`, for unlabelled minor ticks; empty beyond 6 decades,
    /// where they would only add clutter.
    public static func log10Minor(min: Double, max: Double) -> [Double] {
        guard min > 0, max > min else { return [] }
        let kLo = Int(Foundation.log10(min).rounded(.down))
        let kHi = Int(Foundation.log10(max).rounded(.up))
        guard kHi - kLo <= 6 else { return [] }
        var out: [Double] = []
        for k in kLo...kHi {
            for m in 2...9 {
                let v = Double(m) * pow(10, Double(k))
                if v >= min * (1 - 1e-12), v <= max * (1 + 1e-12) { out.append(v) }
            }
        }
        return out
    }

    /// `1e19` or `10¹⁹`; 10⁰ and 10¹ are written `1` and `10`.
    public static func decadeLabel(_ k: Int, style: LogLabelStyle) -> String {
        if k == 0 { return "1" }
        if k == 1 { return "10" }
        switch style {
        case .exponent: return "1e\(k)"
        case .superscript: return "10" + superscript(k)
        }
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(abs(n)).compactMap { $0.wholeNumberValue.map { digits[$0] } }
        return (n < 0 ? "⁻" : "") + String(body)
    }
}
