// Which experiments make which figures: the files in experiments/ that name figures, in report
// order, and the figures a results directory was made for (from its manifest).
import Foundation
import ReciteLab

/// One experiment file and the figures it names.
public struct CatalogEntry: Sendable {
    public var file: String
    /// The file name without `.yaml` (the experiment's `name` may differ).
    public var stem: String
    public var figures: [any Figure]
}

/// The experiments directory and its figure-making files.
public enum ExperimentCatalog {
    /// `experiments/` in the working directory, else beside the checkout that built `executable`.
    public static func directory(executable: String = SweepScheduler.currentExecutable) throws -> String {
        func holdsExperiments(_ dir: String) -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasSuffix(".yaml") }
        }
        if holdsExperiments("experiments") { return "experiments" }
        var url = URL(fileURLWithPath: executable)
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("experiments").path
            if holdsExperiments(candidate) { return candidate }
        }
        throw LabError.unreadable(file: "experiments/", reason: "cannot find the experiments directory (run recite from the repository root)")
    }

    /// The published readings for the results root `root`: `<root>/reported` when it exists (the
    /// committed `results/`), else the checkout's `results/reported` beside the `experiments/` that
    /// `directory` finds, so a sweep or reproduce with its results elsewhere (`--out`) still draws
    /// and compares with the readings. Neither present: `<root>/reported`, and the figures say so.
    public static func reportedDirectory(resultsRoot root: String,
                                         executable: String = SweepScheduler.currentExecutable) -> String {
        let own = (root as NSString).appendingPathComponent("reported")
        if FileManager.default.fileExists(atPath: own) { return own }
        guard let experiments = try? directory(executable: executable) else { return own }
        let checkout = ((experiments as NSString).deletingLastPathComponent as NSString).appendingPathComponent("results/reported")
        return FileManager.default.fileExists(atPath: checkout) ? checkout : own
    }

    /// The `figure:` field of an experiment tree: a name or a list of names (empty for none).
    public static func figureNames(_ tree: ConfigValue, file: String) throws -> [String] {
        switch tree[path: ["figure"]] {
        case nil, .null?: return []
        case let .string(s)?: return s.isEmpty ? [] : [s]
        case let .list(items)?:
            return try items.map {
                guard case let .string(s) = $0 else {
                    throw LabError.field(file: file, field: "figure", expected: "a figure name or a list of names", found: $0.description)
                }
                return s
            }
        case let other?:
            throw LabError.field(file: file, field: "figure", expected: "a figure name or a list of names", found: other.description)
        }
    }

    /// The registered figures a file names; an unknown name is an error naming the file.
    public static func figures(file: String) throws -> [any Figure] {
        let names = try figureNames(ExperimentLoader.readTree(file: file), file: file)
        return try names.map { name in
            do { return try FigureRegistry.figure(name) } catch let e as UnknownFigure {
                throw LabError.field(file: file, field: "figure", expected: "one of \(e.known.joined(separator: ", "))", found: "'\(name)'")
            }
        }
    }

    /// Every `*.yaml` directly in `directory` that names a figure, ordered by its first figure's place
    /// in the report, then by file name.
    public static func entries(in directory: String) throws -> [CatalogEntry] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        let entries = try names.compactMap { name -> CatalogEntry? in
            let file = "\(directory)/\(name)"
            let figures = try figures(file: file)
            return figures.isEmpty ? nil : CatalogEntry(file: file, stem: String(name.dropLast(5)), figures: figures)
        }
        return entries.enumerated().sorted {
            (FigureRegistry.order(of: $0.element.figures[0].id), $0.offset) < (FigureRegistry.order(of: $1.element.figures[0].id), $1.offset)
        }.map(\.element)
    }

    /// The figures named in a results directory's manifest (its recorded spec); empty when it names none.
    public static func figures(resultsDirectory directory: String) throws -> [any Figure] {
        let path = directory + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path),
              let m = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let spec = m["spec"] as? String, let tree = try? ConfigValue.parseYAML(spec) else { return [] }
        return try figureNames(tree, file: path).map(FigureRegistry.figure)
    }
}
