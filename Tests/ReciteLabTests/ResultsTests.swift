// The results store: atomic files, the CSV format (round trip, NaN, errors), per-run files and merging.
import Foundation
import Testing
@testable import ReciteLab

@Suite struct ResultsTests {
    func row(_ run: String, value: Double, flops: Double = 1.5e9, status: RunStatus = .ok) -> ResultRow {
        ResultRow(run: run, experiment: "tiny", seed: 3, world: "web+facts", params: 1234, width: 8, context: 2,
                  uniqueTokens: 1000, recitations: 4, schedule: .massed, regime: .fixedCompute, budgetFlops: 2.5e12,
                  tokensTrained: 4000, flops: flops, step: 125, eval: .loss, value: value, entropyFloor: 3.6412345678901234,
                  status: status)
    }

    @Test func atomicWriteLeavesNoTempFiles() throws {
        let dir = scratchDirectory("atomic") + "/a/b"
        let path = dir + "/file.txt"
        try AtomicFile.write("first", to: path)
        try AtomicFile.write("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(listing(dir) == ["file.txt"])
    }

    @Test func concurrentAtomicWritesLeaveOneWholeFile() throws {
        let dir = scratchDirectory("atomic-concurrent")
        let path = dir + "/runs.csv"
        let contents = (0..<8).map { i in String(repeating: "\(i)", count: 200_000) }
        DispatchQueue.concurrentPerform(iterations: contents.count) { i in try! AtomicFile.write(contents[i], to: path) }
        #expect(contents.contains(try String(contentsOfFile: path, encoding: .utf8)))
        #expect(listing(dir) == ["runs.csv"])
    }

    @Test func csvRoundTripsEveryValueExactly() throws {
        let values: [Double] = [.nan, .infinity, -.infinity, 0, 0.1, 1.0 / 3.0, -2.75, 1e-300, 123456789.125, 4.0]
        let rows = values.enumerated().map { i, v in row("run\(i)", value: v, flops: i.isMultiple(of: 2) ? 1e20 : 7.25e3) }
        let text = ResultsCSV.render(rows)
        let back = try ResultsCSV.parse(text, path: "test.csv")
        #expect(back.count == rows.count)
        for (a, b) in zip(rows, back) {
            #expect(sameDouble(a.value, b.value), "\(a.value) came back as \(b.value)")
            #expect(sameDouble(a.flops, b.flops) && sameDouble(a.budgetFlops, b.budgetFlops) && sameDouble(a.entropyFloor, b.entropyFloor))
            var a2 = a, b2 = b
            a2.value = 0; b2.value = 0
            #expect(a2 == b2)
        }
        #expect(ResultsCSV.render(back) == text)
        #expect(text.contains(",nan,"))
    }

    @Test func csvHeaderHasTheDesignColumns() {
        let header = ResultsCSV.render([]).split(separator: "\n")[0].split(separator: ",").map(String.init)
        for c in ["run", "seed", "world", "params", "unique_tokens", "recitations", "schedule", "regime",
                  "tokens_trained", "flops", "step", "eval", "value"] {
            #expect(header.contains(c), "missing column \(c)")
        }
    }

    @Test func csvErrorsNameThePathAndLine() {
        let good = ResultsCSV.render([row("a", value: 1)])
        let badHeader = errorText { _ = try ResultsCSV.parse("x,y\n1,2\n", path: "/r/runs.csv") }
        #expect(badHeader.contains("/r/runs.csv") && badHeader.contains("header"), "\(badHeader)")
        let badLine = errorText { _ = try ResultsCSV.parse(good + "a,b,c\n", path: "/r/runs.csv") }
        #expect(badLine.contains("line 3"), "\(badLine)")
        let badNumber = errorText { _ = try ResultsCSV.parse(good.replacingOccurrences(of: ",1234,", with: ",12x4,"), path: "p") }
        #expect(badNumber.contains("line 2"), "\(badNumber)")
        // An unknown schedule, eval or status is an error naming the column and the choices, not a relabelled row.
        let badSchedule = errorText { _ = try ResultsCSV.parse(good.replacingOccurrences(of: ",massed,", with: ",interleaved,"), path: "p") }
        #expect(badSchedule.contains("line 2") && badSchedule.contains("schedule") && badSchedule.contains("spaced, massed, random")
                && badSchedule.contains("'interleaved'"), "\(badSchedule)")
        let badEval = errorText { _ = try ResultsCSV.parse(good.replacingOccurrences(of: ",loss,", with: ",bleu,"), path: "p") }
        #expect(badEval.contains("eval") && badEval.contains("'bleu'"), "\(badEval)")
        let badStatus = errorText { _ = try ResultsCSV.parse(good.replacingOccurrences(of: ",ok,", with: ",fine,"), path: "p") }
        #expect(badStatus.contains("status") && badStatus.contains("ok, diverged"), "\(badStatus)")
    }

