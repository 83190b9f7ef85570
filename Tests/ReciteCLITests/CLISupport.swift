// Runs the built `recite` executable as a subprocess. It lies in the same build products directory
// as this test bundle (`.build/release`, `.build-xyz/debug`, ...), wherever the scratch path is.
import Foundation
import Testing

/// The package root (experiment files are given relative to it, as a user would).
let packageRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The `recite` executable next to this test bundle, or nil.
let reciteExecutable: String? = {
    let fm = FileManager.default
    func isExecutable(_ p: String) -> Bool {
        var dir: ObjCBool = false
        return fm.fileExists(atPath: p, isDirectory: &dir) && !dir.boolValue && fm.isExecutableFile(atPath: p)
    }
    if let env = ProcessInfo.processInfo.environment["RECITE_EXECUTABLE"], isExecutable(env) { return env }
    // The running test binary (Linux: `<products>/recitePackageTests.xctest`; macOS: a bundle
    // `<products>/recitePackageTests.xctest/Contents/MacOS/...`): search upwards from it.
    var starts: [URL] = []
    if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { starts.append(URL(fileURLWithPath: exe)) }
    if let exe = Bundle.main.executablePath { starts.append(URL(fileURLWithPath: exe)) }
    starts.append(URL(fileURLWithPath: CommandLine.arguments[0]))
    starts += Bundle.allBundles.map(\.bundleURL)
    for start in starts {
        var dir = start.deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent("recite").path
            if isExecutable(candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
    }
    return nil
}()

/// The path of `recite`, or a test failure that says how to provide it.
func recite() throws -> String {
    try #require(reciteExecutable != nil, """
        cannot find the `recite` executable next to the test binary (\(CommandLine.arguments[0])); \
        build it with the same scratch path (swift build --scratch-path ...) or set RECITE_EXECUTABLE
        """)
    return reciteExecutable!
}

/// What a finished subprocess produced.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var text: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// A fresh, empty directory under the system temp directory.
func scratchDirectory(_ label: String) -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("recite-clitests-\(label)-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Starts `executable args` in the package root with stdout and stderr going to files in `logs`.
func launch(_ executable: String, _ args: [String], logs: String) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    _ = FileManager.default.createFile(atPath: logs + "/stdout", contents: nil)
    _ = FileManager.default.createFile(atPath: logs + "/stderr", contents: nil)
    p.standardOutput = FileHandle(forWritingAtPath: logs + "/stdout")
    p.standardError = FileHandle(forWritingAtPath: logs + "/stderr")
    p.standardInput = FileHandle.nullDevice
    try p.run()
    return p
}

/// Runs `recite args` to completion (killed after `timeout` seconds) from the package root.
/// Output goes through files, so a chatty command cannot block on a full pipe.
@discardableResult
func runRecite(_ args: [String], timeout: Double = 60) throws -> CommandResult {
    try runToCompletion(try recite(), args, timeout: timeout)
}

/// Runs an executable to completion, killed after `timeout` seconds; its output goes through files
/// (a pipe could fill and block a chatty child).
func runToCompletion(_ executable: String, _ args: [String], timeout: Double) throws -> CommandResult {
    let logs = scratchDirectory("logs")
    defer { try? FileManager.default.removeItem(atPath: logs) }
    let p = try launch(executable, args, logs: logs)
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(5_000) }
    if p.isRunning { kill(p.processIdentifier, SIGKILL) }
    p.waitUntilExit()
    let out = (try? String(contentsOfFile: logs + "/stdout", encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: logs + "/stderr", encoding: .utf8)) ?? ""
    return CommandResult(status: p.terminationReason == .uncaughtSignal ? -p.terminationStatus : p.terminationStatus,
                         stdout: out, stderr: err)
}

/// The text of a file ("" if unreadable).
func contents(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

/// Every file under `dir`, as paths relative to it, sorted.
func allFiles(_ dir: String) -> [String] {
    (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).sorted()
}

/// The runs of a `--dry-run` listing: (key, status) per line.
func dryRunKeys(_ stdout: String) -> [(key: String, status: String)] {
    stdout.split(separator: "\n").map { line in
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
    }
}

let gridFile = "experiments/tests/grid.yaml"

/// Runs a shell command line (`/bin/sh -c`) to completion, killed after `timeout` seconds.
@discardableResult
func runRecite(shell command: String, timeout: Double = 60) throws -> CommandResult {
    try runToCompletion("/bin/sh", ["-c", command], timeout: timeout)
}
