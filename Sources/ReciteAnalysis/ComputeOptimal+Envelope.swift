// Chinchilla approach 1: the lower envelope of training curves, then N_opt ∝ C^a and D_opt ∝ C^b.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One model size's loss against training compute (checkpoints along one run).
public struct TrainingCurve: Sendable, Equatable {
    /// Parameter count `N` of the model.
    public let parameters: Double
    /// Training FLOPs `C` at each checkpoint (sorted ascending by the initialiser).
    public let flops: [Double]
    /// Loss at each checkpoint.
    public let loss: [Double]

    public init(parameters: Double, flops: [Double], loss: [Double]) {
        let order = flops.indices.sorted { flops[$0] < flops[$1] }
        self.parameters = parameters
        self.flops = order.map { flops[$0] }
        self.loss = order.map { loss[$0] }
    }

    /// Loss at compute `c`, linear in `log C` between the two neighbouring checkpoints; `nil`
    /// outside the checkpoints' range (a curve is never extrapolated).
    public func loss(atFlops c: Double) -> Double? {
        guard let first = flops.first, let last = flops.last, c >= first, c <= last else { return nil }
        var hi = 0
        while flops[hi] < c { hi += 1 }
        if flops[hi] == c || hi == 0 { return loss[hi] }
        let lo = hi - 1
        let t = (log(c) - log(flops[lo])) / (log(flops[hi]) - log(flops[lo]))
        return loss[lo] + t * (loss[hi] - loss[lo])
    }
}

/// One point of the lower envelope: the best model at one compute budget.
public struct EnvelopePoint: Sendable, Equatable {
    /// Compute `C` (a grid point).
    public let flops: Double
    /// The minimising model size at `C`.
    public let parameters: Double
    /// Its tokens `D = C/(6N)`.
    public let tokens: Double
    /// The envelope loss.
    public let loss: Double
}

/// Approach 1 of Hoffmann et al. (2022): lower envelope of the loss-vs-FLOPs curves.
public struct EnvelopeFit: Sendable {
    /// Envelope points that entered the fits.
    public let points: [EnvelopePoint]
    /// `N_opt = k_N·C^a`.
    public let parametersFit: PowerLawFit
    /// `D_opt = k_D·C^b`.
    public let tokensFit: PowerLawFit
    /// The curves and options the fit was made from (kept for the bootstrap).
    public let curves: [TrainingCurve]
    public let options: ComputeOptimal.EnvelopeOptions

    /// The compute-optimal law `(a, b, k_N, k_D)`.
    public var law: ComputeOptimalLaw { ComputeOptimalLaw(parameters: parametersFit, tokens: tokensFit) }
    /// Exponent `a` of `N_opt ∝ C^a`.
    public var a: Double { parametersFit.exponent }
    /// Exponent `b` of `D_opt ∝ C^b`.
    public var b: Double { tokensFit.exponent }

    /// The optimum `(N, D)` at `budget`.
    public func extrapolate(toBudget budget: Double) -> ComputeAllocation { law.extrapolate(toBudget: budget) }
    /// The largest budget on the envelope (the report annotates the optimum at 100× this).
    public var largestBudget: Double { points.map(\.flops).max() ?? .nan }
}

/// Namespace of the compute-optimal (Chinchilla) analyses.
public enum ComputeOptimal {
    /// Settings of approach 1.
    public struct EnvelopeOptions: Sendable, Equatable {
        /// Points of the log-spaced FLOP grid.
        public var gridPoints: Int
        /// A grid point is used only where at least this many curves have checkpoints around it.
        public var minimumCurves: Int
        /// Drop grid points whose minimiser is the smallest or largest of the curves covering
        /// that budget: there the true optimum may lie beyond the ladder, and counting it would
        /// bend the fitted exponent toward the ladder's ends.
        public var dropEdgeMinima: Bool

        public init(gridPoints: Int = 100, minimumCurves: Int = 2, dropEdgeMinima: Bool = true) {
            self.gridPoints = gridPoints
            self.minimumCurves = minimumCurves
            self.dropEdgeMinima = dropEdgeMinima
        }
    }

    /// Approach 1: on a log-spaced grid of `C` spanning the curves' checkpoints, interpolate each
    /// curve in `log C`, take the minimising `N` (the lower envelope) and `D = C/(6N)`, then fit
    /// `N_opt ∝ C^a` and `D_opt ∝ C^b` in log-log space.
    ///
    /// The envelope's `N` only takes values on the ladder of model sizes, so `a` is resolved to
    /// roughly the ladder's spacing divided by the FLOP span; a dense ladder matters more than a
    /// dense grid.
    public static func envelope(curves: [TrainingCurve], options: EnvelopeOptions = EnvelopeOptions()) throws -> EnvelopeFit {
        let points = try envelopePoints(curves: curves, options: options)
        let parametersFit = try PowerLawFit(x: points.map(\.flops), y: points.map(\.parameters))
        let tokensFit = try PowerLawFit(x: points.map(\.flops), y: points.map(\.tokens))
        return EnvelopeFit(points: points, parametersFit: parametersFit, tokensFit: tokensFit,
                           curves: curves, options: options)
    }

    /// The envelope points alone (before any power-law fit).
    public static func envelopePoints(curves: [TrainingCurve], options: EnvelopeOptions = EnvelopeOptions()) throws -> [EnvelopePoint] {
        let usable = curves.filter { $0.parameters > 0 && !$0.flops.isEmpty && $0.flops.allSatisfy { $0 > 0 } }
        guard usable.count >= max(options.minimumCurves, 1) else {
            throw AnalysisError.tooFewPoints(fit: "envelope (curves)", needed: max(options.minimumCurves, 1), found: usable.count)
        }
        guard options.gridPoints >= 2 else {
            throw AnalysisError.invalidInput(fit: "envelope", detail: "gridPoints must be at least 2, found \(options.gridPoints)")
        }
        let lo = log(usable.map { $0.flops.first! }.min()!)
        let hi = log(usable.map { $0.flops.last! }.max()!)
        var points: [EnvelopePoint] = []
        for g in 0..<options.gridPoints {
            let c = exp(lo + (hi - lo) * Double(g) / Double(options.gridPoints - 1))
            // (N, loss) of every curve that covers c, sorted by N.
            let covering = usable.compactMap { curve in curve.loss(atFlops: c).map { (curve.parameters, $0) } }
                .sorted { $0.0 < $1.0 }
            guard covering.count >= options.minimumCurves,
                  let best = covering.indices.min(by: { covering[$0].1 < covering[$1].1 })
            else { continue }
            if options.dropEdgeMinima && covering.count > 1 && (best == 0 || best == covering.count - 1) { continue }
            let n = covering[best].0
            points.append(EnvelopePoint(flops: c, parameters: n, tokens: c / (6 * n), loss: covering[best].1))
        }
        guard Set(points.map(\.parameters)).count >= 2 else {
            throw AnalysisError.tooFewPoints(fit: "envelope (distinct optimal sizes)", needed: 2, found: Set(points.map(\.parameters)).count)
        }
        return points
    }
}
