// `manifest.json`: what produced a results directory — spec, seeds, versions, machine, timings, commit.
import Foundation
import ReciteCore

public enum Manifest {
    /// Version of recite written into every manifest.
    public static let version = "0.1.0"

    /// The manifest for `runs` of `file`, with wall time and thread settings.
    public static func make(file: String, overrides: [String], runs: [ResolvedRun], spec: ConfigValue,
                            wallSeconds: Double, workers: Int, threads: Int, extra: [String: Any] = [:]) -> [String: Any] {
        var m: [String: Any] = [
            "recite_version": version,
            "experiment_file": file,
            "overrides": overrides,
            "spec": spec.canonicalJSON,
            "runs": runs.map { ["key": $0.key, "coordinates": $0.coordinates, "config": $0.config.canonicalJSON] as [String: Any] },
            "seeds": Array(Set(runs.map(\.experiment.seed))).sorted(),
            "wall_seconds": wallSeconds,
            "workers": workers,
            "blas_threads_per_worker": threads,
            "machine": machine(),
            "git_commit": gitCommit(),
            "written_at": ISO8601DateFormatter().string(from: Date()),
        ]
        for (k, v) in extra { m[k] = v }
        return m
    }

    /// Host, processor, cores and the BLAS build.
    public static func machine() -> [String: Any] {
        var cpu = "unknown"
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return [
            "host": ProcessInfo.processInfo.hostName,
            "cpu": cpu,
            "cores": ProcessInfo.processInfo.activeProcessorCount,
            "os": ProcessInfo.processInfo.operatingSystemVersionString,
            "openblas_core": BLAS.coreName,
            "openblas_config": BLAS.config,
        ]
    }

    /// `git rev-parse HEAD` of the working directory, or "unknown".
    public static func gitCommit() -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "rev-parse", "HEAD"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return "unknown" }
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return p.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
    }

    /// Writes the manifest atomically.
    public static func write(_ m: [String: Any], to path: String) throws {
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: m, options: [.prettyPrinted, .sortedKeys]), to: path)
    }
}
