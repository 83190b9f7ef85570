// Joining results directories (the shards of one sweep): every check first, then the copies, then
// runs.csv and a merged manifest. Directories of different experiments (another spec, another
// thread count) are refused before anything is copied.
import Foundation

public enum ResultsMerge {
    /// What a merge did.
    public struct Result: Sendable {
        public var rows: Int
        public var runs: Int
        public var gridRuns: Int
        public var copied: Int
        /// Runs present in two sources with different rows (the first source's were kept).
        public var conflicts: [String]
    }

    /// Merges the finished runs of `sources` into `target` (which may be one of them).
    public static func merge(_ sources: [String], into target: String) throws -> Result {
        let fm = FileManager.default
        // MARK: Checks
        var manifests: [(dir: String, manifest: [String: Any])] = []
        for dir in sources {
            let store = ResultsStore(directory: dir)
            guard fm.fileExists(atPath: store.runsDirectory) else {
                throw LabError.results(path: dir, reason: "no runs/ directory: not a results directory of `recite sweep`")
            }
            manifests.append((dir, try readManifest(store)))
        }
        let targetStore = ResultsStore(directory: target)
        if !sources.contains(target), fm.fileExists(atPath: targetStore.manifestPath) {
            manifests.append((target, try readManifest(targetStore)))
        }
        let reference = manifests[0]
        for other in manifests.dropFirst() {
            if let why = incompatibility(reference.manifest, other.manifest) {
                throw LabError.results(path: other.dir, reason: "cannot be merged with \(reference.dir): \(why); nothing was copied")
            }
        }
        let grid = (reference.manifest["runs"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        let gridSet = Set(grid)
        var plan: [(key: String, from: ResultsStore)] = []
        var chosen: [String: ResultsStore] = [:]
        var conflicts: [String] = []
        for dir in sources {
            let store = ResultsStore(directory: dir)
            for key in store.finishedKeys() {
                guard gridSet.contains(key) else {
                    throw LabError.results(path: store.rowsPath(key), reason: "is not a run of this experiment's grid (see \(dir)/manifest.json); nothing was copied")
                }
                if let first = chosen[key] {
                    if fm.contents(atPath: first.rowsPath(key)) != fm.contents(atPath: store.rowsPath(key)) { conflicts.append(key) }
                    continue
                }
                chosen[key] = store
                if store.directory != targetStore.directory && !targetStore.isFinished(key) { plan.append((key, store)) }
            }
        }
        // MARK: Copies (info first, rows last: the rows file marks a finished run)
        for (key, from) in plan {
            if let info = fm.contents(atPath: from.infoPath(key)) { try AtomicFile.write(info, to: targetStore.infoPath(key)) }
            guard let rows = fm.contents(atPath: from.rowsPath(key)) else {
                throw LabError.results(path: from.rowsPath(key), reason: "cannot read it")
            }
            try AtomicFile.write(rows, to: targetStore.rowsPath(key))
        }
        let finished = grid.filter(targetStore.isFinished)
        let rows = try targetStore.merge(keys: finished)
        // MARK: Merged manifest
        var m = reference.manifest
        m["shard"] = "merged"
        m["merged_from"] = sources
        m["status"] = finished.count == grid.count ? "complete" : "partial"
        m["runs_finished"] = finished.count
        m["runs_wall_seconds_total"] = targetStore.totalRunSeconds(keys: finished)
        m["written_at"] = ISO8601DateFormatter().string(from: Date())
        try Manifest.write(m, to: targetStore.manifestPath)
        return Result(rows: rows, runs: finished.count, gridRuns: grid.count, copied: plan.count, conflicts: conflicts)
    }

    static func readManifest(_ store: ResultsStore) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: store.manifestPath) else {
            throw LabError.results(path: store.directory, reason: "no manifest.json: cannot tell which experiment these runs belong to")
        }
        guard let m = try? JSONSerialization.jsonObject(with: data) as? [String: Any], m["spec"] is String else {
            throw LabError.results(path: store.manifestPath, reason: "is not a manifest written by `recite sweep`")
        }
        return m
    }

    /// Nil when two manifests describe the same grid, else what differs.
    static func incompatibility(_ a: [String: Any], _ b: [String: Any]) -> String? {
        let sa = a["spec"] as? String ?? "", sb = b["spec"] as? String ?? ""
        if sa != sb {
            let ta = try? ConfigValue.parseYAML(sa), tb = try? ConfigValue.parseYAML(sb)
            let where_ = ta.flatMap { x in tb.flatMap { firstDifference(x, $0, []) } }
            return "a different experiment (its configuration differs" + (where_.map { " at '\($0)'" } ?? "") + ")"
        }
        let ta = a["blas_threads_per_worker"] as? Int ?? 1, tb = b["blas_threads_per_worker"] as? Int ?? 1
        if ta != tb { return "trained with \(tb) BLAS threads per run instead of \(ta) (results depend on it)" }
        return nil
    }

    /// The dotted path of the first field where two trees differ.
    static func firstDifference(_ a: ConfigValue, _ b: ConfigValue, _ path: [String]) -> String? {
        if a == b { return nil }
        guard case let .map(ma) = a, case let .map(mb) = b else { return path.isEmpty ? "(top level)" : path.joined(separator: ".") }
        for k in Set(ma.keys).union(mb.keys).sorted() {
            guard let x = ma[k], let y = mb[k] else { return (path + [k]).joined(separator: ".") }
            if let d = firstDifference(x, y, path + [k]) { return d }
        }
        return nil
    }
}
