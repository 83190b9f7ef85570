// The raw tree against the documented ranges (`Experiment.fieldRules`), before any grid is built:
// unknown fields, wrong types, out-of-range values, empty lists and lists where no list may go are
// reported here, naming the file or `--set` flag, the field, what was expected and what was found.
// Whole numbers written as `1e6` are made integers on the way, so the typed decode sees `1000000`.
import ReciteCore

extension ExperimentLoader {
    /// Checks every field of `tree` and returns it with whole numbers normalised.
    public static func check(_ tree: ConfigValue, source: ExperimentSource) throws -> ConfigValue {
        try checkSection(tree, rules: Experiment.fieldRules, path: [], source: source)
    }

    static func checkSection(_ v: ConfigValue, rules: [FieldRule], path: [String], source: ExperimentSource) throws -> ConfigValue {
        guard case let .map(m) = v else {
            throw fieldError(path, "a mapping of fields (\(rules.map(\.name).joined(separator: ", ")))", v, source)
        }
        var out: [String: ConfigValue] = [:]
        for key in m.keys.sorted() {
            guard let rule = rules.rule(key) else {
                throw LabError.unknownField(file: source.origin(of: path + [key]), field: (path + [key]).joined(separator: "."),
                                            known: rules.map(\.name).sorted())
            }
            out[key] = try checkField(m[key]!, rule: rule, path: path + [key], source: source)
        }
        return .map(out)
    }

    /// A field's value: one value, or (where the field is a grid axis) a non-empty list of them.
    static func checkField(_ v: ConfigValue, rule: FieldRule, path: [String], source: ExperimentSource) throws -> ConfigValue {
        if case let .list(elementKind, minCount) = rule.kind {
            // A list-typed field (`metrics`) is an axis only as a list of lists.
            if case let .list(items) = v, !items.isEmpty, items.allSatisfy({ if case .list = $0 { true } else { false } }) {
                return .list(try items.map { try checkList($0, elementKind, minCount: minCount, path: path, source: source) })
            }
            return try checkList(v, elementKind, minCount: minCount, path: path, source: source)
        }
        guard case let .list(items) = v else { return try checkValue(v, rule.kind, path: path, source: source) }
        if !rule.gridAxis && rule.acceptsList {
            return try checkList(v, rule.kind, minCount: 0, path: path, source: source)
        }
        guard rule.gridAxis else {
            throw fieldError(path, "\(rule.expected), not a list ('\(rule.name)' is not a grid axis)", v, source)
        }
        guard !items.isEmpty else {
            throw fieldError(path, "\(rule.expected), or a non-empty list of such values (a grid axis)", v, source)
        }
        return .list(try items.enumerated().map { i, item in
            if case .list = item {
                throw fieldError(path, "\(rule.expected) (a grid axis is one list, not a list of lists)", item, source, item: i, of: items.count)
            }
            do { return try checkValue(item, rule.kind, path: path, source: source, axis: true) } catch let LabError.field(file, field, expected, found) where field == path.joined(separator: ".") {
                throw LabError.field(file: file, field: field, expected: expected, found: found + " (value \(i + 1) of \(items.count) in the list)")
            }
        })
    }

    static func checkList(_ v: ConfigValue, _ kind: FieldRule.Kind, minCount: Int, path: [String], source: ExperimentSource) throws -> ConfigValue {
        let expected = FieldRule.expected(.list(kind, minCount: minCount))
        guard case let .list(items) = v, items.count >= minCount else { throw fieldError(path, expected, v, source) }
        if Set(items).count != items.count { throw fieldError(path, expected + " (a value is repeated)", v, source) }
        return .list(try items.map { try checkValue($0, kind, path: path, source: source, axis: true) })
    }

    /// One value against its kind. `axis`: inside a grid list, where a list is an error.
    static func checkValue(_ v: ConfigValue, _ kind: FieldRule.Kind, path: [String], source: ExperimentSource, axis: Bool = false) throws -> ConfigValue {
        let expected = FieldRule.expected(kind)
        func fail() -> LabError { fieldError(path, expected, v, source) }
        switch kind {
        case let .integer(r):
            switch v {
            case let .int(i) where r.contains(i): return v
            case let .double(d) where d.isFinite && d == d.rounded() && abs(d) < 9e15 && r.contains(Int(d)): return .int(Int(d))
            default: throw fail()
            }
        case let .number(lo, hi, openLo, openHi):
            let x: Double
            switch v { case let .int(i): x = Double(i); case let .double(d): x = d; default: throw fail() }
            guard x.isFinite, openLo ? x > lo : x >= lo, openHi ? x < hi : x <= hi else { throw fail() }
            return v
        case .flag:
            guard case .bool = v else { throw fail() }
            return v
        case let .text(maxLength, label):
            guard case let .string(s) = v, s.count <= maxLength else { throw fail() }
            if label {
                let ok = !s.isEmpty && !s.hasPrefix(".")
                    && s.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_.+".unicodeScalars.contains($0) }
                guard ok else { throw fail() }
            }
            return v
        case let .choice(choices):
            guard case let .string(s) = v, choices.contains(s) else { throw fail() }
            return v
        case .list:
            return try checkField(v, rule: FieldRule("", kind), path: path, source: source)
        case let .section(rules):
            return try checkSection(v, rules: rules, path: path, source: source)
        case let .presetOrSection(presets, rules):
            if case let .string(s) = v {
                guard presets.contains(s) else { throw fail() }
                return v
            }
            guard case .map = v else { throw fail() }
            return try checkSection(v, rules: rules, path: path, source: source)
        }
    }

    static func fieldError(_ path: [String], _ expected: String, _ found: ConfigValue, _ source: ExperimentSource,
                           item: Int? = nil, of count: Int = 0) -> LabError {
        var f: String
        switch found {
        case .null: f = "nothing (an empty value; leave the field out to use its default)"
        case let .list(items) where items.isEmpty: f = "an empty list"
        default: f = found.description
        }
        if let item { f += " (value \(item + 1) of \(count) in the list)" }
        return LabError.field(file: source.origin(of: path), field: path.isEmpty ? "(top level)" : path.joined(separator: "."),
                              expected: expected, found: f)
    }

    // MARK: - Grid size

    /// Runs the grid of a checked tree will have (capped at `Int.max`), and its axes "path ×n".
    public static func gridSize(_ tree: ConfigValue) -> (runs: Int, axes: [String]) {
        var runs = 1, axes: [String] = []
        for (path, values) in gridAxes(tree) {
            let (p, overflow) = runs.multipliedReportingOverflow(by: values.count)
            runs = overflow ? Int.max : p
            axes.append("\(path.joined(separator: ".")) ×\(values.count)")
        }
        return (runs, axes)
    }

    /// Throws unless the grid has at most `Experiment.maxGridSize` runs.
    static func checkGridSize(_ tree: ConfigValue, source: ExperimentSource) throws {
        let (runs, axes) = gridSize(tree)
        guard runs > Experiment.maxGridSize else { return }
        let count = runs == Int.max ? "more than \(Int.max)" : FieldRule.grouped(runs)
        throw LabError.grid(file: source.file, reason: "the grid has \(count) runs (\(axes.joined(separator: " · "))); "
                            + "at most \(FieldRule.grouped(Experiment.maxGridSize)) runs per file: shorten a list or split the file")
    }
}
