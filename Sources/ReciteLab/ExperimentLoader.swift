// From a YAML file (plus `--set` overrides) to the typed runs of its grid, in four stages:
//   1. read the file (bounded size, UTF-8, bounded YAML: see `ExperimentLoader+Read.swift`);
//   2. apply the overrides, remembering which flag set which field (`ExperimentSource`);
//   3. check every field against its documented range and cap the grid's size, before expanding
//      it (`ExperimentLoader+Check.swift`);
//   4. expand the grid, type each point, and check what depends on several fields: sizes that
//      take memory, metrics the world can compute (`ExperimentLoader+Limits.swift`).
// Any field may be a list, and the grid is the product of all lists; a field whose own type is a
// list (such as `evals.metrics`) is a grid axis only when given a list of lists.
import Foundation
import ReciteCore
import ReciteWorlds

/// One point of an experiment's grid, typed and keyed.
public struct ResolvedRun: Sendable, Hashable {
    public var experiment: Experiment
    /// The resolved configuration, encoded (snake_case keys): saved beside every result.
    public var config: ConfigValue
    /// Stable key of the configuration (name and description excluded) and the BLAS thread count.
    public var key: String
    /// The grid coordinates of this run, `path=value` (for run names and dry runs).
    public var coordinates: [String]
}

public enum ExperimentLoader {
    // MARK: - Overrides

    /// Applies `path=value` overrides (`value` is YAML: `3`, `[1,2,3]`, `cosine`).
    public static func applyOverrides(_ overrides: [String], to tree: ConfigValue) throws -> ConfigValue {
        try applyOverrides(overrides, to: tree, file: "").tree
    }

    /// Applies the overrides and returns the tree with the source that says who set what.
    public static func applyOverrides(_ overrides: [String], to tree: ConfigValue, file: String) throws -> (tree: ConfigValue, source: ExperimentSource) {
        var t = tree
        var source = ExperimentSource(file: file)
        for o in overrides {
            guard let eq = o.firstIndex(of: "=") else { throw LabError.override(o, reason: "expected path=value, e.g. seed=[1,2,3]") }
            // Empty parts are kept so that `a..b` and `a.` are errors, not silently `a.b` and `a`.
            let path = o[..<eq].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.isEmpty, path.allSatisfy({ !$0.isEmpty }) else { throw LabError.override(o, reason: "empty field path") }
            let valueText = String(o[o.index(after: eq)...])
            guard !valueText.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw LabError.override(o, reason: "no value after '=' (to keep the default, leave out the --set; for an empty string write \(o)'')")
            }
            let value: ConfigValue
            do { value = try ConfigValue.parseYAML(valueText) } catch let p as YAMLProblem {
                throw LabError.override(o, reason: "the value is \(p.reason)")
            }
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
            source.overrides.append((path, o))
        }
        return (t, source)
    }

    // MARK: - Grid

    /// The grid axes of a tree: list-valued leaves (lists of lists for list-typed fields), sorted by path.
    static func gridAxes(_ tree: ConfigValue) -> [([String], [ConfigValue])] {
        var axes: [([String], [ConfigValue])] = []
        func walk(_ v: ConfigValue, _ path: [String]) {
            switch v {
            case let .map(m): for k in m.keys.sorted() { walk(m[k]!, path + [k]) }
            case let .list(items):
                if !listTypedPaths.contains(path.joined(separator: ".")) {
                    axes.append((path, items))
                } else if !items.isEmpty && items.allSatisfy({ if case .list = $0 { true } else { false } }) {
                    axes.append((path, items))
                }
            default: break
            }
        }
        walk(tree, [])
        return axes
    }

    /// The points of the grid (the product of its axes) with their coordinates. Call on a checked tree.
    public static func expandGrid(_ tree: ConfigValue) -> [(tree: ConfigValue, coordinates: [String])] {
        var points: [(ConfigValue, [String])] = [(tree, [])]
        for (path, values) in gridAxes(tree) {
            var next: [(ConfigValue, [String])] = []
            next.reserveCapacity(points.count * values.count)
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

    /// Dotted paths whose declared type is a list (from the field rules).
    static let listTypedPaths: Set<String> = {
        var out = Set<String>()
        func walk(_ rules: [FieldRule], _ path: [String]) {
            for r in rules {
                switch r.kind {
                case .list: out.insert((path + [r.name]).joined(separator: "."))
                // A non-axis field that takes a list (`figure`) is never expanded.
                case _ where !r.gridAxis && r.acceptsList: out.insert((path + [r.name]).joined(separator: "."))
                case let .section(sub), let .presetOrSection(_, sub): walk(sub, path + [r.name])
                default: break
                }
            }
        }
        walk(Experiment.fieldRules, [])
        return out
    }()

    // MARK: - Typing

    /// Decodes one checked grid point. The checks before make a decoding error unlikely; one that
    /// still happens is reported in the same words.
    public static func decode(_ tree: ConfigValue, file: String) throws -> Experiment {
        try decode(tree, source: ExperimentSource(file: file))
    }

    static func decode(_ tree: ConfigValue, source: ExperimentSource) throws -> Experiment {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        func fail(_ path: [CodingKey], _ expected: String) -> LabError {
            let p = path.filter { $0.intValue == nil }.map { snake($0.stringValue) }
            return LabError.field(file: source.origin(of: p), field: p.joined(separator: "."), expected: expected,
                                  found: tree[path: p]?.description ?? "nothing")
        }
        let experiment: Experiment
        do {
            experiment = try decoder.decode(Experiment.self, from: Data(tree.canonicalJSON.utf8))
        } catch let DecodingError.typeMismatch(type, ctx) {
            throw fail(ctx.codingPath, describe(type))
        } catch let DecodingError.dataCorrupted(ctx) {
            throw fail(ctx.codingPath, "a valid value")
        } catch let DecodingError.valueNotFound(type, ctx) {
            throw fail(ctx.codingPath, describe(type))
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw fail(ctx.codingPath + [key], "a value")
        } catch let WorldError.unknownPreset(name, known) {
            throw LabError.field(file: source.origin(of: ["world", "background"]), field: "world.background",
                                 expected: "one of \(known.joined(separator: ", ")) or a mapping of language fields", found: "'\(name)'")
        } catch {
            throw LabError.grid(file: source.file, reason: "cannot read the configuration")
        }
        // Checks across the recurrent-depth fields (the ranges are in the field rules).
        try RecurrentRunExecutor.validate(experiment, file: source.file)
        if experiment.evals.heldOutEstimate == .exact && experiment.model.context != 1 {
            throw LabError.field(file: source.origin(of: ["evals", "held_out_estimate"]), field: "evals.held_out_estimate",
                                 expected: "sampled when model.context is not 1 (the exact expectation enumerates the V + 1 one-token contexts)",
                                 found: "exact with model.context = \(experiment.model.context)")
        }
        return experiment
    }

    /// The experiment as a tree with snake_case keys.
    public static func encode(_ e: Experiment) throws -> ConfigValue {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // JSON is YAML: reading it back keeps Bool, Int and Double apart (Foundation's NSNumber
        // bridging on Linux does not).
        return try ConfigValue.parseYAML(String(decoding: try encoder.encode(e), as: UTF8.self))
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "a list" : name.hasPrefix("Dictionary") ? "a mapping" : "a valid value"
        }
    }

    /// camelCase → snake_case (as JSONEncoder's strategy does).
    static func snake(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch.isUppercase { if !out.isEmpty { out += "_" }; out += ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    // MARK: - Whole files

    /// Every run of a file's grid, typed, checked and keyed, in grid order. `threads` is the BLAS
    /// thread count the runs train with: results depend on it, so it is part of the run key.
    public static func load(file: String, overrides: [String] = [], threads: Int = 1) throws -> [ResolvedRun] {
        let (tree, source) = try applyOverrides(overrides, to: try readTree(file: file), file: file)
        return try load(tree: tree, source: source, threads: threads)
    }

    /// The runs of an already read (and overridden) tree.
    public static func load(tree raw: ConfigValue, source: ExperimentSource, threads: Int = 1) throws -> [ResolvedRun] {
        let tree = try check(raw, source: source)
        try checkGridSize(tree, source: source)
        var seen: [String: [String]] = [:]
        return try expandGrid(tree).compactMap { point in
            let experiment = try decode(point.tree, source: source)
            try validateGrid(experiment.grid, file: source.file)
            try checkLimits(experiment, source: source)
            let config = try encode(experiment)
            let key = runKey(config, threads: threads)
            // Two points with one key would be one run recorded twice (a list that repeats a value).
            if let other = seen[key] {
                throw LabError.grid(file: source.file, reason: "two grid points are the same run: \(other.joined(separator: " ")) "
                                    + "and \(point.coordinates.joined(separator: " ")) (a list repeats a value)")
            }
            seen[key] = point.coordinates
            let run = ResolvedRun(experiment: experiment, config: config, key: key, coordinates: point.coordinates)
            return keeps(experiment.grid, run) ? run : nil
        }
    }

    /// The run key: the stable hash of the resolved config without its cosmetic fields (name,
    /// description, figure), of the grid filter (which selects runs without changing any), of the
    /// scales (what they change is in the config once applied), and of
    /// the training thread count when it is not 1. Results can differ in the last digits between
    /// thread counts (the split step sums column chunks in another order), so runs with another
    /// count are other runs; with one thread the key is the config's alone.
    public static func runKey(_ config: ConfigValue, threads: Int = 1) -> String {
        var c = config
        c.remove(at: ["name"]); c.remove(at: ["description"]); c.remove(at: ["figure"]); c.remove(at: ["grid"]); c.remove(at: ["scales"])
        if threads != 1 { c.set(.int(threads), at: ["blas_threads"]) }
        return c.stableKey
    }

    static func validateGrid(_ g: GridSpec, file: String) throws {
        let r = g.tokensPerParameter
        guard !r.isEmpty else { return }
        guard r.count == 2, r[0] > 0, r[0].isFinite, r[1].isFinite, r[0] <= r[1] else {
            throw LabError.field(file: file, field: "grid.tokens_per_parameter", expected: "[lo, hi] with 0 < lo ≤ hi",
                                 found: "[" + r.map { "\($0)" }.joined(separator: ", ") + "]")
        }
    }

    /// Whether the grid filter keeps a run: its `D/N` (from the spec alone) within the range.
    static func keeps(_ g: GridSpec, _ run: ResolvedRun) -> Bool {
        guard g.tokensPerParameter.count == 2 else { return true }
        let e = run.experiment, v = RunExecutor.vocabularySize(of: e.world)
        let ratio = Double(run.estimatedTokens) / Double(e.model.parameterCount(inputVocabulary: v, outputClasses: v))
        return ratio >= g.tokensPerParameter[0] && ratio <= g.tokensPerParameter[1]
    }
}
