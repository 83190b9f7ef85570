// The documented range of every field a user can write in an experiment file, as data.
//
// Each spec (`ModelSpec`, `OptimizerSpec`, the world's specs, the lab's sections) lists its fields
// here, one line each: the YAML key, what it accepts, and whether it may be a grid axis. The lab
// checks a whole file against these lists before it builds the grid, so a new field with its range
// is one line in its spec's `fieldRules`, and a test fails until that line exists.

/// What one field of an experiment file accepts.
public struct FieldRule: Sendable {
    /// The kinds of values a field can hold, with their ranges.
    public indirect enum Kind: Sendable {
        /// A whole number in a range (YAML `1e6` is accepted when it is whole).
        case integer(ClosedRange<Int>)
        /// A finite number in `lower...upper`, optionally excluding either end.
        case number(lower: Double, upper: Double, openLower: Bool, openUpper: Bool)
        /// `true` or `false`.
        case flag
        /// A string of at most `maxLength` characters; `label` restricts it to letters, digits, `-`, `_`, `.`, `+`.
        case text(maxLength: Int, label: Bool)
        /// One of a fixed set of strings.
        case choice([String])
        /// A list of `minCount` or more elements of a kind, each at most once.
        case list(Kind, minCount: Int)
        /// A mapping of named fields.
        case section([FieldRule])
        /// A preset's name (one of the strings) or a mapping of the fields.
        case presetOrSection([String], [FieldRule])
    }

    /// The YAML key (snake_case).
    public let name: String
    public let kind: Kind
    /// Whether a list of values makes a grid axis (false for `name`, `description`, `figure`).
    public let gridAxis: Bool
    /// For a field that is not a grid axis: whether it also takes a list of such values (`figure`
    /// names one figure or several drawn from the same runs).
    public let acceptsList: Bool

    public init(_ name: String, _ kind: Kind, gridAxis: Bool = true, acceptsList: Bool = false) {
        self.name = name; self.kind = kind; self.gridAxis = gridAxis; self.acceptsList = acceptsList
    }

    // MARK: - One-line constructors

    public static func integer(_ name: String, _ range: ClosedRange<Int>) -> FieldRule { FieldRule(name, .integer(range)) }
    /// A finite number in `range` (both ends included).
    public static func number(_ name: String, _ range: ClosedRange<Double>) -> FieldRule {
        FieldRule(name, .number(lower: range.lowerBound, upper: range.upperBound, openLower: false, openUpper: false))
    }
    /// A finite number in `range` without its lower end (`> lower`), e.g. a learning rate.
    public static func positive(_ name: String, upTo upper: Double) -> FieldRule {
        FieldRule(name, .number(lower: 0, upper: upper, openLower: true, openUpper: false))
    }
    /// A finite number in `[lower, upper)`, e.g. a momentum or a β.
    public static func fraction(_ name: String, _ lower: Double = 0, below upper: Double = 1) -> FieldRule {
        FieldRule(name, .number(lower: lower, upper: upper, openLower: false, openUpper: true))
    }
    public static func flag(_ name: String) -> FieldRule { FieldRule(name, .flag) }
    public static func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) -> FieldRule
    where E.RawValue == String { FieldRule(name, .choice(E.allCases.map(\.rawValue))) }

    // MARK: - Wording

    /// What the field expects, in a user's words: "an integer in 1...65,536".
    public var expected: String { Self.expected(kind) }

    public static func expected(_ kind: Kind) -> String {
        switch kind {
        case let .integer(r):
            if r.upperBound == Int.max { return "an integer ≥ \(grouped(r.lowerBound))" }
            return "an integer in \(grouped(r.lowerBound))...\(grouped(r.upperBound))"
        case let .number(lo, hi, openLo, openHi):
            if hi == .greatestFiniteMagnitude { return openLo ? "a finite number > \(short(lo))" : "a finite number ≥ \(short(lo))" }
            return "a number in \(openLo ? "(" : "[")\(short(lo)), \(short(hi))\(openHi ? ")" : "]")"
        case .flag: return "true or false"
        case let .text(n, label):
            return label ? "a name of 1 to \(n) letters, digits, '-', '_', '.' or '+' (not starting with '.')"
                : "a string of at most \(grouped(n)) characters"
        case let .choice(c): return "one of " + c.joined(separator: ", ")
        case let .list(k, n):
            return "a list of \(n > 0 ? "at least \(n) " : "")distinct values, each \(expected(k))"
        case .section: return "a mapping of fields"
        case let .presetOrSection(p, _): return "one of \(p.joined(separator: ", ")) or a mapping of fields"
        }
    }

    /// 65536 → "65,536".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// 1000.0 → "1000", 0.5 → "0.5", 1e18 → "1e+18".
    static func short(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e7 { return String(Int(x)) }
        return "\(x)"
    }

    // MARK: - Checking typed values

    /// Nil when `x` is inside the rule's range, else what was expected.
    public func problem(integer x: Int) -> String? {
        if case let .integer(r) = kind, !r.contains(x) { return expected }
        return nil
    }

    /// Nil when `x` is finite and inside the rule's range, else what was expected.
    public func problem(number x: Double) -> String? {
        guard case let .number(lo, hi, openLo, openHi) = kind else { return nil }
        let ok = x.isFinite && (openLo ? x > lo : x >= lo) && (openHi ? x < hi : x <= hi)
        return ok ? nil : expected
    }
}

extension Array where Element == FieldRule {
    /// The rule of the field called `name` (a programming error if absent: rules and fields are tested to match).
    public func rule(_ name: String) -> FieldRule? { first { $0.name == name } }
}
