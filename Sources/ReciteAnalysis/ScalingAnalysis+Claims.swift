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

    /// Claims about one world's profiles and laws.
    public static func world(_ w: WorldScaling, figure: String = "isoflop") -> [ShapeClaim] {
        var out: [ShapeClaim] = []
        func claim(_ c: String, _ m: String, _ e: String, _ p: Bool) {
            out.append(ShapeClaim(figure: figure, claim: "\(w.world): " + c, measured: m, expected: e, passed: p))
        }
        let ps = w.profiles
        claim("every budget's loss-vs-N profile has an interior minimum",
              ps.map { "C=\(ScalingFormat.sci($0.budget)): best N=\(ScalingFormat.sci($0.bestParameters)) (size \($0.bestRank + 1) of \($0.sizes))" }
                .joined(separator: ", "),
              "best size neither the smallest nor the largest", ps.count >= 2 && ps.allSatisfy { $0.bestRank > 0 && $0.bestRank < $0.sizes - 1 })
        let minima = ps.map(\.bestLoss)
        claim("the minimum loss falls as the budget grows", minima.map { String(format: "%.3f", $0) }.joined(separator: " → "),
              "strictly decreasing", ps.count >= 2 && zip(minima, minima.dropFirst()).allSatisfy { $1 < $0 })
        let vertices = ps.map(\.vertexParameters)
        let growing = vertices.allSatisfy { $0 != nil } && zip(vertices, vertices.dropFirst()).allSatisfy { $1! > $0! }
        claim("the loss-minimising N grows with the budget",
              "parabola vertices " + vertices.map { ScalingFormat.sci($0) }.joined(separator: " → ")
                + "; best observed " + ps.map { ScalingFormat.sci($0.bestParameters) }.joined(separator: " → "),
              "vertices strictly increasing (every profile fitted)", ps.count >= 2 && growing)
        for ap in w.approaches {
            guard let a = ap.a.estimate, let b = ap.b.estimate else {
                claim("approach \(ap.approach) (\(ap.name)) fits", ap.error ?? "no estimate", "a fit", false)
                continue
            }
            claim("approach \(ap.approach): a and b in [0.3, 0.7], a + b within 0.1 of 1",
                  String(format: "a = %.3f, b = %.3f, a + b = %.3f", a, b, a + b), "0.3 ≤ a, b ≤ 0.7 and |a + b − 1| ≤ 0.1",
                  exponentRange.contains(a) && exponentRange.contains(b) && abs(a + b - 1) <= exponentSumTolerance)
            if let rn = ap.rSquaredN, let rd = ap.rSquaredD {
                claim("approach \(ap.approach): N_opt(C) and D_opt(C) are straight in log-log",
                      String(format: "R² = %.3f (N), %.3f (D)", rn, rd), "> 0.9", rn > minimumRSquared && rd > minimumRSquared)
            }
        }
        return out
    }

    /// `code`'s best loss is below `web`'s at every budget both measured (the GitHub-vs-C4 gap).
    public static func codeBelowWeb(_ worlds: [WorldScaling], figure: String = "isoflop") -> ShapeClaim? {
        guard let web = worlds.first(where: { $0.world == "web" }), let code = worlds.first(where: { $0.world == "code" }) else { return nil }
        var parts: [String] = [], ok = true, shared = 0
        for p in web.profiles {
            guard let q = code.profiles.first(where: { abs($0.budget - p.budget) <= 1e-9 * p.budget }) else { continue }
            shared += 1
            parts.append("C=\(ScalingFormat.sci(p.budget)): code \(String(format: "%.3f", q.bestLoss)) vs web \(String(format: "%.3f", p.bestLoss))")
            if !(q.bestLoss < p.bestLoss) { ok = false }
        }
        return ShapeClaim(figure: figure, claim: "the code world's loss is below the web world's at every budget",
                          measured: parts.isEmpty ? "no common budget" : parts.joined(separator: ", "),
                          expected: "code < web at each budget", passed: ok && shared > 0)
    }

    /// Every claim for a set of worlds.
    public static func all(_ worlds: [WorldScaling], figure: String = "isoflop") -> [ShapeClaim] {
        worlds.flatMap { world($0, figure: figure) } + (codeBelowWeb(worlds, figure: figure).map { [$0] } ?? [])
    }
}
