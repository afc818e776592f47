/// Element names to rule ranges, looked up with a cheap byte hash: the per-element lookup is the
/// extractor's hottest path after the parser itself.
///
/// Open addressing over a power-of-two table; keys are (namespace, UTF-8 bytes of the local name).
struct NameTable: Sendable {
    struct Value: Sendable, Equatable {
        /// The name's id, for ancestor conditions.
        var id: Int32
        /// First rule in `FormatProfile.rules`, and how many.
        var first: Int32
        var count: Int32
    }

    private struct Slot: Sendable {
        var hash: UInt64
        var namespace: XMLNamespace
        var name: [UInt8]
        var value: Value
    }

    private var slots: [Slot?]
    private var mask: Int

    init(_ entries: [(ElementName, Value)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        slots = Array(repeating: nil, count: capacity)
        mask = capacity - 1
        for (name, value) in entries {
            let bytes = Array(name.local.utf8)
            let h = bytes.withUnsafeBufferPointer { Self.hash(name.namespace, $0) }
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] != nil { i = (i + 1) & mask }
            slots[i] = Slot(hash: h, namespace: name.namespace, name: bytes, value: value)
        }
    }

    /// FNV-1a over the name, seeded by the namespace.
    @inline(__always)
    static func hash(_ namespace: XMLNamespace, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(namespace.rawValue)
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    func lookup(_ namespace: XMLNamespace, _ local: String) -> Value? {
        var local = local
        return local.withUTF8 { bytes in
            let h = Self.hash(namespace, bytes)
            var i = Int(truncatingIfNeeded: h) & mask
            while let slot = slots[i] {
                if slot.hash == h, slot.namespace == namespace, slot.name.elementsEqual(bytes) { return slot.value }
                i = (i + 1) & mask
            }
            return nil
        }
    }
}
