// Percentile bootstrap: seeded resampling and percentile intervals shared by every fit.
import ReciteCore

/// How many resamples to draw, at which confidence level, from which seed.
public struct BootstrapOptions: Sendable, Equatable {
    /// Number of bootstrap replicates.
    public var replicates: Int
    /// Central coverage of the interval, e.g. 0.95 for the 2.5th to 97.5th percentiles.
    public var level: Double
    /// Seed; replicate `r` draws from `Xoshiro256(seed: seed, stream: r)`, so any replicate can be
    /// reproduced on its own and the result is bit-identical for a fixed seed.
    public var seed: UInt64

    public init(replicates: Int = 200, level: Double = 0.95, seed: UInt64 = 0) {
        self.replicates = replicates
        self.level = level
        self.seed = seed
    }
}

/// A percentile bootstrap interval around a full-data estimate.
public struct BootstrapInterval: Sendable, Equatable {
    /// The estimate on the full data.
    public let estimate: Double
    /// Lower percentile, `(1 − level)/2`.
    public let lower: Double
    /// Upper percentile, `(1 + level)/2`.
    public let upper: Double
    /// Central coverage requested.
    public let level: Double
    /// Replicates that produced a value.
    public let replicates: Int
    /// Replicates whose refit failed (too few distinct points, an invalid parabola, …) and were dropped.
    public let failures: Int

    /// Whether `value` lies in `[lower, upper]`.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    /// Builds the interval from replicate values (dropping non-finite ones as failures).
    public init(estimate: Double, samples: [Double], level: Double, failures: Int = 0) {
        let finite = samples.filter { $0.isFinite }.sorted()
        self.estimate = estimate
        self.level = level
        self.replicates = finite.count
        self.failures = failures + (samples.count - finite.count)
        if finite.isEmpty {
            self.lower = .nan
            self.upper = .nan
        } else {
            self.lower = Bootstrap.quantile(sorted: finite, (1 - level) / 2)
            self.upper = Bootstrap.quantile(sorted: finite, (1 + level) / 2)
        }
    }
}

/// Resampling helpers.
public enum Bootstrap {
    /// The `p`-quantile of sorted values, interpolating linearly between order statistics
    /// (Hyndman & Fan type 7, the default of R and NumPy).
    public static func quantile(sorted values: [Double], _ p: Double) -> Double {
        precondition(!values.isEmpty, "quantile of no values")
        let h = Double(values.count - 1) * min(max(p, 0), 1)
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, values.count - 1)
        return values[lo] + (h - Double(lo)) * (values[hi] - values[lo])
    }

    /// `count` indices drawn uniformly with replacement from `0..<count`.
    public static func resampleIndices(count: Int, using rng: inout Xoshiro256) -> [Int] {
        (0..<count).map { _ in rng.nextInt(count) }
    }

    /// The generator for replicate `replicate` under `options`.
    static func generator(_ options: BootstrapOptions, replicate: Int) -> Xoshiro256 {
        Xoshiro256(seed: options.seed, stream: UInt64(replicate))
    }

    /// Runs `refit` on each replicate's generator and collects the vectors it returns (`nil` = failed),
    /// then turns column `j` into an interval around `estimates[j]`.
    static func intervals(
        estimates: [Double], options: BootstrapOptions,
        refit: (inout Xoshiro256) -> [Double]?
    ) -> [BootstrapInterval] {
        var columns = [[Double]](repeating: [], count: estimates.count)
        var failures = 0
        for r in 0..<options.replicates {
            var rng = generator(options, replicate: r)
            guard let values = refit(&rng), values.count == estimates.count else { failures += 1; continue }
            for j in values.indices { columns[j].append(values[j]) }
        }
        return estimates.indices.map {
            BootstrapInterval(estimate: estimates[$0], samples: columns[$0], level: options.level, failures: failures)
        }
    }
}
