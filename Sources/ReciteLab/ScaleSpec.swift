// `--scale full` as the experiment file itself defines it. Each figure scales differently (the
// recitation worlds grow their knowledge base and width, the scaling sweeps their span), so the
// file that knows the figure says what "full" means, as `--set` overrides a user can read and rerun.
import ReciteCore

/// The scales an experiment file defines beyond the committed (quick) one.
public struct ScaleSpec: Codable, Hashable, Sendable {
    /// `path=value` overrides that `--scale full` applies before the user's own `--set` flags.
    /// Empty (the default): full is the committed settings on 5 seeds.
    public var full: [String] = []

    public init(full: [String] = []) { self.full = full }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        full = try c.decodeIfPresent([String].self, forKey: .full) ?? []
    }

    public static let fieldRules: [FieldRule] = [
        FieldRule("full", .list(.text(maxLength: 1000, label: false), minCount: 0)),
    ]
}

/// The scales `recite reproduce` and `recite sweep` know.
public enum RunScale: String, CaseIterable, Sendable {
    /// The committed settings.
    case quick
    /// The file's `scales.full` overrides, on 5 seeds unless those set the seeds themselves.
    case full

    /// The seeds `full` runs when the file's `scales.full` does not name any.
    public static let fullSeeds = "seed=[1,2,3,4,5]"

    /// Suffix of the results directory, so the two scales never share runs' files.
    public var directorySuffix: String { self == .quick ? "" : "-\(rawValue)" }
}

extension ExperimentLoader {
    /// The `--set` overrides that `scale` stands for in `file`, checked: each is `path=value`, and
    /// the file loads with them (an error names the file and `scales.full`, and the override).
    public static func scaleOverrides(file: String, scale: RunScale) throws -> [String] {
        guard scale == .full else { return [] }
        let tree = try check(try readTree(file: file), source: ExperimentSource(file: file))
        var overrides: [String] = []
        if case let .list(items)? = tree[path: ["scales", "full"]] {
            for (i, item) in items.enumerated() {
                guard case let .string(text) = item, let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                    throw LabError.field(file: file, field: "scales.full", expected: "path=value overrides (as --set takes)",
                                         found: "\(item) (entry \(i + 1) of \(items.count))")
                }
                overrides.append(text)
            }
        }
        if !overrides.contains(where: { $0.hasPrefix("seed=") }) { overrides.append(RunScale.fullSeeds) }
        do { _ = try load(file: file, overrides: overrides) } catch let e as LabError {
            throw LabError.grid(file: file, reason: "scales.full does not load: \(e.description)")
        }
        return overrides
    }
}
