// Helpers shared by the lab tests: scratch directories, experiment files written on the fly, and
// a tiny experiment (64-token background, width 8, a few thousand tokens) that trains in milliseconds.
import Foundation
import ReciteCore
@testable import ReciteLab

/// A fresh, empty directory under the system temp directory.
func scratchDirectory(_ label: String = "lab") -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("recite-labtests-\(label)-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `yaml` to a new file and returns its path.
func experimentFile(_ yaml: String, name: String = "experiment.yaml") -> String {
    let path = scratchDirectory("yaml") + "/" + name
    try! yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Loads the runs of a YAML text (written to a temp file first).
func loadRuns(_ yaml: String, overrides: [String] = []) throws -> [ResolvedRun] {
    try ExperimentLoader.load(file: experimentFile(yaml), overrides: overrides)
}

/// The error a throwing call produced, as the user would read it ("" if it did not throw).
func errorText(_ body: () throws -> Void) -> String {
    do { try body(); return "" } catch { return String(describing: error) }
}

/// Files (names) in a directory, sorted; empty if it does not exist.
func listing(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
}

/// A run small enough to train in milliseconds: V = 65, d = 8, U = 1000, R = 2 (D = 2000).
let tinyYAML = """
    name: tiny
    seed: 1
    world:
      background: {vocabulary: 64}
    model: {width: 8, context: 1}
    optimizer: {kind: sgd, learning_rate: 0.5}
    data: {regime: fixed-data, unique_tokens: 1000, recitations: 2, sentence_length: 16}
    training: {batch_size: 32, checkpoints: 3}
    evals: {metrics: [loss, top1], held_out_tokens: 256}
    """

/// The single run of `tinyYAML` with `overrides` applied.
func tinyRun(_ overrides: [String] = []) throws -> ResolvedRun {
    let runs = try loadRuns(tinyYAML, overrides: overrides)
    precondition(runs.count == 1, "tinyRun expects one run, got \(runs.count)")
    return runs[0]
}

/// Compares doubles treating NaN as equal to NaN (bit-for-bit otherwise).
func sameDouble(_ a: Double, _ b: Double) -> Bool { (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern }
