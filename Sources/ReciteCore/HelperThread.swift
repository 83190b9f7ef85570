// One persistent helper thread for the two-way splits (softmax rows, the split SGD step).
// DispatchQueue's concurrentPerform boxes its closure and allocates inside libdispatch (about five
// mallocs per call, measured with a uprobe on malloc); this hand-off allocates nothing after
// start-up.
//
// Hand-offs are microsecond-scale (a W(1024, 64, 256) step is about 0.5 ms on two threads), so both
// sides spin: the helper polls for the next job for a while after finishing one (`idleSpin`) before
// it blocks on a condition variable, and the caller spins for the helper's completion. A futex
// wake-up costs tens of microseconds, several percent of such a step.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CKernels

/// Runs `job(context)` on a second thread while the caller does its own share, then waits for it.
/// The thread is created on first use and lives for the process. Calls are serialised by the
/// caller (the trainer runs one step at a time); concurrent callers are serialised by `entry`.
final class HelperThread: @unchecked Sendable {
    static let shared = HelperThread()

    /// Seconds the helper keeps polling for a new job before it blocks.
    static let idleSpin = 200e-6

    private let entry = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Three atomic cells a cache-line pair apart: the posted job's generation (caller writes),
    /// the completed generation (helper writes), and whether the helper is blocked on `wake`.
    private let cells: UnsafeMutablePointer<Int>
    private var posted: UnsafeMutablePointer<Int> { cells }
    private var completed: UnsafeMutablePointer<Int> { cells + 16 }
    private var sleeping: UnsafeMutablePointer<Int> { cells + 32 }
    private var generation = 0  // the caller's copy of `posted`, guarded by `entry`
    private var job: ((UnsafeRawPointer) -> Void)?
    private var context: UnsafeRawPointer?

    private init() {
        cells = UnsafeMutableRawPointer.allocate(byteCount: 48 * MemoryLayout<Int>.stride, alignment: 128)
            .bindMemory(to: Int.self, capacity: 48)
        cells.initialize(repeating: 0, count: 48)
        pthread_mutex_init(entry, nil); pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        var thread = pthread_t()
        let me = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            Unmanaged<HelperThread>.fromOpaque(raw!).takeUnretainedValue().loop()  // never returns
        }, me)
        precondition(rc == 0, "could not start the helper thread (pthread_create: \(rc))")
        pthread_detach(thread)
    }

    private func loop() -> Never {
        var seen = 0
        while true {
            // Poll for a while, then block.
            let start = Benchmark.now()
            var spins = 0
            while ck_atomic_load(posted) == seen {
                spins &+= 1
                if spins & 255 == 0 && Benchmark.now() - start > Self.idleSpin {
                    pthread_mutex_lock(mutex)
                    ck_atomic_store(sleeping, 1)
                    while ck_atomic_load(posted) == seen { pthread_cond_wait(wake, mutex) }
                    ck_atomic_store(sleeping, 0)
                    pthread_mutex_unlock(mutex)
                    break
                }
                ck_spin_pause()
            }
            seen = ck_atomic_load(posted)
            let j = job!, c = context!
            j(c)
            ck_atomic_store(completed, seen)
        }
    }

    /// Spins until `cell` reads at least `target` (yielding the core after a while, in case the
    /// other side is not running).
    @inline(__always)
    static func spin(until cell: UnsafeMutablePointer<Int>, reaches target: Int) {
        var spins = 0
        while ck_atomic_load(cell) < target {
            spins &+= 1
            if spins > 4096 { sched_yield() } else { ck_spin_pause() }
        }
    }

    /// A two-party barrier on a zeroed cell (one use per cell): the caller's job and the helper's
    /// job each call it once; both return once both have arrived.
    @inline(__always)
    static func barrier(_ cell: UnsafeMutablePointer<Int>) {
        _ = ck_atomic_add(cell, 1)
        spin(until: cell, reaches: 2)
    }

    /// Runs `helperJob(context)` on the helper thread and `callerJob()` here, and returns when both
    /// are done. `helperJob` must not capture anything (a thin function: no allocation).
    @inline(__always)
    func run(_ context: UnsafeRawPointer, helperJob: @escaping (UnsafeRawPointer) -> Void, callerJob: () -> Void) {
        pthread_mutex_lock(entry)
        generation += 1
        job = helperJob; self.context = context
        ck_atomic_store(posted, generation)
        if ck_atomic_load(sleeping) != 0 {
            pthread_mutex_lock(mutex)
            pthread_cond_signal(wake)
            pthread_mutex_unlock(mutex)
        }
        callerJob()
        Self.spin(until: completed, reaches: generation)
        pthread_mutex_unlock(entry)
    }
}
