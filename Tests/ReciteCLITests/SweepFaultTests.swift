// Sweeps under faults: a worker killed (the sweep fails, says which run and why), the sweep killed
// with SIGKILL (its workers die with it), SIGINT (everything stops, nothing half-written, resume is
// exact), two sweeps on one directory (each run trained once), the file edited mid-sweep (the
// snapshot is what runs), and merges of unrelated experiments (refused before copying).
import Foundation
import Testing

/// Waits until `condition` holds or `seconds` pass; returns whether it held.
func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline { if condition() { return true }; usleep(2_000) }
    return condition()
}

/// Live worker processes of sweeps writing to `dir`.
func workers(_ dir: String) -> [pid_t] { processes(using: dir).filter(\.isWorker).map(\.pid) }

/// "N runs trained here" from a sweep's stderr.
func trainedHere(_ stderr: String) -> Int {
    guard let r = stderr.range(of: #"(\d+) runs trained here"#, options: .regularExpression) else { return 0 }
    return Int(stderr[r].split(separator: " ")[0]) ?? 0
}

@Suite(.serialized) struct SweepFaultTests {
    let sweepArgs = ["sweep", gridFile, "--workers", "1", "--threads", "1"]

    @Test func aKilledWorkerFailsTheSweepWithASummary() throws {
        let dir = scratchDirectory("failed"), logs = scratchDirectory("failed-logs")
        let sweep = try launch(try recite(), sweepArgs + ["--out", dir], logs: logs)
        #expect(waitFor(60) { !workers(dir).isEmpty }, "no worker started")
        for pid in workers(dir) { kill(pid, SIGKILL) }
        sweep.waitUntilExit()
        let err = contents(logs + "/stderr")
        #expect(sweep.terminationStatus == 1, "a sweep with a failed run must exit non-zero: \(err)")
        #expect(err.contains("1 of 6 runs failed") && err.contains("killed by signal 9"), "\(err)")
        #expect(finishedRuns(dir).count == 5, "the other runs still finish")
    }

    @Test func workersDieWithAKilledSweep() throws {
        let dir = scratchDirectory("orphans"), logs = scratchDirectory("orphans-logs")
        let sweep = try launch(try recite(), ["sweep", gridFile, "--workers", "2", "--threads", "1", "--out", dir], logs: logs)
        #expect(waitFor(60) { !workers(dir).isEmpty }, "no worker started")
        kill(sweep.processIdentifier, SIGKILL)
        sweep.waitUntilExit()
        #expect(waitFor(3) { workers(dir).isEmpty }, "orphaned workers: \(workers(dir))")
        for pid in workers(dir) { kill(pid, SIGKILL) }
    }

    @Test func sigintStopsEverythingAndTheResumeIsExact() throws {
        // The soak grid: runs long enough (a few tenths of a second) for the signal to land mid-sweep.
        let soak = ["sweep", "experiments/tests/soak.yaml", "--workers", "1", "--threads", "1"]
        let refDir = scratchDirectory("sigint-ref")
        let ref = try runRecite(soak + ["--out", refDir], timeout: 120)
        try #require(ref.status == 0, "\(ref.text)")
        let reference = contents(refDir + "/runs.csv")
        let dir = scratchDirectory("sigint"), logs = scratchDirectory("sigint-logs")
        let sweep = try launch(try recite(), soak + ["--out", dir], logs: logs)
        #expect(waitFor(60) { !workers(dir).isEmpty && !finishedRuns(dir).isEmpty }, "no worker caught mid-sweep")
        kill(sweep.processIdentifier, SIGINT)
        #expect(waitFor(10) { !sweep.isRunning }, "the sweep did not stop on SIGINT")
        sweep.waitUntilExit()
        #expect(sweep.terminationStatus == 128 + SIGINT, "\(contents(logs + "/stderr"))")
        #expect(workers(dir).isEmpty, "workers left running")
        let stray = allFiles(dir).filter { $0.hasSuffix(".tmp") || $0.hasSuffix(".claim") }
        #expect(stray.isEmpty, "\(stray)")
        #expect(finishedRuns(dir).count < 12, "the signal landed after the sweep")
        let resumed = try runRecite(soak + ["--out", dir], timeout: 120)
        #expect(resumed.status == 0 && contents(dir + "/runs.csv") == reference, "\(resumed.text)")
    }

    @Test func twoSweepsOnOneDirectorySplitTheRuns() throws {
        let reference = try referenceCSV()
        let dir = scratchDirectory("shared"), la = scratchDirectory("shared-a"), lb = scratchDirectory("shared-b")
        let a = try launch(try recite(), sweepArgs + ["--out", dir], logs: la)
        let b = try launch(try recite(), sweepArgs + ["--out", dir], logs: lb)
        a.waitUntilExit(); b.waitUntilExit()
        let ea = contents(la + "/stderr"), eb = contents(lb + "/stderr")
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0, "\(ea)\n\(eb)")
        #expect(trainedHere(ea) + trainedHere(eb) == 6, "each run must be trained once: \(ea)\n\(eb)")
        #expect(contents(dir + "/runs.csv") == reference)
        expectCleanRunsDirectory(dir, runs: 6)
    }

    @Test func editingTheFileDuringASweepChangesNothing() throws {
        let reference = try referenceCSV()
        let work = scratchDirectory("edit"), dir = work + "/out", logs = scratchDirectory("edit-logs")
        let file = work + "/grid.yaml"
        let original = contents(packageRoot + "/" + gridFile)
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        let sweep = try launch(try recite(), ["sweep", file, "--workers", "1", "--threads", "1", "--out", dir], logs: logs)
        #expect(waitFor(60) { !finishedRuns(dir).isEmpty }, "no run finished")
        try #require(original.contains("seed: [1, 2, 3]"))
        try original.replacingOccurrences(of: "seed: [1, 2, 3]", with: "seed: [5, 6, 7]").write(toFile: file, atomically: true, encoding: .utf8)
        sweep.waitUntilExit()
        #expect(sweep.terminationStatus == 0, "\(contents(logs + "/stderr"))")
        #expect(contents(dir + "/runs.csv") == reference, "the sweep must run the configuration it started with")
        let manifest = contents(dir + "/manifest.json")
        #expect(!manifest.contains("[5,6,7]") && manifest.contains("snapshot"), "\(manifest)")
    }

    @Test func mergeRefusesAnotherExperimentBeforeCopying() throws {
        let a = scratchDirectory("merge-a"), b = scratchDirectory("merge-b"), target = scratchDirectory("merge-t") + "/out"
        #expect(try runRecite(sweepArgs + ["--shard", "0/2", "--out", a]).status == 0)
        #expect(try runRecite(["sweep", "experiments/tests/diverge.yaml", "--workers", "1", "--threads", "1", "--out", b]).status == 0)
        let r = try runRecite(["merge", a, b, "--out", target])
        #expect(r.status != 0 && r.stderr.contains("different experiment") && r.stderr.contains("nothing was copied"), "\(r.text)")
        #expect(finishedRuns(target).isEmpty, "copied before failing")
        // Another thread count is another set of runs.
        let c = scratchDirectory("merge-c")
        #expect(try runRecite(["sweep", gridFile, "--shard", "1/2", "--workers", "1", "--threads", "2", "--out", c]).status == 0)
        let t = try runRecite(["merge", a, c, "--out", target])
        #expect(t.status != 0 && t.stderr.contains("BLAS threads"), "\(t.text)")
    }
}