    @Test func csvReadsQuotedAndCRLFFiles() throws {
        // runs.csv is written unquoted, but the one CSV reader also takes what a spreadsheet writes back.
        let good = ResultsCSV.render([row("a", value: 1)])
        let quoted = good.replacingOccurrences(of: "web+facts", with: "\"web+facts\"").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try ResultsCSV.parse(quoted, path: "p") == [row("a", value: 1)])
    }

    @Test func storeSavesMergesAndCleans() throws {
        let store = ResultsStore(directory: scratchDirectory("store"))
        try store.save(key: "bbbb", rows: [row("bbbb", value: 2), row("bbbb", value: .nan, status: .diverged)], info: ["status": "ok"])
        try store.save(key: "aaaa", rows: [row("aaaa", value: 1)], info: ["status": "ok"])
        #expect(listing(store.runsDirectory) == ["aaaa.csv", "aaaa.json", "bbbb.csv", "bbbb.json"])
        #expect(store.isFinished("aaaa") && !store.isFinished("cccc"))
        #expect(store.finishedKeys() == ["aaaa", "bbbb"])
        #expect(try store.merge() == 3)
        let merged = try ResultsCSV.read(store.mergedPath)
        #expect(merged.map(\.run) == ["aaaa", "bbbb", "bbbb"])
        #expect(merged[2].value.isNaN && merged[2].status == .diverged)
        #expect(try store.merge(keys: ["bbbb", "zzzz"]) == 2, "unfinished keys are skipped")
        #expect(!listing(store.directory).contains { $0.hasSuffix(".tmp") })
    }

    @Test func claimsAreExclusive() throws {
        let store = ResultsStore(directory: scratchDirectory("claims"))
        let first = try #require(store.claim("k"))
        #expect(store.claim("k") == nil)
        #expect(store.isClaimed("k"))
        first.release()
        #expect(!store.isClaimed("k"))
        let again = store.claim("k")
        #expect(again != nil)
        again?.release()
        #expect(!listing(store.runsDirectory).contains("k.claim"))
    }

    /// The pid of a process that has exited (so surely not alive now).
    func deadPid() throws -> pid_t {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run(); p.waitUntilExit()
        return p.processIdentifier
    }

    @Test func cleanStaleKeepsALiveWritersTempFileAndAHeldClaim() throws {
        let store = ResultsStore(directory: scratchDirectory("live"))
        try AtomicFile.makeDirectories(store.runsDirectory)
        let live = store.runsDirectory + "/.cccc.csv.\(getpid()).1.tmp", dead = store.runsDirectory + "/.dddd.csv.\(try deadPid()).2.tmp"
        for p in [live, dead] { _ = FileManager.default.createFile(atPath: p, contents: Data("x".utf8)) }
        let held = try #require(store.claim("cccc"))
        store.cleanStale()
        #expect(FileManager.default.fileExists(atPath: live) && !FileManager.default.fileExists(atPath: dead))
        #expect(store.isClaimed("cccc"))
        held.release()
    }

    @Test func cleanStaleRemovesWhatAKilledSweepLeft() throws {
        let store = ResultsStore(directory: scratchDirectory("stale"))
        try store.save(key: "aaaa", rows: [row("aaaa", value: 1)], info: [:])
        try store.merge()
        _ = store.claim("bbbb")
        let pid = try deadPid()
        for p in [store.runsDirectory + "/.bbbb.csv.\(pid).456.tmp", store.directory + "/.runs.csv.\(pid).789.tmp"] {
            _ = FileManager.default.createFile(atPath: p, contents: Data("half a fi".utf8))
        }
        store.cleanStale()
        #expect(listing(store.runsDirectory) == ["aaaa.csv", "aaaa.json"])
        #expect(listing(store.directory) == ["runs", "runs.csv"])
    }
}
