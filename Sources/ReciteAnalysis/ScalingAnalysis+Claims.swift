// The isoFLOP figure's shape claims (seed 002), checked on the analyses of `ScalingAnalysis` with
// their measured numbers: interior minima, falling minima, growing optimal sizes, code below web,
// Chinchilla-like exponents and straight log-log laws.
import Foundation

public enum ScalingClaims {
    /// Expected range of the exponents `a`, `b` (Hoffmann et al.: about 0.5 each).
    public static let exponentRange = 0.3...0.7
    /// Largest allowed `|a + b − 1|`.
    public static let exponentSumTolerance = 0.1
    /// Smallest allowed log-log R² of a power-law fit.
    public static let minimumRSquared = 0.9

    /// Claims about one world's profiles (`profiles`) and laws (`laws`), both under `figure`.
    public static func world(_ w: WorldScaling, figure: String) -> [ShapeClaim] {
        profiles(w, figure: figure) + laws(w, figure: figure)
    }

    /// The isoFLOP profiles of one world: interior minima, falling minima, growing loss-minimising N.
    /// Keys end in `.<world>`.
    public static func profiles(_ w: WorldScaling, figure: String) -> [ShapeClaim] {
        var out: [ShapeClaim] = []
        func claim(_ key: String, _ c: String, _ m: String, _ e: String, _ p: Bool) {
            out.append(ShapeClaim(figure: figure, key: key + "." + w.world, claim: "\(w.world): " + c, measured: m, expected: e, passed: p))
        }
        let ps = w.profiles
        claim("interior-minima", "every budget's loss-vs-N profile has an interior minimum",
              ps.map { "C=\(ScalingFormat.sci($0.budget)): best N=\(ScalingFormat.sci($0.bestParameters)) (size \($0.bestRank + 1) of \($0.sizes))" }
                .joined(separator: ", "),
              "best size neither the smallest nor the largest", ps.count >= 2 && ps.allSatisfy { $0.bestRank > 0 && $0.bestRank < $0.sizes - 1 })
        let minima = ps.map(\.bestLoss)
        claim("falling-minima", "the minimum loss falls as the budget grows", minima.map { String(format: "%.3f", $0) }.joined(separator: " → "),
              "strictly decreasing", ps.count >= 2 && zip(minima, minima.dropFirst()).allSatisfy { $1 < $0 })
        let vertices = ps.map(\.vertexParameters)
        let growing = vertices.allSatisfy { $0 != nil } && zip(vertices, vertices.dropFirst()).allSatisfy { $1! > $0! }
        claim("growing-optimal-n", "the loss-minimising N grows with the budget",
              "parabola vertices " + vertices.map { ScalingFormat.sci($0) }.joined(separator: " → ")
                + "; best observed " + ps.map { ScalingFormat.sci($0.bestParameters) }.joined(separator: " → "),
              "vertices strictly increasing (every profile fitted)", ps.count >= 2 && growing)
        return out
    }

    /// The compute-optimal laws of one world, per approach: it fits, Chinchilla-like exponents,
    /// straight in log-log. Keys are `approach-<k>.<what>.<world>`.
    public static func laws(_ w: WorldScaling, figure: String) -> [ShapeClaim] {
        var out: [ShapeClaim] = []
        func claim(_ key: String, _ c: String, _ m: String, _ e: String, _ p: Bool) {
            out.append(ShapeClaim(figure: figure, key: key + "." + w.world, claim: "\(w.world): " + c, measured: m, expected: e, passed: p))
        }
        for ap in w.approaches {
            guard let a = ap.a.estimate, let b = ap.b.estimate else {
                claim("approach-\(ap.approach).fits", "approach \(ap.approach) (\(ap.name)) fits", ap.error ?? "no estimate", "a fit", false)
                continue
            }
            claim("approach-\(ap.approach).exponents", "approach \(ap.approach): a and b in [0.3, 0.7], a + b within 0.1 of 1",
                  String(format: "a = %.3f, b = %.3f, a + b = %.3f", a, b, a + b), "0.3 ≤ a, b ≤ 0.7 and |a + b − 1| ≤ 0.1",
                  exponentRange.contains(a) && exponentRange.contains(b) && abs(a + b - 1) <= exponentSumTolerance)
            if let rn = ap.rSquaredN, let rd = ap.rSquaredD {
                claim("approach-\(ap.approach).log-log-straight", "approach \(ap.approach): N_opt(C) and D_opt(C) are straight in log-log",
                      String(format: "R² = %.3f (N), %.3f (D)", rn, rd), "> 0.9", rn > minimumRSquared && rd > minimumRSquared)
            }
        }
        return out
    }

    /// `code`'s best loss is below `web`'s at every budget both measured (the GitHub-vs-C4 gap).
    public static func codeBelowWeb(_ worlds: [WorldScaling], figure: String) -> ShapeClaim? {
        guard let web = worlds.first(where: { $0.world == "web" }), let code = worlds.first(where: { $0.world == "code" }) else { return nil }
        var parts: [String] = [], ok = true, shared = 0
        for p in web.profiles {
            guard let q = code.profiles.first(where: { abs($0.budget - p.budget) <= 1e-9 * p.budget }) else { continue }
            shared += 1
            parts.append("C=\(ScalingFormat.sci(p.budget)): code \(String(format: "%.3f", q.bestLoss)) vs web \(String(format: "%.3f", p.bestLoss))")
            if !(q.bestLoss < p.bestLoss) { ok = false }
        }
        return ShapeClaim(figure: figure, key: "code-below-web", claim: "the code world's loss is below the web world's at every budget",
                          measured: parts.isEmpty ? "no common budget" : parts.joined(separator: ", "),
                          expected: "code < web at each budget", passed: ok && shared > 0)
    }

    /// Every claim for a set of worlds (what `recite fit` checks).
    public static func all(_ worlds: [WorldScaling], figure: String) -> [ShapeClaim] {
        worlds.flatMap { world($0, figure: figure) } + (codeBelowWeb(worlds, figure: figure).map { [$0] } ?? [])
    }
}
