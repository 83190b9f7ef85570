// Checks of one typed grid point that involve several fields: sizes that take memory (the model,
// a batch's logits, the tokens trained), ranges relative to another field, and metrics the world
// can compute. Each error names the field to change.
import Foundation
import ReciteCore
import ReciteWorlds

extension ExperimentLoader {
    static func checkLimits(_ e: Experiment, source: ExperimentSource) throws {
        func fail(_ path: String, _ expected: String, _ found: String) -> LabError {
            LabError.field(file: source.origin(of: path.split(separator: ".").map(String.init)), field: path, expected: expected, found: found)
        }
        let w = e.world, lang = w.background
        if lang.successors > lang.vocabulary {
            throw fail("world.background.successors", "an integer in 1...\(lang.vocabulary) (world.background.vocabulary)", "\(lang.successors)")
        }
        if w.facts > 0 && w.valueCount > lang.vocabulary {
            throw fail("world.value_count", "an integer in 4...\(lang.vocabulary) (world.background.vocabulary)", "\(w.valueCount)")
        }
        let v = RunExecutor.vocabularySize(of: w)
        if v > LanguageSpec.maxWorldVocabulary {
            throw fail(w.facts == 0 && w.programs == 0 ? "world.background.vocabulary" : w.facts > w.programs ? "world.facts" : "world.programs",
                       "a world of at most \(FieldRule.grouped(LanguageSpec.maxWorldVocabulary)) tokens (1 + vocabulary + facts + programs)",
                       "\(FieldRule.grouped(v)) tokens")
        }
        // Typed checks of the specs themselves (ranges the raw check has already seen, as a safety net).
        do { try w.validate(); try e.model.validate(); try e.optimizer.validate() } catch let err as WorldError {
            throw LabError.grid(file: source.file, reason: "world: \(err)")
        } catch let err as SpecError {
            throw fail("\(err.spec).\(err.field)", err.expected, err.found)
        }

        let (n, nOverflow) = parameters(e.model, vocabulary: v)
        if nOverflow || n > Experiment.maxParameters {
            throw fail("model.width", "a model of at most \(FieldRule.grouped(Experiment.maxParameters)) parameters",
                       "N = \(nOverflow ? "more than 2^63" : FieldRule.grouped(n)) (context·V·width + H·V + V, with V = \(FieldRule.grouped(v)) tokens)")
        }
        let logits = e.training.batchSize.multipliedReportingOverflow(by: v)
        if logits.overflow || logits.partialValue > Experiment.maxBatchLogits {
            throw fail("training.batch_size", "batch_size × V ≤ \(FieldRule.grouped(Experiment.maxBatchLogits)) logits (V = \(FieldRule.grouped(v)) tokens)",
                       "\(e.training.batchSize)")
        }

        // Tokens trained.
        let d = e.data, r = d.recitations
        if d.budgetFlops > 0 {
            let tokens = d.budgetFlops / e.model.trainingFlopsPerToken(outputClasses: v)
            if tokens > Double(Experiment.maxTokensTrained) || tokens.rounded() < Double(r) {
                throw fail("data.budget_flops", "a budget that trains \(r) to \(FieldRule.grouped(Experiment.maxTokensTrained)) tokens "
                           + "(\(String(format: "%.4g", e.model.trainingFlopsPerToken(outputClasses: v))) FLOPs per token)",
                           "\(d.budgetFlops), \(String(format: "%.4g", tokens)) tokens")
            }
        } else if d.regime == .fixedCompute {
            if d.tokensTrained < r {
                throw fail("data.tokens_trained", "at least recitations (\(r)) tokens under fixed-compute (or set data.budget_flops)", "\(d.tokensTrained)")
            }
        } else {
            let (total, overflow) = d.uniqueTokens.multipliedReportingOverflow(by: r)
            if overflow || total > Experiment.maxTokensTrained {
                throw fail("data.recitations", "unique_tokens × recitations ≤ \(FieldRule.grouped(Experiment.maxTokensTrained)) tokens trained",
                           "\(r) × \(FieldRule.grouped(d.uniqueTokens)) unique tokens")
            }
        }

        // Metrics the world can compute, on enough data (the pointer-chasing task has its own mc and exact).
        if e.pointerChase == nil && e.evals.metrics.contains(.mc) && w.facts == 0 {
            throw fail("evals.metrics", "metrics this world can compute: 'mc' needs facts (world.facts > 0)", "[\(e.evals.metrics.map(\.rawValue).joined(separator: ", "))]")
        }
        if e.pointerChase == nil && e.evals.metrics.contains(.exact) && w.programs == 0 {
            throw fail("evals.metrics", "metrics this world can compute: 'exact' needs programs (world.programs > 0)", "[\(e.evals.metrics.map(\.rawValue).joined(separator: ", "))]")
        }
        let sentence = max(d.sentenceLength, 2)
        if (e.evals.metrics.contains(.loss) || e.evals.metrics.contains(.top1)) && e.evals.heldOutTokens < sentence {
            throw fail("evals.held_out_tokens", "at least one held-out sentence: ≥ \(sentence) tokens (data.sentence_length)", "\(e.evals.heldOutTokens)")
        }
    }

    /// The exact parameter count `k·V·d + H·V + V`, and whether it overflowed.
    static func parameters(_ m: ModelSpec, vocabulary v: Int) -> (Int, Bool) {
        let a = m.context.multipliedReportingOverflow(by: v)
        let b = a.partialValue.multipliedReportingOverflow(by: m.width)
        let h = m.hiddenSize.multipliedReportingOverflow(by: v)
        let sum = b.partialValue.addingReportingOverflow(h.partialValue)
        let total = sum.partialValue.addingReportingOverflow(m.bias ? v : 0)
        return (total.partialValue, a.overflow || b.overflow || h.overflow || sum.overflow || total.overflow)
    }
}
