import ArgumentParser
import Foundation
import ReciteCore

/// `recite bench`: training-step throughput of the standard workload against the machine's sgemm peak.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure training-step throughput against the machine's sgemm peak.",
        discussion: """
            The workload W(V, d, B) is one plain-SGD step of a context-1 log-bilinear softmax model
            with bias (float32): gather, logits = h·W + b, softmax cross-entropy, dW = hᵀg, db, dh = g·Wᵀ
            scattered into E. FLOPs per step are counted as 6·B·d·V. The sgemm peak is the best of
            several square sgemm calls at the same thread count.
            """)

    @Option(name: .customLong("threads"), parsing: .upToNextOption, help: "BLAS thread counts to measure.")
    var threadCounts: [Int] = [1, 2]

    @Option(help: "Workload sizes as V,d,B (repeatable).")
    var size: [String] = []

    @Option(help: "Minimum timed seconds per cell.")
    var seconds: Double = 1.5

    @Option(name: .customLong("peak-size"), help: "Side of the square sgemm used for the peak.")
    var peakSize: Int = 2048

    @Flag(help: "Fewer steps and a smaller peak sgemm (a smoke test, not a measurement).")
    var quick = false

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @Flag(help: "Also time each phase of the step on its own (where the time goes).")
    var phases = false

    @Flag(name: .customLong("cpu-time"), help: "Time in process CPU seconds instead of wall seconds (one thread; for a shared machine).")
    var cpuTime = false

    @Flag(name: .customLong("gradient-path"), help: "Send plain SGD through stored gradients and the optimizer (what the fused update saves).")
    var gradientPath = false

    @Flag(name: .customLong("sgemm-step"), help: "Keep the three-sgemm step at shapes the narrow-width kernels take (what they save).")
    var sgemmStep = false

    @Option(name: .customLong("step"), help: "Force the step's output-layer path: sgemm, rows (d ≤ \(NarrowStep.maxWidth)) or blocked (d ≤ \(NarrowStep.blockedMaxWidth)); default: the shape's rule.")
    var step: String?

    static let standardSizes = [(1024, 64, 256), (4096, 128, 512), (40960, 256, 256)]

    func parsedSizes() throws -> [(Int, Int, Int)] {
        if size.isEmpty { return Self.standardSizes }
        return try size.map { s in
            let parts = s.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 3, parts.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--size expects three positive integers V,d,B (for example 4096,128,512); found '\(s)'.")
            }
            return (parts[0], parts[1], parts[2])
        }
    }

    func validate() throws {
        guard threadCounts.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--threads values must be ≥ 1.") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive.") }
        let sizes = try parsedSizes()
        if let step {
            guard let path = NarrowStep.Path(rawValue: step) else {
                throw ValidationError("--step expects one of sgemm, rows, blocked; found '\(step)'.")
            }
            for (_, d, _) in sizes where !NarrowStep.takes(path, width: d) {
                throw ValidationError("--step \(step) takes widths d ≤ \(path == .rows ? NarrowStep.maxWidth : NarrowStep.blockedMaxWidth); --size asks for d = \(d).")
            }
        }
    }

    /// The path `--step` forces, if any (checked in `validate`).
    var forcedPath: NarrowStep.Path? { step.flatMap(NarrowStep.Path.init(rawValue:)) }

    func run() throws {
        let sizes = try parsedSizes()
        let minSeconds = quick ? min(seconds, 0.2) : seconds
        let peakN = quick ? min(peakSize, 1024) : peakSize
        if !json {
            print("OpenBLAS core: \(BLAS.coreName)   config: \(BLAS.config)")
            print("FLOPs per step counted as 6·B·d·V; % is of the square sgemm (\(peakN)³) peak at the same thread count.")
            print("      V     d     B  threads      tokens/s   GFLOP/s  sgemm peak  % peak")
        }
        for t in threadCounts {
            let peak = Benchmark.sgemmPeak(size: peakN, repeats: quick ? 2 : 5, threads: t, cpuTime: cpuTime)
            for (v, d, b) in sizes {
                var r = Benchmark.trainingStep(vocabulary: v, width: d, batch: b, threads: t, fuseSGD: !gradientPath,
                                               narrowStep: !sgemmStep, path: forcedPath,
                                               minSteps: quick ? 2 : 5, minSeconds: minSeconds)
                if cpuTime { r.seconds = r.cpuSeconds }
                if json {
                    let fields = String(format: #""tokens_per_s": %.1f, "gflops": %.2f, "sgemm_peak_gflops": %.2f, "steps": %d"#,
                                        r.tokensPerSecond, r.gflops, peak, r.steps)
                    print(#"{"V": \#(v), "d": \#(d), "B": \#(b), "threads": \#(t), \#(fields), "core": "\#(BLAS.coreName)"}"#)
                } else {
                    print(String(format: "%7d %5d %5d %8d %13.0f %9.1f %11.1f %6.1f%%", v, d, b, t, r.tokensPerSecond, r.gflops, peak, 100 * r.gflops / peak))
                }
                if phases { printPhases(v, d, b) }
            }
        }
    }

    /// Each phase's time per step, its share of the phases' total, and GFLOP/s for the products.
    func printPhases(_ v: Int, _ d: Int, _ b: Int) {
        let ph = Benchmark.phases(vocabulary: v, width: d, batch: b, repeats: quick ? 3 : 10)
        let total = ph.filter { !$0.name.hasPrefix(" ") }.reduce(0) { $0 + $1.seconds }
        let gemmFlops = 2 * Double(b) * Double(d) * Double(v)
        for (name, s) in ph {
            let rate = name.hasPrefix("sgemm") ? String(format: "  %6.1f GFLOP/s", gemmFlops / s / 1e9) : ""
            print(String(format: "          %9.3f ms  %5.1f%%  ", s * 1e3, 100 * s / total) + name + rate)
        }
    }
}
