// From a YAML file (plus `--set` overrides) to the typed runs of its grid.
//
// Any field may be a list, and the grid is the product of all lists; a field whose own type is a
// list (such as `evals.metrics`) is a grid axis only when given a list of lists. Unknown fields
// are errors: the typed experiment is encoded back and every key of the file must appear in it.
import Foundation
import ReciteCore
import ReciteWorlds

/// One point of an experiment's grid, typed and keyed.
public struct ResolvedRun: Sendable, Hashable {
    public var experiment: Experiment
    /// The resolved configuration, encoded (snake_case keys): saved beside every result.
    public var config: ConfigValue
    /// Stable key of the configuration (name and description excluded): same config, same key.
    public var key: String
    /// The grid coordinates of this run, `path=value` (for run names and dry runs).
    public var coordinates: [String]
}

public enum ExperimentLoader {
    // MARK: - Files and overrides

    /// Reads a YAML experiment file into a tree.
    public static func readTree(file: String) throws -> ConfigValue {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw LabError.unreadable(file: file, reason: "cannot read the file")
        }
        do {
            let tree = try ConfigValue.parseYAML(text)
            if case .null = tree { return .map([:]) }
            guard case .map = tree else { throw LabError.unreadable(file: file, reason: "expected a mapping of fields at the top level, found \(tree)") }
            return tree
        } catch let e as LabError { throw e } catch {
            throw LabError.unreadable(file: file, reason: "not valid YAML: \(error)")
        }
    }

    /// Applies `path=value` overrides (`value` is YAML: `3`, `[1,2,3]`, `cosine`).
    public static func applyOverrides(_ overrides: [String], to tree: ConfigValue) throws -> ConfigValue {
        var t = tree
        for o in overrides {
            guard let eq = o.firstIndex(of: "=") else { throw LabError.override(o, reason: "expected path=value, e.g. seed=[1,2,3]") }
            // Empty parts are kept so that `a..b` and `a.` are errors, not silently `a.b` and `a`.
            let path = o[..<eq].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.isEmpty, path.allSatisfy({ !$0.isEmpty }) else { throw LabError.override(o, reason: "empty field path") }
            let valueText = String(o[o.index(after: eq)...])
            let value: ConfigValue
            do { value = try ConfigValue.parseYAML(valueText) } catch { throw LabError.override(o, reason: "value is not YAML: \(error)") }
            // A preset name (`background: code`) stands for a mapping of fields: overriding one of
            // them keeps the preset's other values instead of falling back to the defaults (`web`).
            let background = ["world", "background"]
            if path.count > 2, Array(path.prefix(2)) == background, case let .string(name)? = t[path: background],
               let preset = LanguageSpec.presets[name] {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                t.set(try ConfigValue.parseYAML(String(decoding: try encoder.encode(preset), as: UTF8.self)), at: background)
            }
            t.set(value, at: path)
        }
        return t
    }

    // MARK: - Grid

    /// Paths of list-valued leaves that are grid axes, sorted; and the product of their values.
    public static func expandGrid(_ tree: ConfigValue) -> [(tree: ConfigValue, coordinates: [String])] {
        let listTyped = listTypedPaths()
        var axes: [([String], [ConfigValue])] = []
        func walk(_ v: ConfigValue, _ path: [String]) {
            switch v {
            case let .map(m): for k in m.keys.sorted() { walk(m[k]!, path + [k]) }
            case let .list(items):
                let isTypedList = listTyped.contains(path.joined(separator: "."))
                if !isTypedList { axes.append((path, items)) } else if items.allSatisfy({ if case .list = $0 { return true } else { return false } }) && !items.isEmpty {
                    axes.append((path, items))
                }
            default: break
            }
        }
        walk(tree, [])
        var points: [(ConfigValue, [String])] = [(tree, [])]
        for (path, values) in axes {
            var next: [(ConfigValue, [String])] = []
            for (t, coords) in points {
                for v in values {
                    var t2 = t; t2.set(v, at: path)
                    next.append((t2, coords + ["\(path.joined(separator: "."))=\(v.canonicalJSON)"]))
                }
            }
            points = next
        }
        return points.map { (tree: $0.0, coordinates: $0.1) }
    }

    /// Dotted paths whose declared type is a list (from the default experiment's encoding).
    static func listTypedPaths() -> Set<String> {
        var out = Set<String>()
        func walk(_ v: ConfigValue, _ path: [String]) {
            switch v {
            case let .map(m): for (k, c) in m { walk(c, path + [k]) }
            case .list: out.insert(path.joined(separator: "."))
            default: break
            }
        }
        if let t = try? encode(Experiment()) { walk(t, []) }
        return out
    }

    // MARK: - Typing

    /// Decodes one grid point, rejecting unknown fields and naming the field of any type error.
    public static func decode(_ tree: ConfigValue, file: String) throws -> Experiment {
        let data = Data(tree.canonicalJSON.utf8)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let experiment: Experiment
        do {
            experiment = try decoder.decode(Experiment.self, from: data)
        } catch let DecodingError.typeMismatch(type, ctx) {
            throw fieldError(file: file, tree: tree, path: ctx.codingPath, expected: describe(type))
        } catch let DecodingError.dataCorrupted(ctx) {
            throw fieldError(file: file, tree: tree, path: ctx.codingPath, expected: choices(at: ctx.codingPath) ?? ctx.debugDescription)
        } catch let DecodingError.valueNotFound(type, ctx) {
            throw fieldError(file: file, tree: tree, path: ctx.codingPath, expected: describe(type))
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw LabError.field(file: file, field: snakePath(ctx.codingPath + [key]), expected: "a value", found: "nothing")
        } catch let WorldError.unknownPreset(name, known) {
            // Thrown by `LanguageSpec`'s decoder, which knows neither the file nor the field.
            throw LabError.field(file: file, field: "world.background",
                                 expected: "one of \(known.joined(separator: ", ")) or a mapping of language fields", found: "'\(name)'")
        }
        // The name goes into every row of runs.csv (no quoting) and names the results directory.
        if experiment.name.isEmpty || experiment.name.contains(where: { ",\"\n\r".contains($0) }) {
            throw LabError.field(file: file, field: "name", expected: "a non-empty name without commas, quotes or line breaks",
                                 found: "'\(experiment.name)'")
        }
        let encoded = try encode(experiment)
        try checkUnknownKeys(tree, known: encoded, path: [], file: file)
        try RecurrentRunExecutor.validate(experiment, file: file)
        return experiment
    }

    /// The experiment as a tree with snake_case keys.
    public static func encode(_ e: Experiment) throws -> ConfigValue {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // JSON is YAML: reading it back through Yams keeps Bool, Int and Double apart (Foundation's
        // NSNumber bridging on Linux does not).
        return try ConfigValue.parseYAML(String(decoding: try encoder.encode(e), as: UTF8.self))
    }

    static func checkUnknownKeys(_ given: ConfigValue, known: ConfigValue, path: [String], file: String) throws {
        guard case let .map(g) = given else { return }
        guard case let .map(k) = known else {
            throw LabError.field(file: file, field: path.joined(separator: "."), expected: "a single value", found: "a mapping")
        }
        for key in g.keys.sorted() {
            guard let sub = k[key] else {
                throw LabError.unknownField(file: file, field: (path + [key]).joined(separator: "."), known: k.keys.sorted())
            }
            try checkUnknownKeys(g[key]!, known: sub, path: path + [key], file: file)
        }
    }

    static func fieldError(file: String, tree: ConfigValue, path: [CodingKey], expected: String) -> LabError {
        let p = path.map { $0.intValue.map { "[\($0)]" } ?? snake($0.stringValue) }
        let dotted = p.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        var node: ConfigValue? = tree
        for key in path {
            if let i = key.intValue {
                if case let .list(items)? = node, items.indices.contains(i) { node = items[i] } else { node = nil }
            } else {
                node = node?[path: [snake(key.stringValue)]]
            }
        }
        let found = node.map(\.description) ?? "nothing"
        return LabError.field(file: file, field: dotted, expected: expected, found: found)
    }

    /// The values an enum-typed field accepts, by field path (list indices dropped).
    static let enumChoices: [String: [String]] = [
        "data.regime": Regime.allCases.map(\.rawValue),
        "data.schedule": Schedule.allCases.map(\.rawValue),
        "training.checkpoint_spacing": [CheckpointSpacing.linear, .log].map(\.rawValue),
        "model.combine": ContextCombine.allCases.map(\.rawValue),
        "optimizer.kind": OptimizerKind.allCases.map(\.rawValue),
        "optimizer.schedule": LearningRateScheduleKind.allCases.map(\.rawValue),
        "evals.metrics": EvalKind.allCases.map(\.rawValue),
        "model.recurrent.activation": RecurrentActivation.allCases.map(\.rawValue),
    ]

    /// "one of a, b, c" for an enum-typed field, else nil.
    static func choices(at path: [CodingKey]) -> String? {
        enumChoices[snakePath(path.filter { $0.intValue == nil })].map { "one of " + $0.joined(separator: ", ") }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "a list" : name.hasPrefix("Dictionary") ? "a mapping" : name
        }
    }

    static func snakePath(_ path: [CodingKey]) -> String { path.map { snake($0.stringValue) }.joined(separator: ".") }

    /// camelCase → snake_case (as JSONEncoder's strategy does).
    static func snake(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch.isUppercase { if !out.isEmpty { out += "_" }; out += ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    // MARK: - Whole files

    /// Every run of a file's grid, typed and keyed, in grid order.
    public static func load(file: String, overrides: [String] = []) throws -> [ResolvedRun] {
        let tree = try applyOverrides(overrides, to: try readTree(file: file))
        return try expandGrid(tree).map { point in
            let experiment = try decode(point.tree, file: file)
            let config = try encode(experiment)
            return ResolvedRun(experiment: experiment, config: config, key: runKey(config), coordinates: point.coordinates)
        }
    }

    /// The run key: the stable hash of the resolved config without its cosmetic fields (name, description, figure).
    public static func runKey(_ config: ConfigValue) -> String {
        var c = config
        c.remove(at: ["name"]); c.remove(at: ["description"]); c.remove(at: ["figure"])
        return c.stableKey
    }
}
