// The compute-optimal allocation every Chinchilla approach ends in: N_opt ∝ C^a, D_opt ∝ C^b.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An optimal model size and token count at one compute budget.
public struct ComputeAllocation: Sendable, Equatable {
    /// Training compute `C` in FLOPs.
    public let budget: Double
    /// Optimal parameter count `N_opt(C)`.
    public let parameters: Double
    /// Optimal training tokens `D_opt(C)`.
    public let tokens: Double
}

/// `N_opt(C) = k_N·C^a` and `D_opt(C) = k_D·C^b`.
///
/// Approaches 1 and 2 fit the two power laws separately, so `a + b` is close to, not exactly, 1 and
/// `6·N_opt·D_opt` only approximately `C`. Approach 3 derives both from one loss surface, so there
/// `a + b = 1` and `k_N·k_D = 1/6` hold exactly.
public struct ComputeOptimalLaw: Sendable, Equatable {
    /// Exponent of `N_opt ∝ C^a`.
    public let a: Double
    /// Exponent of `D_opt ∝ C^b`.
    public let b: Double
    /// Prefactor `k_N` of `N_opt = k_N·C^a`.
    public let parametersCoefficient: Double
    /// Prefactor `k_D` of `D_opt = k_D·C^b`.
    public let tokensCoefficient: Double

    public init(a: Double, b: Double, parametersCoefficient: Double, tokensCoefficient: Double) {
        self.a = a
        self.b = b
        self.parametersCoefficient = parametersCoefficient
        self.tokensCoefficient = tokensCoefficient
    }

    /// The law from two fitted power laws of `N_opt` and `D_opt` against `C`.
    public init(parameters: PowerLawFit, tokens: PowerLawFit) {
        self.init(a: parameters.exponent, b: tokens.exponent,
                  parametersCoefficient: parameters.coefficient, tokensCoefficient: tokens.coefficient)
    }

    /// The optimum `(N, D)` at `budget` FLOPs; extrapolating to 100× the largest budget fitted is how
    /// the report annotates its figures (as Hoffmann et al. annotate 67B parameters and 1.5T tokens).
    public func extrapolate(toBudget budget: Double) -> ComputeAllocation {
        ComputeAllocation(
            budget: budget,
            parameters: parametersCoefficient * pow(budget, a),
            tokens: tokensCoefficient * pow(budget, b))
    }
}
