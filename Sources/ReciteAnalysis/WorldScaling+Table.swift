// The plain-text table `recite fit` prints: per world, the isoFLOP profiles, one line per approach
// with bootstrap intervals and the extrapolated optimum (or why it is withheld), N_opt's local
// slopes, approach 2's parabola bias, loss spikes, the approach-3 surface, and disagreements.
import Foundation

extension WorldScaling {
    /// The human-readable table: profiles, then one line per approach, then disagreements.
    public static func table(_ worlds: [WorldScaling]) -> String {
        var s = ""
        for w in worlds {
            s += "\n== \(w.world): \(w.runs) runs, entropy floor \(String(format: "%.3f", w.entropyFloor)) nats/token, "
            s += "compute counted as 6·N·D (= \(String(format: "%.2f", w.computeRatio))× the simulator's FLOPs)\n"
            s += "budget C     best N     best loss  vertex N   vertex loss  R²     status\n"
            for p in w.profiles {
                s += pad(ScalingFormat.sci(p.budget), 13) + pad(ScalingFormat.sci(p.bestParameters), 11)
                    + pad(String(format: "%.3f", p.bestLoss), 11) + pad(ScalingFormat.sci(p.vertexParameters), 11)
                    + pad(p.vertexLoss.map { String(format: "%.3f", $0) } ?? "n/a", 13)
                    + pad(p.rSquared.map { String(format: "%.3f", $0) } ?? "n/a", 7) + p.status + "\n"
            }
            s += "approach                          a (95% CI)              b (95% CI)              R² N/D       "
            s += "N_opt, D_opt at \(ScalingFormat.sci(w.extrapolationBudget6ND)) (6ND; 100× largest)\n"
            for a in w.approaches {
                let label = pad("\(a.approach) \(a.name)", 34)
                if let e = a.error { s += label + "failed: \(e)\n"; continue }
                let r2 = a.rSquaredN.map { String(format: "%.3f/%.3f", $0, a.rSquaredD ?? .nan) } ?? "—"
                let n = a.optimalParametersInterval.map(sciInterval) ?? ScalingFormat.sci(a.optimalParameters)
                let d = a.optimalTokensInterval.map(sciInterval) ?? ScalingFormat.sci(a.optimalTokens)
                s += label + pad(ScalingFormat.interval(a.a), 24) + pad(ScalingFormat.interval(a.b), 24) + pad(r2, 13)
                    + (w.extrapolationWithheld == nil ? "N = \(n), D = \(d)\n" : "withheld (bend)\n")
            }
            if let why = w.extrapolationWithheld { s += why + "\n" }
            if let sl = w.slopes {
                s += "N_opt local slopes (approach 2 vertices): \(ScalingFormat.number(sl.lowerSlope)) over the lower half, "
                s += "\(ScalingFormat.number(sl.upperSlope)) over the upper half of the budgets\n"
            }
            if let pb = w.parabolaBias {
                s += "approach 2 on \(pb.law) (noiseless, these (N, D)): a = \(ScalingFormat.number(pb.fittedA)) vs exact "
                s += String(format: "%.3f", pb.trueA) + ", vertex/true N_opt " + pb.vertexRatios.map { String(format: "%.2f", $0) }.joined(separator: " ") + "\n"
            }
            s += "loss spikes: \(w.spikes.spiking) of \(w.spikes.runs) runs rise by more than \(w.spikes.tolerance) nats between checkpoints"
            s += String(format: " (largest rise %+.3f)\n", w.spikes.worstRise)
            if let f = w.surface {
                s += "approach 3 surface: L = E + A/N^α + B/D^β with E = \(ScalingFormat.interval(f.E)), A = \(sciInterval(f.A)), "
                s += "B = \(sciInterval(f.B)), α = \(ScalingFormat.interval(f.alpha)), β = \(ScalingFormat.interval(f.beta)) (\(f.observations) runs\(f.floorBound ? String(format: "; E ≥ floor %.3f", w.entropyFloor) : ""))\n"
            }
            s += w.disagreements.isEmpty ? "the approaches agree within their intervals\n"
                : w.disagreements.map { "disagreement: \($0)\n" }.joined()
        }
        return s + "\n"
    }

    static func sciInterval(_ i: IntervalSummary) -> String {
        guard let l = i.lower, let u = i.upper else { return ScalingFormat.sci(i.estimate) }
        return "\(ScalingFormat.sci(i.estimate)) [\(ScalingFormat.sci(l)), \(ScalingFormat.sci(u))]"
    }

    static func pad(_ t: String, _ n: Int) -> String { t.count >= n ? t + " " : t + String(repeating: " ", count: n - t.count) }
}
