// Every field of every spec is read by its decoder. The specs have hand-written `init(from:)`s
// (every field defaulted); a forgotten line there would silently drop a YAML field, since the
// encoder still writes it and the unknown-key check still accepts it. So each field of the default
// experiment, in turn, is given a value of the wrong type: the loader must reject it, naming it.
import Foundation
import Testing
@testable import ReciteLab

@Suite struct SpecFieldTests {
    /// Dotted paths of every leaf (a scalar or a list) of a tree.
    static func leaves(_ v: ConfigValue, _ path: [String] = []) -> [[String]] {
        if case let .map(m) = v { return m.keys.sorted().flatMap { leaves(m[$0]!, path + [$0]) } }
        return [path]
    }

    @Test func everyFieldOfEveryspecIsDecoded() throws {
        let tree = try ExperimentLoader.encode(Experiment())
        let paths = Self.leaves(tree)
        // Every spec contributes: the experiment, world (and its background language), model, optimizer, data, training, evals.
        for prefix in ["world", "model", "optimizer", "data", "training", "evals"] {
            #expect(paths.contains { $0.first == prefix }, "no field under \(prefix)")
        }
        #expect(paths.count > 30, "\(paths.count) fields")
        // A list of lists is the wrong type for every field: scalars, strings and typed lists alike.
        let wrong = ConfigValue.list([.list([])])
        for path in paths {
            var t = tree
            t.set(wrong, at: path)
            let text = errorText { _ = try ExperimentLoader.decode(t, file: "spec.yaml") }
            let field = path.joined(separator: ".")
            #expect(text.contains("spec.yaml") && text.contains(field), "\(field) was not read by its decoder: '\(text)'")
        }
    }

    @Test func theDefaultExperimentRoundTrips() throws {
        var e = Experiment()
        e.name = "round-trip"; e.figure = ["a", "b"]; e.seed = 7
        e.data.recitations = 8; e.data.schedule = .massed; e.training.checkpoints = 3; e.evals.metrics = [.mc, .exact]
        let back = try ExperimentLoader.decode(ExperimentLoader.encode(e), file: "spec.yaml")
        #expect(back == e)
    }

    @Test func figureIsANameOrAList() throws {
        #expect(try loadRuns("name: x\nfigure: one\n")[0].experiment.figure == ["one"])
        #expect(try loadRuns("name: x\nfigure: [one, two]\n")[0].experiment.figure == ["one", "two"])
        // A list of figures is not a grid axis: one run, not two.
        #expect(try loadRuns("name: x\nfigure: [one, two]\n").count == 1)
        #expect(try loadRuns("name: x\n")[0].experiment.figure.isEmpty)
    }
}
