import ArgumentParser
import Foundation
import ReciteLab

extension Recite {
    /// `recite merge DIR...`: join the per-run results of shards into one runs.csv.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the results of sweep shards (or rebuild one directory's runs.csv).",
            discussion: "Copies finished runs from every DIR into --out (default: the first DIR) and rebuilds runs.csv there.")

        @Argument(help: "Results directories written by `recite sweep --shard i/n`.")
        var directories: [String]

        @Option(help: "Directory to merge into (default: the first one).")
        var out: String?

        func validate() throws {
            if directories.isEmpty { throw ValidationError("name at least one results directory") }
        }

        func run() throws {
            let target = ResultsStore(directory: out ?? directories[0])
            try FileManager.default.createDirectory(atPath: target.runsDirectory, withIntermediateDirectories: true)
            var copied = 0
            for dir in directories {
                let source = ResultsStore(directory: dir)
                guard FileManager.default.fileExists(atPath: source.runsDirectory) else {
                    throw LabError.results(path: dir, reason: "no runs/ directory: not a results directory of `recite sweep`")
                }
                if source.directory == target.directory { continue }
                for key in source.finishedKeys() where !target.isFinished(key) {
                    if let info = FileManager.default.contents(atPath: source.infoPath(key)) { try AtomicFile.write(info, to: target.infoPath(key)) }
                    try AtomicFile.write(FileManager.default.contents(atPath: source.rowsPath(key)) ?? Data(), to: target.rowsPath(key))
                    copied += 1
                }
                if !FileManager.default.fileExists(atPath: target.manifestPath),
                   let m = FileManager.default.contents(atPath: source.manifestPath) { try AtomicFile.write(m, to: target.manifestPath) }
            }
            let rows = try target.merge()
            note("\(target.mergedPath): \(rows) rows from \(target.finishedKeys().count) runs (\(copied) copied)")
            print(target.mergedPath)
        }
    }
}
