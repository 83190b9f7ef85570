import ArgumentParser
import Foundation
import ReciteCore
import ReciteLab

/// `recite profile FILE`: one run per distinct step shape of an experiment file, timed by part,
/// against a roofline for that shape measured in the same command.
struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time one representative run per step shape (V, d, k, batch) of an experiment file against its roofline.",
        discussion: """
            For each distinct (V, d, k, batch) in the file's grid, trains the run with the most tokens \
            not above --max-tokens (else the smallest) and reports tokens/s, GFLOP/s (6·B·H·V per step), \
            % of the one-thread sgemm peak measured here, and where the time went (wall, or CPU with --cpu-time): setup (world, \
            corpus, eval sets), forward (gather, logits), softmax, backward (dh), update (W, b, E), batch \
            filling, evals, I/O. The roofline of a shape is the larger of its three products timed at \
            their own shapes and its softmax at the measured exp rate plus one read-and-write pass over the logits; "% roofline" is the \
            roofline's step time over the measured step time.
            """)

    @Argument(help: "Experiment file (YAML).")
    var file: String

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("max-tokens"), help: "Prefer runs of at most this many training tokens.")
    var maxTokens = 262_144

    @Option(name: .customLong("peak-size"), help: "Side of the square sgemm used for the peak.")
    var peakSize = 2048

    @Option(name: .customLong("repeats"), help: "Train each representative run up to this many times (while they take under 2 s in all) and keep the fastest, as the roofline keeps its best round.")
    var repeats = 5

    @Flag(name: .customLong("cpu-time"), help: "Time in CPU seconds of this process instead of wall seconds (for a shared machine; use with one thread).")
    var cpuTime = false

    func run() throws {
        Benchmark.profileInCPUTime = cpuTime
        let runs = try ExperimentLoader.load(file: file, overrides: common.overrides)
        let threads = common.threads ?? 1
        if let first = runs.first, first.experiment.model.recurrent != nil { return profileRecurrent(first, minSeconds: 1, cpuTime: true) }
        // One representative per shape: the longest run within --max-tokens, else the shortest.
        var byShape: [[Int]: ResolvedRun] = [:], order: [[Int]] = []
        for r in runs {
            let e = r.experiment
            let shape = [RunExecutor.vocabularySize(of: e.world), e.model.width, e.model.context, e.training.batchSize(forTokens: r.estimatedTokens), e.model.hiddenSize]
            guard let old = byShape[shape] else { byShape[shape] = r; order.append(shape); continue }
            let (t, o) = (r.estimatedTokens, old.estimatedTokens)
            if (t <= maxTokens && (o > maxTokens || t > o)) || (t > maxTokens && o > maxTokens && t < o) { byShape[shape] = r }
        }
        let rates = Benchmark.rates(peakSize: peakSize)
        print(String(format: "sgemm peak %.1f GFLOP/s (1 thread, %d³), exp %.2f G/s, memory %.1f GB/s (1 MiB); OpenBLAS %@, kernels %@; %d thread(s) per run; %@ seconds",
                     rates.sgemmPeak, peakSize, rates.expPerSecond / 1e9, rates.bytesPerSecond / 1e9, BLAS.coreName,
                     Softmax.kernelLevel.description, threads, cpuTime ? "CPU" : "wall"))
        print("     V    d  k    B    tokens   tokens/s  GFLOP/s  %peak  roofline tok/s  %roofline |  setup forward softmax backward update  batch  evals   I/O")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("recite-profile-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for shape in order {
            let r = byShape[shape]!
            let (v, d, k, b, h) = (shape[0], shape[1], shape[2], shape[3], shape[4])
            // Best of several rounds: one run of 0.1-0.2 s moved by ±25% between calls on a shared VM.
            var profile = RunProfile(), outcome = try RunExecutor.execute(r, threads: threads, profile: profile)
            var spent = profile.stages.total, round = 1
            while round < max(repeats, 1) && spent < 2 {
                let again = RunProfile(), o = try RunExecutor.execute(r, threads: threads, profile: again)
                if again.stages.total < profile.stages.total { profile = again; outcome = o }
                spent += again.stages.total; round += 1
            }
            let t0 = Benchmark.clock()
            try ResultsStore(directory: scratch).save(key: r.key, rows: outcome.rows, info: outcome.info(for: r))
            profile.ioSeconds = Benchmark.clock() - t0
            let st = profile.stages
            let stepSeconds = st.total
            let tokensPerSecond = Double(profile.tokens) / max(stepSeconds, 1e-12)
            let gflops = 6 * Double(h) * Double(v) * tokensPerSecond / 1e9
            let roof = Benchmark.roofline(vocabulary: v, hidden: h, batch: b, rates: rates)
            let meanRows = Double(profile.tokens) / Double(max(profile.steps, 1))
            let roofStep = roof.stepSeconds * meanRows / Double(b)  // partial batches scale the roofline
            let measuredStep = stepSeconds / Double(max(profile.steps, 1))
            let parts = [profile.corpusSeconds, st[.forward], st[.softmax], st[.backward], st[.update], profile.batchSeconds,
                         profile.evalSeconds, profile.ioSeconds]
            let wall = parts.reduce(0, +)
            let split = parts.map { String(format: "%6.1f%%", 100 * $0 / max(wall, 1e-12)) }.joined(separator: " ")
            print(String(format: "%6d %4d %2d %4d %9d %10.0f %8.1f %5.1f%% %15.0f %9.1f%% | ", v, d, k, b, profile.tokens, tokensPerSecond, gflops,
                         100 * gflops / rates.sgemmPeak, meanRows / roofStep, 100 * roofStep / measuredStep) + split
                  + String(format: "  (%.2f s, best of %d; run %@)", wall, round, r.key))
        }
        print("roofline per step = max(the three products timed at their shapes (at the sgemm peak where the step calls no sgemm: d ≤ \(NarrowStep.everyLevelWidth), ≤ \(NarrowStep.avx2Width) at the AVX2 level, or V ≥ \(NarrowStep.blockedMinClasses) and d ≤ \(NarrowStep.blockedMaxWidth)), B·V/exp rate + one in-place pass over B·V floats).")
    }
}
