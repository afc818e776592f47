#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A fixed set of worker threads that run the tasks of one parallel loop at a time.
///
/// Built for the engine's many short parallel regions (a matrix-vector product takes microseconds):
/// workers spin for a while waiting for the next region, then sleep on a condition variable, so a
/// decode loop pays no wake-up latency and an idle engine burns no CPU. The calling thread works too
/// (it is worker 0). Tasks are claimed with an atomic counter, so uneven tasks balance themselves.
public final class ThreadPool: @unchecked Sendable {
    /// Threads that run tasks, the caller included.
    public let threadCount: Int

    private let generation = Atomic<Int>(0)
    private let nextTask = Atomic<Int>(0)
    private let workersDone = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private var taskCount = 0
    private var body: ((Int, Int) -> Void)?
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var workerThreads: [Thread] = []

    /// How long a waiting worker spins before it sleeps. Long enough to span the serial work between
    /// two parallel regions and between two decoded tokens (sampling), short enough not to burn a core
    /// once the engine is idle.
    private static let spinNanoseconds: UInt64 = 3_000_000

    /// A pool of `threads` threads in all (at least 1; the caller is one of them).
    public init(threads: Int) {
        threadCount = max(1, threads)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        for worker in 1..<threadCount {
            let t = Thread { [unowned self] in self.workerLoop(worker) }
            t.stackSize = 1 << 20
            t.start()
            workerThreads.append(t)
        }
    }

    deinit {
        stopping.store(true, ordering: .releasing)
        generation.add(1, ordering: .releasing)
        pthread_mutex_lock(&mutex)
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
        // Workers hold `unowned self`; wait until each has left its loop.
        while workersDone.load(ordering: .acquiring) < threadCount - 1 { sched_yield() }
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Runs `body(task, worker)` for every task in `0..<tasks` across the pool and returns when all are
    /// done. `worker` is in `0..<threadCount` and unique among concurrently running calls, so it can
    /// index per-thread scratch space.
    public func run(tasks: Int, _ body: (_ task: Int, _ worker: Int) -> Void) {
        guard tasks > 0 else { return }
        if threadCount == 1 || tasks == 1 {
            for t in 0..<tasks { body(t, 0) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            self.body = escaping
            taskCount = tasks
            nextTask.store(0, ordering: .relaxed)
            workersDone.store(0, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            if sleepers.load(ordering: .acquiring) > 0 {
                pthread_mutex_lock(&mutex)
                pthread_cond_broadcast(&condition)
                pthread_mutex_unlock(&mutex)
            }
            work(worker: 0)
            // Every worker must have left the task loop before the body and counters are reused.
            var spins = 0
            while workersDone.load(ordering: .acquiring) < threadCount - 1 {
                spins += 1
                if spins & 1023 == 0 { sched_yield() }
            }
            self.body = nil
        }
    }

    private func work(worker: Int) {
        let count = taskCount
        guard let body else { return }
        while true {
            let t = nextTask.add(1, ordering: .relaxed).oldValue
            if t >= count { break }
            body(t, worker)
        }
    }

    private func workerLoop(_ worker: Int) {
        var seen = 0
        while true {
            var spins = 0
            var deadline: UInt64 = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                spins += 1
                if spins & 1023 == 0 {
                    // Every 1,024 turns: let another runnable thread have the core (on a shared
                    // machine the thread we wait for may be queued behind us), and read the clock.
                    sched_yield()
                    let now = Self.monotonicNanoseconds()
                    if deadline == 0 {
                        deadline = now + Self.spinNanoseconds
                    } else if now >= deadline {
                        pthread_mutex_lock(&mutex)
                        sleepers.add(1, ordering: .sequentiallyConsistent)
                        while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(&condition, &mutex) }
                        sleepers.subtract(1, ordering: .sequentiallyConsistent)
                        pthread_mutex_unlock(&mutex)
                        deadline = 0
                    }
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            if stopping.load(ordering: .acquiring) {
                workersDone.add(1, ordering: .releasing)
                return
            }
            work(worker: worker)
            workersDone.add(1, ordering: .releasing)
        }
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}
