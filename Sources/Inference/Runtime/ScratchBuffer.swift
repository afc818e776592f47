/// A fixed-size, zero-initialized, aligned heap buffer owned by one engine object.
///
/// The engine's hot loops work on raw pointers; this type is the one place that allocates and frees
/// them. It is not thread-safe by itself: parallel loops write disjoint ranges.
final class ScratchBuffer<Element>: @unchecked Sendable {
    let count: Int
    let pointer: UnsafeMutablePointer<Element>

    init(count: Int, zero: Element) {
        self.count = max(count, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: self.count * MemoryLayout<Element>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Element.self, capacity: self.count)
        pointer.initialize(repeating: zero, count: self.count)
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    @inline(__always) subscript(offset: Int) -> UnsafeMutablePointer<Element> { pointer + offset }
}

extension ScratchBuffer where Element == Float {
    convenience init(count: Int) { self.init(count: count, zero: 0) }
}

extension ScratchBuffer where Element == UInt8 {
    convenience init(bytes: Int) { self.init(count: bytes, zero: 0) }
    var raw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(pointer) }
}
