// The fixed-compute regime's analysis: loss against R per budget, and the effective-data fit.
import Foundation
import ReciteAnalysis
import ReciteLab

enum DataConstrained {
    /// Held-out loss against R, one curve per tokens-trained budget D.
    static func curves(_ rows: [ResultRow], eval: String = "loss") -> [Curve] {
        Curves.final(rows, eval: eval, series: { Double($0.tokensTrained) }, x: { Double($0.recitations) },
                     label: { "D=\(ProgressFormat.count($0))" })
    }

    /// The effective-data fit on every finished run's final held-out loss, with a bootstrap interval
    /// for R*. E is kept above the worlds' exact entropy rate (the lowest over the seeds' worlds):
    /// held-out loss on fresh text cannot go below it, and a free E fell below it (3.10 vs 3.30).
    static func fit(_ rows: [ResultRow]) -> (EffectiveDataFit, BootstrapInterval)? {
        var last: [String: Int] = [:]
        for r in rows { last[r.run] = max(last[r.run] ?? 0, r.tokensTrained) }
        let finals = rows.filter { $0.eval == "loss" && $0.status == "ok" && $0.tokensTrained == last[$0.run] && $0.value.isFinite }
        let obs = finals.map { RepeatedDataObservation(uniqueTokens: Double($0.uniqueTokens), recitations: Double($0.recitations), loss: $0.value) }
        let floor = finals.map(\.entropyFloor).filter { $0.isFinite && $0 > 0 }.min() ?? 0
        guard obs.count >= 5, let fit = try? EffectiveDataFit(observations: obs, floor: floor) else { return nil }
        return (fit, fit.bootstrapRStar(BootstrapOptions(replicates: 1000, level: 0.95, seed: 1)))
    }

    static func claims(_ rows: [ResultRow]) -> [ShapeClaim] {
        let f = fit(rows)
        return DataConstrainedClaims.loss(curves(rows), fit: f?.0, rStar: f?.1)
    }
}
