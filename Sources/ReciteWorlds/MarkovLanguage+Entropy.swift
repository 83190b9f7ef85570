#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Stationary distribution and entropy rate of λ·S + (1−λ)·1uᵀ without ever forming the n×n matrix.

extension MarkovLanguage {
    // MARK: - Stationary distribution

    /// Power iteration `π ← (1−λ)·u + λ·πS` (using Σπ = 1 for the rank-one part).
    ///
    /// The map is a contraction in L1 with factor λ, so the error after `t` steps is at most
    /// `λ^t`; we iterate until the L1 change is below 1e-14 (about 640 steps at λ = 0.95), each
    /// step O(n·m). The result is renormalised to guard against round-off drift.
    static func stationary(
        unigram u: [Double], successors: [Int32], weights w: [Double], structure lambda: Double
    ) -> [Double] {
        let n = u.count, m = w.count
        var pi = u
        var next = [Double](repeating: 0, count: n)
        let maxIterations = 100_000
        for _ in 0..<maxIterations {
            for y in 0..<n { next[y] = (1 - lambda) * u[y] }
            successors.withUnsafeBufferPointer { s in
                for x in 0..<n {
                    let px = lambda * pi[x]
                    let row = x * m
                    for j in 0..<m { next[Int(s[row + j])] += px * w[j] }
                }
            }
            var change = 0.0, total = 0.0
            for y in 0..<n { change += abs(next[y] - pi[y]); total += next[y] }
            for y in 0..<n { pi[y] = next[y] / total }
            if change < 1e-14 { break }
        }
        return pi
    }

    // MARK: - Entropy rate

    /// `Σ_x π(x) H(P(·|x))` in O(n·m).
    ///
    /// Every row shares the dense part `(1−λ)u`, whose entropy contribution
    /// `−Σ_y (1−λ)u_y log((1−λ)u_y)` is computed once; each row then swaps the `m` successor
    /// entries' dense terms for their true terms `−p log p` with `p = (1−λ)u_y + λw_j`.
    /// Successors are distinct, so each `y` is corrected at most once per row.
    static func entropyRate(
        stationary pi: [Double], unigram u: [Double], successors: [Int32], weights w: [Double],
        structure lambda: Double
    ) -> Double {
        let n = u.count, m = w.count
        let a = 1 - lambda
        var base = 0.0
        for y in 0..<n { base -= xlogx(a * u[y]) }
        var rate = 0.0
        for x in 0..<n {
            var h = base
            for j in 0..<m {
                let y = Int(successors[x * m + j])
                let dense = a * u[y]
                h += xlogx(dense) - xlogx(dense + lambda * w[j])
            }
            rate += pi[x] * h
        }
        return rate
    }
}

/// `x·log x` with the limit 0 at 0.
@inline(__always)
func xlogx(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }
