import ArgumentParser
import Foundation
import ReciteCore
import ReciteLab

/// Options shared by commands that run training.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a field of the experiment file: path=value (YAML value; lists make grids).", valueName: "path=value"))
    var overrides: [String] = []

    @Option(help: "Results directory (default: results/<experiment name>).")
    var out: String?

    @Option(help: "OpenBLAS threads per training process (default: cores / workers).")
    var threads: Int?

    func validate() throws {
        if let t = threads, t < 1 || t > 256 { throw ValidationError("--threads must be in 1...256, got \(t)") }
        if let o = out, o.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--out needs a directory (got an empty path); leave it out for results/<experiment name>")
        }
        for o in overrides where !o.contains("=") {
            throw ValidationError("--set expects path=value (for example --set seed=[1,2,3]), got '\(o)'")
        }
    }
}

/// A comma-separated list of integers (`8,16, 32`), or nil when empty or any item is not one.
func parseIntegerList(_ s: String) -> [Int]? {
    let v = s.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    return v.isEmpty || v.contains(where: { $0 == nil }) ? nil : v.map { $0! }
}

/// Prints to stderr (human messages; stdout is kept for machine-readable output).
func note(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

extension RunScale: ExpressibleByArgument {}
