import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteCore
import ReciteLab
import ReciteWorlds

extension Recite {
    /// `recite sharpness`: one run's held-out loss and sharpness at each checkpoint, against 2/η.
    struct Sharpness: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trace one run's sharpness (the top Hessian eigenvalue of its exact held-out loss) against its learning rate.",
            discussion: """
                Trains the single run that FILE with --set gives (one-token context, a background-only world) \
                with linearly spaced checkpoints. At each it takes the model's own parameters and measures, on \
                the world's exact held-out law, the loss and the Hessian's largest eigenvalue λ (power iteration \
                on Hessian-vector products). Full-batch descent is stable only while η·λ < 2: a run whose η·λ \
                sits near 2 is at the edge of stability, where its loss can rise between checkpoints without \
                diverging. Prints a table; writes sharpness.csv.
                """)

        @Argument(help: "Experiment file (its --set overrides must leave one run).")
        var file: String

        @OptionGroup var common: CommonOptions

        @Option(help: "Checkpoints (linearly spaced).")
        var checkpoints = 32

        @Option(help: "Power iterations per checkpoint.")
        var iterations = 60

        func validate() throws {
            guard (2...1000).contains(checkpoints) else { throw ValidationError("--checkpoints must be in 2...1000, got \(checkpoints)") }
            guard (1...10_000).contains(iterations) else { throw ValidationError("--iterations must be in 1...10000, got \(iterations)") }
        }

        func run() throws {
            let runs = try ExperimentLoader.load(file: file, overrides: common.overrides + [
                "training.checkpoints=\(checkpoints)", "training.checkpoint_spacing=linear"])
            guard runs.count == 1 else { throw ValidationError("sharpness needs one run; \(file) with these overrides has \(runs.count) (fix them with --set)") }
            let e = runs[0].experiment
            guard e.model.context == 1, e.model.recurrent == nil, e.world.facts == 0, e.world.programs == 0, e.model.bias else {
                throw ValidationError("\(file): sharpness needs the one-token-context model with a bias (model.context = 1) on a background-only world (world.facts = 0, world.programs = 0)")
            }
            let world = try RunExecutor.world(for: e)
            let law = HeldOutLaw(world: world, sentenceLength: e.data.sentenceLength)
            let d = e.model.width, first = Int(world.background.offset), n = law.classes
            let objective = LogBilinearPopulationLoss(target: law.target, weights: law.weights, classes: n, width: d)
            let total = runs[0].estimatedTokens
            let batch = e.training.batchSize(forTokens: total)
            let schedule = LearningRateSchedule(spec: e.optimizer.scaled(toWidth: d, tokens: total), totalSteps: (total + batch - 1) / batch)
            var csv = "step,learning_rate,loss,sharpness,rate_times_sharpness,residual\n"
            note(String(format: "%@: d = %d, %d tokens, batch %d; held-out floor %.4f", file, d, total, batch, law.floor))
            note("   step      η     loss        λ     η·λ")
            let outcome = try RunExecutor.execute(runs[0], threads: common.threads ?? 1, checkpoint: { model, step in
                // The model's parameters in the objective's layout: E rows for BOS and the language's
                // tokens, W rows and biases for the language's tokens (the never-emitted BOS class is left out).
                let v = model.outputClasses
                var x = [Double](repeating: 0, count: objective.parameterCount)
                let rows = [0] + (0..<n).map { first + $0 }
                for (r, id) in rows.enumerated() { for k in 0..<d { x[r * d + k] = Double(model.embeddings[id * d + k]) } }
                let c = rows.count
                for y in 0..<n {
                    for k in 0..<d { x[(c + y) * d + k] = Double(model.output[k * v + first + y]) }
                    x[(c + n) * d + y] = Double(model.bias[first + y])
                }
                let loss = objective.evaluate(x).value
                let (lambda, residual) = WidthLimitedLoss.sharpness(of: objective, at: x, iterations: iterations)
                let eta = Double(schedule.rate(at: max(step - 1, 0)))
                note(String(format: "%7d  %5.2f  %7.4f  %7.4f  %6.2f%@", step, eta, loss, lambda, eta * lambda, residual > 0.05 ? " (not converged)" : ""))
                csv += "\(step),\(eta),\(loss),\(lambda),\(eta * lambda),\(residual)\n"
            })
            if outcome.diverged { note("the run diverged; the table stops at its last finite checkpoint") }
            let out = common.out ?? "results/sharpness"
            try AtomicFile.write(csv, to: out + "/sharpness.csv")
            print(out)
        }
    }
}
