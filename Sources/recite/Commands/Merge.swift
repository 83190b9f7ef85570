import ArgumentParser
import Foundation
import ReciteLab

extension Recite {
    /// `recite merge DIR...`: join the per-run results of shards into one runs.csv.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the results of sweep shards (or rebuild one directory's runs.csv).",
            discussion: """
                Checks that every DIR holds runs of the same experiment (same configuration and thread count, from \
                their manifest.json) before copying anything, then copies the finished runs into --out (default: the \
                first DIR), rebuilds runs.csv there and writes a merged manifest.
                """)

        @Argument(help: "Results directories written by `recite sweep --shard i/n`.")
        var directories: [String]

        @Option(help: "Directory to merge into (default: the first one).")
        var out: String?

        func validate() throws {
            if directories.isEmpty { throw ValidationError("name at least one results directory") }
            if let o = out, o.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out needs a directory, got an empty path") }
        }

        func run() throws {
            let target = out ?? directories[0]
            let r = try ResultsMerge.merge(directories, into: target)
            for key in r.conflicts { note("warning: run \(key) has different rows in two directories; kept the first") }
            note("\(ResultsStore(directory: target).mergedPath): \(r.rows) rows from \(r.runs)/\(r.gridRuns) runs (\(r.copied) copied)")
            print(ResultsStore(directory: target).mergedPath)
        }
    }
}
