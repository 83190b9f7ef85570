// The results directory of one experiment:
//   results/<name>/runs/<key>.csv    rows of one finished run (written atomically, last)
//   results/<name>/runs/<key>.json   its resolved config, timings and status
//   results/<name>/runs.csv          all finished runs, merged (rebuilt from runs/, in key order)
//   results/<name>/manifest.json     spec, seeds, versions, machine, timings, git commit
// A run counts as finished exactly when its `.csv` exists, so a killed sweep resumes by skipping them.
import Foundation

public struct ResultsStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public var runsDirectory: String { directory + "/runs" }
    public func rowsPath(_ key: String) -> String { "\(runsDirectory)/\(key).csv" }
    public func infoPath(_ key: String) -> String { "\(runsDirectory)/\(key).json" }
    public var mergedPath: String { directory + "/runs.csv" }
    public var manifestPath: String { directory + "/manifest.json" }

    /// Whether the run with this key has finished.
    public func isFinished(_ key: String) -> Bool { FileManager.default.fileExists(atPath: rowsPath(key)) }

    /// Saves a finished run: info first, rows last (the rows file marks completion).
    public func save(key: String, rows: [ResultRow], info: [String: Any]) throws {
        let json = try JSONSerialization.data(withJSONObject: info, options: [.sortedKeys, .prettyPrinted])
        try AtomicFile.write(json, to: infoPath(key))
        try AtomicFile.write(ResultsCSV.render(rows), to: rowsPath(key))
    }

    /// Keys of finished runs, sorted.
    public func finishedKeys() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".csv") && !$0.hasPrefix(".") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Rows of all finished runs among `keys` (all if nil), in key order.
    public func rows(keys: [String]? = nil) throws -> [ResultRow] {
        try (keys ?? finishedKeys()).sorted().filter(isFinished).flatMap { try ResultsCSV.read(rowsPath($0)) }
    }

    /// Rebuilds `runs.csv` from the per-run files, atomically. Returns the number of rows.
    @discardableResult
    public func merge(keys: [String]? = nil) throws -> Int {
        let rows = try rows(keys: keys)
        try AtomicFile.write(ResultsCSV.render(rows), to: mergedPath)
        return rows.count
    }

    /// Sum of the finished runs' own wall times among `keys` (from `runs/<key>.json`): the training
    /// cost of the results, whatever number of invocations (resumes) produced them.
    public func totalRunSeconds(keys: [String]) -> Double {
        keys.filter(isFinished).reduce(0) { total, key in
            guard let data = FileManager.default.contents(atPath: infoPath(key)),
                  let info = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let s = info["wall_seconds"] as? Double else { return total }
            return total + s
        }
    }
}
