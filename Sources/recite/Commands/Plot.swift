import ArgumentParser
import Foundation
import ReciteLab

extension Recite {
    /// `recite plot DIR`: the SVG figure of a results directory.
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw the figure of a results directory (simulated beside reported) as <figure>.svg there.")

        @Argument(help: "Results directory of a sweep (holds runs.csv and manifest.json).")
        var directory: String

        @Option(help: "Figure to draw (default: the experiment's `figure` field).")
        var figure: String?

        func run() throws {
            let rows = try ResultsCSV.read(directory + "/runs.csv")
            guard let name = figure ?? figureName(directory) else {
                throw ValidationError("\(directory): cannot tell which figure to draw; pass --figure")
            }
            guard let svg = Figures.svg(figure: name, rows: rows) else {
                throw ValidationError("no figure named '\(name)'; known: recitation-mc, recitation-exact, data-constrained, spacing")
            }
            let path = "\(directory)/\(name).svg"
            try AtomicFile.write(svg, to: path)
            print(path)
        }
    }
}

/// The `figure` field recorded in a results directory's manifest, if any.
func figureName(_ directory: String) -> String? {
    guard let data = FileManager.default.contents(atPath: directory + "/manifest.json"),
          let m = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let spec = m["spec"] as? String, let tree = try? ConfigValue.parseYAML(spec),
          case let .string(f)? = tree[path: ["figure"]], !f.isEmpty else { return nil }
    return f
}
