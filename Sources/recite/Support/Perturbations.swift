// The perturbation grid of `recite robustness`: the committed settings moved one at a time, each
// run on seeds no committed result uses. A shape that holds only at the committed point is tuned,
// not explained; this grid says how far each shape holds.
import Foundation
import ReciteLab

struct Perturbation: Sendable, Hashable {
    /// Short name, also the results subdirectory.
    var name: String
    /// `--set` overrides, applied after the user's own.
    var overrides: [String]

    /// The grid around `e` (an experiment of the file, after the user's overrides): learning rate
    /// ×0.5 and ×2, width ×0.5 and ×2, facts ×2 (worlds with facts) and programs ×2 (worlds with
    /// programs), each on `seeds`; then the committed settings on each seed of `unseenSeeds` alone.
    static func grid(around e: Experiment, seeds: [Int], unseenSeeds: [Int]) -> [Perturbation] {
        let seedList = "seed=[" + seeds.map(String.init).joined(separator: ",") + "]"
        let lr = e.optimizer.learningRate, d = e.model.width
        var out: [Perturbation] = [
            Perturbation(name: "lr-x0.5", overrides: ["optimizer.learning_rate=\(lr * 0.5)", seedList]),
            Perturbation(name: "lr-x2", overrides: ["optimizer.learning_rate=\(lr * 2)", seedList]),
            Perturbation(name: "width-x0.5", overrides: ["model.width=\(max(d / 2, 1))", seedList]),
            Perturbation(name: "width-x2", overrides: ["model.width=\(d * 2)", seedList]),
        ]
        if e.world.facts > 0 {
            var o = ["world.facts=\(e.world.facts * 2)", seedList]
            // A shared key pool must still hold twice the facts (pool^m ≥ 2·facts).
            if e.world.keyLength >= 2 {
                let need = Int(pow(Double(4 * e.world.facts), 1 / Double(e.world.keyLength)).rounded(.up))
                if e.world.keyPool < need { o.append("world.key_pool=\(need)") }
            }
            out.append(Perturbation(name: "facts-x2", overrides: o))
        }
        if e.world.programs > 0 {
            var o = ["world.programs=\(e.world.programs * 2)", seedList]
            // A shared prompt pool must still hold twice the programs (pool^m ≥ 2·programs).
            if e.world.programPromptLength >= 2 {
                let need = Int(pow(Double(4 * e.world.programs), 1 / Double(e.world.programPromptLength)).rounded(.up))
                if e.world.programPromptPool < need { o.append("world.program_prompt_pool=\(need)") }
            }
            out.append(Perturbation(name: "programs-x2", overrides: o))
        }
        for s in unseenSeeds { out.append(Perturbation(name: "seed-\(s)", overrides: ["seed=[\(s)]"])) }
        return out
    }
}
