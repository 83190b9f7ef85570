// MultiStart's split of the starts over workers, for every core count from 1 to 64.
import Testing
@testable import ReciteAnalysis

@Suite struct MultiStartTests {
    /// Every start lands in exactly one chunk, chunks are contiguous, non-empty when there are at
    /// least as many starts as workers, and differ in size by at most one.
    @Test func chunksCoverEveryStartOnce() {
        for workers in 1...64 {
            for count in [0, 1, 2, 7, 40, 63, 64, 65, 100, 125, 1000] {
                let chunks = MultiStart.chunks(count: count, workers: workers)
                #expect(chunks.count == workers)
                var next = 0
                for r in chunks {
                    #expect(r.lowerBound == next, "workers \(workers), count \(count): gap or overlap at \(r)")
                    next = r.upperBound
                }
                #expect(next == count, "workers \(workers), count \(count): chunks end at \(next)")
                let sizes = chunks.map(\.count)
                #expect(sizes.max()! - sizes.min()! <= 1, "workers \(workers), count \(count): sizes \(sizes)")
            }
        }
    }

    /// The same best start and the same convergence count on 1 to 64 workers (40 starts: the grid
    /// size that left the last workers an inverted range on 12, 14 and 16 cores).
    @Test func sameAnswerOnAnyCoreCount() {
        let starts = (0..<40).map { i in [-2 + 0.1 * Double(i), 1.5 - 0.07 * Double(i)] }
        func run(_ threads: Int) -> MultiStart { MultiStart(starts: starts, options: LBFGS.Options(), threads: threads, LBFGSTests.rosenbrock) }
        let reference = run(1)
        #expect(reference.best != nil)
        for threads in 2...64 {
            let m = run(threads)
            #expect(m.best?.x == reference.best?.x && m.best?.value == reference.best?.value, "threads \(threads)")
            #expect(m.converged == reference.converged, "threads \(threads)")
        }
    }
}
