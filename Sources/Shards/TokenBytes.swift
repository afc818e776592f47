/// Token ids as the shard files store them: little-endian, 2 bytes (uint16) or 4 bytes (int32 in
/// Megatron, uint32 in llm.c and datatrove; ids never reach 2^31, so the bytes are the same).
enum TokenBytes {
    /// The ids in `bytes`, `width` bytes each.
    static func decode(_ bytes: UnsafeRawBufferPointer, width: Int, into ids: inout [Int]) {
        ids.removeAll(keepingCapacity: true)
        let n = bytes.count / width
        ids.reserveCapacity(n)
        if width == 2 {
            for k in 0..<n { ids.append(Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self)))) }
        } else {
            for k in 0..<n { ids.append(Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)))) }
        }
    }

    static func decode(_ bytes: [UInt8], width: Int) -> [Int] {
        var ids: [Int] = []
        bytes.withUnsafeBytes { decode($0, width: width, into: &ids) }
        return ids
    }

    /// Appends `ids` to `buffer`, `width` bytes each (higher bits are cut).
    static func encode(_ ids: [Int], width: Int, into buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + ids.count * width)
        if width == 2 {
            for id in ids { let v = UInt16(truncatingIfNeeded: id).littleEndian; buffer.append(UInt8(v & 0xFF)); buffer.append(UInt8(v >> 8)) }
        } else {
            for id in ids { withUnsafeBytes(of: UInt32(truncatingIfNeeded: id).littleEndian) { buffer.append(contentsOf: $0) } }
        }
    }
}
