import Foundation
import ReciteCore
import ReciteLab

// `recite profile` on an experiment whose model has `model.recurrent`: the recurrent-depth step
// timed at fixed test-time counts r (the file's `evals.recurrences`, and the training mean r̄),
// training and evaluation, with the model's exact FLOPs per token as a function of r, against the
// square-sgemm peak and against the block's own product at its shape.
extension Profile {
    /// Profiles the first run of a recurrent-depth experiment.
    func profileRecurrent(_ run: ResolvedRun, minSeconds: Double, cpuTime: Bool) {
        let e = run.experiment, spec = e.model, block = spec.recurrent!
        let vin = e.pointerChase.map { $0.nodes + 1 } ?? RunExecutor.vocabularySize(of: e.world), vout = vin
        let b = e.training.batchSize, dd = block.stateWidth, h = spec.hiddenSize
        var counts = e.evals.recurrences.isEmpty ? [1, 4, 8, 16, 32, 64] : e.evals.recurrences
        let mean = Int(block.meanRecurrence.rounded())
        if !counts.contains(mean) { counts.append(mean) }
        counts.sort()
        let peak = Benchmark.sgemmPeak(size: peakSize, repeats: 5, cpuTime: cpuTime)
        let parts = Benchmark.blockApplicationParts(batch: b, state: dd, cpuTime: cpuTime)
        let blockRate = 2 * Double(b * dd * dd) / parts.product / 1e9
        // FLOPs per token: training = base + 2·r·D² + 4·min(k_bp, r)·D², inference = base' + 2·r·D².
        let dd2 = Double(dd * dd)
        let trainBase = spec.recurrentTrainingFlopsPerToken(block, recurrences: 1, outputClasses: vout) - 6 * dd2
        let inferBase = spec.recurrentInferenceFlopsPerToken(block, recurrences: 1, outputClasses: vout) - 2 * dd2
        print(String(format: "sgemm peak %.1f GFLOP/s (1 thread, %d³); block product (%d×%d)·(%d×%d) %.1f GFLOP/s; OpenBLAS %@; %@ time",
                     peak, peakSize, b, dd, dd, dd, blockRate, BLAS.coreName, cpuTime ? "CPU" : "wall"))
        let perApplication = parts.product + parts.add + parts.activation
        print(String(format: "one application of the block (B = %d, D = %d): product %.1f µs (%.0f%%), add %.1f µs (%.0f%%), tanh %.1f µs (%.0f%%)",
                     b, dd, 1e6 * parts.product, 100 * parts.product / perApplication, 1e6 * parts.add, 100 * parts.add / perApplication,
                     1e6 * parts.activation, 100 * parts.activation / perApplication))
        print("recurrent-depth step of \(run.key): V = \(vout), H = \(h), D = \(dd), B = \(b), k_bp = \(block.backpropDepth), one thread")
        print(String(format: "FLOPs per token: training %.0f + %.0f·r + %.0f·min(%d, r); evaluation %.0f + %.0f·r  (2·D² = %.0f per application)",
                     trainBase, 2 * dd2, 4 * dd2, block.backpropDepth, inferBase, 2 * dd2, 2 * dd2))
        print("    r | train FLOP/tok   tokens/s  GFLOP/s  %peak  %block | eval FLOP/tok   tokens/s  GFLOP/s  %peak  %block")
        for r in counts {
            let t = Benchmark.recurrentTrainingStep(spec: spec, inputVocabulary: vin, outputClasses: vout, batch: b, recurrences: r,
                                                    optimizer: e.optimizer, minSeconds: minSeconds, cpuTime: cpuTime)
            let f = Benchmark.recurrentInference(spec: spec, inputVocabulary: vin, outputClasses: vout, batch: b, recurrences: r,
                                                 minSeconds: minSeconds, cpuTime: cpuTime)
            print(String(format: "%5d | %14.0f %10.0f %8.2f %5.1f%% %6.1f%% | %13.0f %10.0f %8.2f %5.1f%% %6.1f%%", r,
                         t.flopsPerToken, t.tokensPerSecond, t.gflops, 100 * t.gflops / peak, 100 * t.gflops / blockRate,
                         f.flopsPerToken, f.tokensPerSecond, f.gflops, 100 * f.gflops / peak, 100 * f.gflops / blockRate))
        }
        let expected = spec.recurrentExpectedTrainingFlopsPerToken(block, outputClasses: vout)
        print(String(format: "training under the sampler (r̄ = %g, σ = %g): %.0f FLOPs per token expected, %.3g for this run's %d tokens",
                     block.meanRecurrence, block.recurrenceSigma, expected, expected * Double(run.estimatedTokens), run.estimatedTokens))
        print("%block: counted GFLOP/s over the rate of the block's product alone at its shape (the step's ceiling when the D×D product dominates).")
    }
}
