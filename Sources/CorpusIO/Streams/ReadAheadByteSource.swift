#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CorpusCore

/// Reads another source on a background thread, a few chunks ahead of the caller.
///
/// Wrapping a decompressor (`ReadAheadByteSource(try Decompression.open(file))`) lets
/// decompression run on one core while the caller parses on another. The wrapped source is used
/// only by the background thread from then on; its errors are rethrown to the caller, in order,
/// after the bytes read before them. Dropping the reader stops the thread.
public final class ReadAheadByteSource: ByteSource {
    private let state: ReadAheadState
    #if os(Linux)
    private var thread: pthread_t?
    #else
    private var thread: pthread_t??
    #endif
    /// Bytes of the current chunk already handed out.
    private var offset = 0
    private var done = false

    /// Reads `upstream` ahead in up to `depth` chunks of `chunkSize` bytes.
    public init(_ upstream: any ByteSource, chunkSize: Int = 1 << 20, depth: Int = 4) throws {
        state = ReadAheadState(upstream: upstream, chunkSize: max(chunkSize, 4096), depth: max(depth, 2))
        #if os(Linux)
        var tid = pthread_t()
        #else
        var tid: pthread_t? = nil
        #endif
        let context = Unmanaged.passRetained(state).toOpaque()
        let r = pthread_create(&tid, nil, { raw in
            let state = Unmanaged<ReadAheadState>.fromOpaque(raw!).takeRetainedValue()
            state.produce()
            return nil
        }, context)
        if r != 0 {
            Unmanaged<ReadAheadState>.fromOpaque(context).release()
            throw InputError.system(call: "pthread_create", errno: r, path: "")
        }
        thread = tid
    }

    deinit {
        state.cancel()
        #if os(Linux)
        if let thread { pthread_join(thread, nil) }
        #else
        if let thread, let t = thread { pthread_join(t, nil) }
        #endif
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0, !done else { return 0 }
        guard let chunk = try state.waitForChunk() else {
            done = true
            return 0
        }
        let n = min(buffer.count, chunk.count - offset)
        buffer.baseAddress!.copyMemory(from: chunk.baseAddress! + offset, byteCount: n)
        offset += n
        if offset == chunk.count {
            offset = 0
            state.releaseChunk()
        }
        return n
    }
}

/// What the reading thread and the caller share. Every field is guarded by `monitor`, except
/// `upstream` (background thread only) and the chunk bytes, which belong to the producer while a
/// slot is empty and to the consumer while it is full.
private final class ReadAheadState: @unchecked Sendable {
    let monitor = Monitor()
    let upstream: any ByteSource
    let slots: [UnsafeMutableRawBufferPointer]
    var counts: [Int]
    /// Next full slot for the consumer, next empty slot for the producer, full slots.
    var head = 0, tail = 0, filled = 0
    var finished = false
    var error: (any Error)?
    var cancelled = false

    init(upstream: any ByteSource, chunkSize: Int, depth: Int) {
        self.upstream = upstream
        slots = (0..<depth).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64) }
        counts = Array(repeating: 0, count: depth)
    }

    deinit { for slot in slots { slot.deallocate() } }

    /// The background thread's loop.
    func produce() {
        while true {
            monitor.lock()
            while filled == slots.count && !cancelled { monitor.wait() }
            if cancelled { monitor.unlock(); return }
            let slot = slots[tail]
            monitor.unlock()

            // Fill most of the slot so the caller is woken for large pieces only.
            var n = 0
            var failure: (any Error)?
            do {
                while n < slot.count / 2 {
                    let got = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: slot[n...]))
                    if got == 0 { break }
                    n += got
                }
            } catch {
                failure = error
            }

            monitor.lock()
            if n > 0 {
                counts[tail] = n
                tail = (tail + 1) % slots.count
                filled += 1
            }
            if n == 0 || failure != nil {
                error = failure
                finished = true
            }
            monitor.broadcast()
            let stop = finished
            monitor.unlock()
            if stop { return }
        }
    }

    /// The bytes of the oldest full slot, waiting if need be; nil at the end. Throws the
    /// upstream's error (again on every call) once the bytes before it are consumed.
    func waitForChunk() throws -> UnsafeRawBufferPointer? {
        monitor.lock()
        defer { monitor.unlock() }
        while filled == 0 && !finished { monitor.wait() }
        if filled == 0 {
            if let error { throw error }
            return nil
        }
        return UnsafeRawBufferPointer(rebasing: slots[head][0..<counts[head]])
    }

    /// Gives the oldest full slot back to the producer.
    func releaseChunk() {
        monitor.withLock {
            head = (head + 1) % slots.count
            filled -= 1
            monitor.broadcast()
        }
    }

    func cancel() {
        monitor.withLock {
            cancelled = true
            monitor.broadcast()
        }
    }
}
