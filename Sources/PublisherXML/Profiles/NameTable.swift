/// Element names to rule ranges, looked up with a cheap byte hash: the per-element lookup is the
/// extractor's hottest path after the parser itself.
///
/// Open addressing over a power-of-two table. Keys (namespace, UTF-8 bytes of the local name) are
/// stored in flat arrays, so a probe touches no reference-counted storage.
struct NameTable: Sendable {
    struct Value: Sendable, Equatable {
        /// The name's id, for ancestor conditions.
        var id: Int32
        /// First rule in `FormatProfile.rules`, and how many.
        var first: Int32
        var count: Int32
    }

    private struct Slot: Sendable {
        var hash: UInt64 = 0
        var keyStart: Int32 = -1   // -1: empty
        var keyLength: Int32 = 0
        var namespace: XMLNamespace = .none
        var value = Value(id: -1, first: 0, count: 0)
    }

    private var slots: [Slot]
    private var keys: [UInt8] = []
    private var mask: Int

    init(_ entries: [(ElementName, Value)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        slots = Array(repeating: Slot(), count: capacity)
        mask = capacity - 1
        for (name, value) in entries {
            let bytes = Array(name.local.utf8)
            let h = bytes.withUnsafeBufferPointer { Self.hash(name.namespace, $0) }
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i].keyStart >= 0 { i = (i + 1) & mask }
            slots[i] = Slot(hash: h, keyStart: Int32(keys.count), keyLength: Int32(bytes.count), namespace: name.namespace, value: value)
            keys += bytes
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
            return slots.withUnsafeBufferPointer { slots in
                keys.withUnsafeBufferPointer { keys in
                    var i = Int(truncatingIfNeeded: h) & mask
                    while slots[i].keyStart >= 0 {
                        let slot = slots[i]
                        if slot.hash == h, slot.namespace == namespace, Int(slot.keyLength) == bytes.count,
                           bytes.count == 0 || memcmpEqual(keys.baseAddress! + Int(slot.keyStart), bytes.baseAddress!, bytes.count) {
                            return slot.value
                        }
                        i = (i + 1) & mask
                    }
                    return nil
                }
            }
        }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var k = 0
    while k < n {
        if a[k] != b[k] { return false }
        k += 1
    }
    return true
}
