// The per-run `runs/<key>.json`: the resolved config and how the run went.
import Foundation

extension RunOutcome {
    /// JSON-ready description of a finished run.
    public func info(for run: ResolvedRun) -> [String: Any] {
        var info: [String: Any] = [
            "key": run.key,
            "coordinates": run.coordinates,
            "config": run.config.canonicalJSON,
            "status": diverged ? "diverged" : "ok",
            "wall_seconds": wallSeconds,
            "tokens_per_second": tokensPerSecond,
            "params": parameters,
            "unique_tokens": uniqueTokens,
            "tokens_trained": tokensTrained,
            "steps": steps,
        ]
        if let clippedSteps { info["clipped_steps"] = clippedSteps }
        return info
    }
}
