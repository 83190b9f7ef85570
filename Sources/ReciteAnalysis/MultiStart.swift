// Runs L-BFGS from many starts on all cores and keeps the best, deterministically.
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The best of many L-BFGS runs.
struct MultiStart: Sendable {
    /// The run with the lowest finite objective (ties go to the earliest start), if any.
    let best: LBFGS.Result?
    /// How many runs stopped on a tolerance rather than the iteration cap.
    let converged: Int

    /// Minimises `f` from every start, spread over `threads` workers (0: one per online core).
    /// Starts are split into contiguous chunks and every chunk's winner is reduced by
    /// (value, start index), so the answer does not depend on scheduling or on the thread count.
    init(starts: [[Double]], options: LBFGS.Options, threads: Int = 0,
         _ f: @escaping @Sendable ([Double]) -> (value: Double, gradient: [Double])) {
        let minimizer = LBFGS(options: options)
        let workers = max(1, min(starts.count, threads > 0 ? threads : MultiStart.onlineCores))
        let ranges = MultiStart.chunks(count: starts.count, workers: workers)
        let winners = Mutex<[(index: Int, result: LBFGS.Result)]>([])
        let convergedCount = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { w in
            var localBest: (index: Int, result: LBFGS.Result)? = nil
            var localConverged = 0
            for i in ranges[w] {
                let result = minimizer.minimize(from: starts[i], f)
                if result.converged { localConverged += 1 }
                if result.value.isFinite && result.value < (localBest?.result.value ?? .infinity) { localBest = (i, result) }
            }
            if let localBest { winners.withLock { $0.append(localBest) } }
            convergedCount.withLock { $0 += localConverged }
        }
        let all = winners.withLock { $0 }
        self.best = all.min { ($0.result.value, $0.index) < ($1.result.value, $1.index) }?.result
        self.converged = convergedCount.withLock { $0 }
    }

    /// `workers` contiguous ranges covering `0..<count` exactly once, sizes differing by at most one
    /// (worker w takes `w·count/workers ..< (w+1)·count/workers`). A ceiling-sized chunk per worker
    /// would leave the last workers a lower bound past the end (40 starts on 16 cores: 42..<40).
    static func chunks(count: Int, workers: Int) -> [Range<Int>] {
        let w = max(1, workers)
        return (0..<w).map { (($0 * count) / w)..<((($0 + 1) * count) / w) }
    }

    static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
