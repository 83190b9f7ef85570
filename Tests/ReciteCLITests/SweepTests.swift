// Sweeps in worker processes: an uninterrupted sweep is the reference; a sweep killed mid-run and
// started again, and two shards merged, must reproduce its runs.csv byte for byte.
import Foundation
import Testing

/// The grid swept once without interruption (two workers, one BLAS thread each).
let referenceSweep: (dir: String, result: CommandResult?) = {
    let dir = scratchDirectory("reference")
    return (dir, try? runRecite(["sweep", gridFile, "--workers", "2", "--threads", "1", "--out", dir], timeout: 120))
}()

/// The reference runs.csv, after checking that its sweep succeeded.
func referenceCSV() throws -> String {
    let r = try #require(referenceSweep.result, "the reference sweep could not be started")
    try #require(r.status == 0, "reference sweep failed: \(r.text)")
    let csv = contents(referenceSweep.dir + "/runs.csv")
    // 6 runs × 2 checkpoints × 2 evals.
    try #require(csv.split(separator: "\n").count == 1 + 24, "reference runs.csv: \(csv)")
    return csv
}

/// Finished runs in a results directory (the per-run rows files).
func finishedRuns(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/runs")) ?? [])
        .filter { $0.hasSuffix(".csv") && !$0.hasPrefix(".") }.sorted()
}

/// Live processes whose command line names `dir` (a sweep writing there, and its workers).
func processes(using dir: String) -> [(pid: pid_t, isWorker: Bool)] {
    let me = getpid()
    return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name in
        guard let pid = pid_t(name), pid != me,
              let raw = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
        let args = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard args.contains(dir) else { return nil }
        return (pid, args.contains("worker"))
    }
}

/// Only the finished files of `keys` runs: `<key>.csv` and `<key>.json`, nothing half-written.
func expectCleanRunsDirectory(_ dir: String, runs: Int) {
    let files = allFiles(dir)
    #expect(!files.contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".claim") || $0.hasPrefix(".") || $0.contains("/.") },
            "stray files: \(files)")
    let perRun = files.filter { $0.hasPrefix("runs/") }
    #expect(perRun.count == 2 * runs, "\(perRun)")
    #expect(perRun.allSatisfy { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }, "\(perRun)")
}

@Suite struct SweepTests {
    @Test func sweepWritesEveryRun() throws {
        let csv = try referenceCSV()
        #expect(finishedRuns(referenceSweep.dir).count == 6)
        expectCleanRunsDirectory(referenceSweep.dir, runs: 6)
        #expect(FileManager.default.fileExists(atPath: referenceSweep.dir + "/manifest.json"))
        #expect(!csv.contains("nan") && !csv.contains("diverged"))
        // A second sweep over a finished directory runs nothing and rewrites the same runs.csv.
        let again = try runRecite(["sweep", gridFile, "--workers", "2", "--threads", "1", "--out", referenceSweep.dir])
        #expect(again.status == 0 && contents(referenceSweep.dir + "/runs.csv") == csv, "\(again.text)")
    }

    @Test func resumeAfterAKillMatchesAnUninterruptedSweep() throws {
        let reference = try referenceCSV()
        let dir = scratchDirectory("resume"), logs = scratchDirectory("resume-logs")
        let sweep = try launch(try recite(), ["sweep", gridFile, "--workers", "1", "--threads", "1", "--out", dir], logs: logs)
        // Wait until one run is finished and the next worker is training, then kill the sweep and
        // its worker with SIGKILL: no handler runs, exactly as after a crash or `kill -9`.
        let deadline = Date().addingTimeInterval(60)
        var workers: [pid_t] = []
        while sweep.isRunning && Date() < deadline {
            if !finishedRuns(dir).isEmpty {
                workers = processes(using: dir).filter(\.isWorker).map(\.pid)
                if !workers.isEmpty { break }
            }
            usleep(1_000)
        }
        kill(sweep.processIdentifier, SIGKILL)
        sweep.waitUntilExit()
        for pid in workers { kill(pid, SIGKILL) }
        for p in processes(using: dir) { kill(p.pid, SIGKILL) }   // a worker started in between
        while !processes(using: dir).isEmpty && Date() < deadline { usleep(5_000) }
        let atKill = finishedRuns(dir).count
        #expect(!workers.isEmpty, "no worker was caught mid-run (\(atKill) runs finished)")
        #expect(atKill >= 1 && atKill < 6, "the kill must land mid-sweep: \(atKill) runs finished")

        let resumed = try runRecite(["sweep", gridFile, "--workers", "1", "--threads", "1", "--out", dir])
        #expect(resumed.status == 0, "\(resumed.text)")
        #expect(contents(dir + "/runs.csv") == reference, "resumed runs.csv differs from the uninterrupted one")
        expectCleanRunsDirectory(dir, runs: 6)
        let listing = dryRunKeys(try runRecite(["sweep", gridFile, "--dry-run", "--out", dir]).stdout)
        #expect(listing.count == 6 && listing.allSatisfy { $0.status == "done" }, "\(listing)")
    }

    @Test func mergedShardsEqualTheUnshardedSweep() throws {
        let reference = try referenceCSV()
        let a = scratchDirectory("shard0"), b = scratchDirectory("shard1"), merged = scratchDirectory("merged") + "/all"
        for (i, dir) in [a, b].enumerated() {
            let r = try runRecite(["sweep", gridFile, "--shard", "\(i)/2", "--workers", "1", "--threads", "1", "--out", dir])
            #expect(r.status == 0, "\(r.text)")
            #expect(finishedRuns(dir).count == 3)
        }
        #expect(Set(finishedRuns(a)).isDisjoint(with: finishedRuns(b)))
        let m = try runRecite(["merge", a, b, "--out", merged])
        #expect(m.status == 0, "\(m.text)")
        #expect(contents(merged + "/runs.csv") == reference, "merged runs.csv differs from the unsharded one")
        expectCleanRunsDirectory(merged, runs: 6)
        // Merging into the first shard's directory gives the same result.
        let inPlace = try runRecite(["merge", a, b])
        #expect(inPlace.status == 0 && contents(a + "/runs.csv") == reference, "\(inPlace.text)")
    }

    @Test func mergeOfANonResultsDirectoryFails() throws {
        let r = try runRecite(["merge", scratchDirectory("empty"), "--out", scratchDirectory("target")])
        #expect(r.status != 0 && r.stderr.contains("runs/"), "\(r.text)")
    }

    @Test func divergedRunDoesNotStopTheSweep() throws {
        let dir = scratchDirectory("diverge")
        let r = try runRecite(["sweep", "experiments/tests/diverge.yaml", "--workers", "2", "--threads", "1", "--out", dir])
        #expect(r.status == 0, "\(r.text)")
        #expect(finishedRuns(dir).count == 2)
        let lines = contents(dir + "/runs.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let status = try #require(header.firstIndex(of: "status")), value = try #require(header.firstIndex(of: "value"))
        let run = try #require(header.firstIndex(of: "run"))
        let rows = lines.dropFirst()
        #expect(rows.count == 4, "2 runs × 2 checkpoints × 1 eval: \(rows)")
        let byRun = Dictionary(grouping: rows, by: { $0[run] })
        #expect(byRun.count == 2)
        #expect(byRun.values.contains { rs in rs.allSatisfy { $0[status] == "ok" && Double($0[value])!.isFinite } })
        #expect(byRun.values.contains { rs in rs.last.map { $0[status] == "diverged" && $0[value] == "nan" } ?? false })
    }
}
