// Persistent helper threads for the trainer's P-way split of a step (the caller is part 0).
// DispatchQueue's concurrentPerform boxes its closure and allocates inside libdispatch (about five
// mallocs per call, measured with a uprobe on malloc); this hand-off allocates nothing after a
// helper's start-up.
//
// A hand-off is microsecond-scale (a W(1024, 64, 256) step is about 0.5 ms on two threads), so the
// caller spins for the helpers' completion (and the parts spin at the step's one barrier); a helper
// blocks on a condition variable as soon as it has no job (see `idleSpin`).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CKernels

/// Runs `job(context, part)` for parts 1..<P on helper threads while the caller runs part 0, then
/// waits for all of them. Helpers are created on first use (the pool only grows) and live for the
/// process. Concurrent callers are serialised by `entry`.
final class HelperThreads: @unchecked Sendable {
    static let shared = HelperThreads()

    /// Seconds a helper keeps polling for a new job before it blocks: none (it checks 256 times,
    /// a few µs, then sleeps). Between two steps the caller scatters dh and fills the next batch,
    /// tens of µs in which a polling helper burns a core that a sweep's other workers could use;
    /// the futex wake-up it saves is a few µs of a ≈ 0.5 ms two-thread step (W(1024, 64, 256)).
    /// This is a choice for a shared machine, not a measured speed-up: sweeps run one thread per
    /// worker, where no helper exists. The README's 2-thread table predates it (200 µs spin).
    static let idleSpin = 0.0

    /// One helper: its job cells a cache-line pair apart, its own wake-up.
    private final class Helper {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        /// posted generation (caller writes), completed generation (helper writes), sleeping flag.
        let cells: UnsafeMutablePointer<Int>
        var posted: UnsafeMutablePointer<Int> { cells }
        var completed: UnsafeMutablePointer<Int> { cells + 16 }
        var sleeping: UnsafeMutablePointer<Int> { cells + 32 }
        var job: ((UnsafeRawPointer, Int) -> Void)?
        var context: UnsafeRawPointer?
        let part: Int

        init(part: Int) {
            self.part = part
            cells = UnsafeMutableRawPointer.allocate(byteCount: 48 * MemoryLayout<Int>.stride, alignment: 128)
                .bindMemory(to: Int.self, capacity: 48)
            cells.initialize(repeating: 0, count: 48)
            pthread_mutex_init(mutex, nil); pthread_cond_init(wake, nil)
            var thread = pthread_t()
            let me = Unmanaged.passRetained(self).toOpaque()
            let rc = pthread_create(&thread, nil, { raw in
                Unmanaged<Helper>.fromOpaque(raw!).takeUnretainedValue().loop()  // never returns
            }, me)
            precondition(rc == 0, "could not start a helper thread (pthread_create: \(rc))")
            pthread_detach(thread)
        }

        func loop() -> Never {
            var seen = 0
            while true {
                let start = Benchmark.now()
                var spins = 0
                while ck_atomic_load(posted) == seen {
                    spins &+= 1
                    if spins & 255 == 0 && Benchmark.now() - start > HelperThreads.idleSpin {
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
                job!(context!, part)
                ck_atomic_store(completed, seen)
            }
        }

        func post(_ generation: Int, _ job: @escaping (UnsafeRawPointer, Int) -> Void, _ context: UnsafeRawPointer) {
            self.job = job; self.context = context
            ck_atomic_store(posted, generation)
            if ck_atomic_load(sleeping) != 0 {
                pthread_mutex_lock(mutex); pthread_cond_signal(wake); pthread_mutex_unlock(mutex)
            }
        }
    }

    private let entry = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var helpers: [Helper] = []
    private var generation = 0  // guarded by `entry`

    private init() { pthread_mutex_init(entry, nil) }

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

    /// A `parties`-way barrier on a zeroed cell (one use per cell): every part calls it once; all
    /// return once all have arrived.
    @inline(__always)
    static func barrier(_ cell: UnsafeMutablePointer<Int>, parties: Int) {
        _ = ck_atomic_add(cell, 1)
        spin(until: cell, reaches: parties)
    }

    /// Runs `job(context, p)` for p in 1..<parts on helpers and `job(context, 0)` here; returns
    /// when all are done. `job` must not capture anything (a thin function: no allocation).
    func run(parts: Int, _ context: UnsafeRawPointer, _ job: @escaping (UnsafeRawPointer, Int) -> Void) {
        if parts <= 1 { job(context, 0); return }
        pthread_mutex_lock(entry)
        while helpers.count < parts - 1 { helpers.append(Helper(part: helpers.count + 1)) }
        generation += 1
        for p in 1..<parts { helpers[p - 1].post(generation, job, context) }
        job(context, 0)
        for p in 1..<parts { Self.spin(until: helpers[p - 1].completed, reaches: generation) }
        pthread_mutex_unlock(entry)
    }
}
