#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A GGUF v3 file, memory-mapped: header, typed metadata, tensor infos and the tensor-data offset.
///
/// Every count, length and offset is checked against the bytes left before anything is allocated
/// or read, so a truncated or corrupt file gives a `GGUFError` naming the byte offset, never a
/// crash or a huge allocation. Checks follow ggml's reader: version 2 or 3, unique keys and tensor
/// names, at most 4 dimensions, a power-of-two `general.alignment`, tensor offsets aligned and
/// inside the file.
public final class GGUFFile: @unchecked Sendable {
    public struct TensorInfo: Sendable, Hashable {
        public var name: String
        /// ne[0] first (the contiguous dimension).
        public var dimensions: [Int]
        public var typeCode: UInt32
        /// Offset from the start of the tensor-data section.
        public var offset: Int
        public var elementCount: Int { dimensions.reduce(1, *) }
    }

    public let path: String
    public let version: UInt32
    /// Metadata in file order.
    public let metadata: [(key: String, value: GGUFValue)]
    public let tensors: [TensorInfo]
    public let alignment: Int
    /// Absolute offset of the tensor-data section.
    public let dataOffset: Int
    public let byteCount: Int
    private let base: UnsafeRawPointer?
    private let index: [String: Int]

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GGUFError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw GGUFError.unreadable(path: path, reason: "fstat failed") }
        byteCount = Int(st.st_size)
        if byteCount > 0 {
            let p = mmap(nil, byteCount, PROT_READ, MAP_PRIVATE, fd, 0)
            guard let p, p != MAP_FAILED else { throw GGUFError.unreadable(path: path, reason: "mmap failed") }
            base = UnsafeRawPointer(p)
        } else {
            base = nil
        }
        var r = GGUFCursor(base: base, count: byteCount, path: path)
        do {
            guard try r.u32() == 0x4655_4747 else { throw r.fail("not a GGUF file (magic is not \"GGUF\")", at: 0) }
            version = try r.u32()
            guard version == 2 || version == 3 else { throw r.fail("GGUF version \(version); versions 2 and 3 are supported", at: 4) }
            let tensorCount = try r.count(minimumBytesEach: 8 + 4 + 4 + 8, what: "tensors")
            let kvCount = try r.count(minimumBytesEach: 8 + 4 + 1, what: "metadata entries")
            var metadata: [(String, GGUFValue)] = []
            var index: [String: Int] = [:]
            for _ in 0..<kvCount {
                let at = r.offset
                let key = try r.string()
                guard index[key] == nil else { throw r.fail("duplicate metadata key \(key)", at: at) }
                let value = try r.value(type: try r.u32(), depth: 0)
                index[key] = metadata.count
                metadata.append((key, value))
            }
            self.metadata = metadata
            self.index = index
            var alignment = 32
            if let i = index["general.alignment"] {
                guard case .uint(let a) = metadata[i].1, a > 0, a <= 1 << 20, a & (a - 1) == 0 else {
                    throw r.fail("general.alignment must be a power of two", at: 0)
                }
                alignment = Int(a)
            }
            self.alignment = alignment
            var tensors: [TensorInfo] = []
            var names: Set<String> = []
            for _ in 0..<tensorCount {
                let at = r.offset
                let name = try r.string()
                guard names.insert(name).inserted else { throw r.fail("duplicate tensor name \(name)", at: at) }
                let nDims = Int(try r.u32())
                guard (1...4).contains(nDims) else { throw r.fail("tensor \(name) has \(nDims) dimensions (1 to 4 allowed)", at: at) }
                var dims: [Int] = []
                var elements = 1
                for _ in 0..<nDims {
                    let d = try r.u64()
                    guard d > 0, d < 1 << 40 else { throw r.fail("tensor \(name) has dimension \(d)", at: r.offset - 8) }
                    let (product, overflow) = elements.multipliedReportingOverflow(by: Int(d))
                    guard !overflow, product < 1 << 48 else { throw r.fail("tensor \(name) has too many elements", at: r.offset - 8) }
                    elements = product
                    dims.append(Int(d))
                }
                let type = try r.u32()
                let offset = try r.u64()
                guard offset < UInt64(byteCount), Int(offset) % alignment == 0 else {
                    throw r.fail("tensor \(name) offset \(offset) is not aligned to \(alignment) or lies past the end", at: r.offset - 8)
                }
                tensors.append(TensorInfo(name: name, dimensions: dims, typeCode: type, offset: Int(offset)))
            }
            self.tensors = tensors
            let aligned = (r.offset + alignment - 1) / alignment * alignment
            guard aligned <= byteCount || tensors.isEmpty else { throw r.fail("the tensor data section starts past the end of the file", at: r.offset) }
            dataOffset = aligned
        } catch let error as GGUFError {
            if let base { munmap(UnsafeMutableRawPointer(mutating: base), byteCount) }
            throw error
        }
    }

    deinit { if let base { munmap(UnsafeMutableRawPointer(mutating: base), byteCount) } }

    /// The value of metadata `key`.
    public subscript(key: String) -> GGUFValue? { index[key].map { metadata[$0].value } }

    /// The bytes of a tensor, if its type's size is known and the bytes lie inside the file.
    public func bytes(of tensor: TensorInfo, count: Int) throws -> UnsafeRawBufferPointer {
        let start = dataOffset + tensor.offset
        guard count >= 0, start <= byteCount, count <= byteCount - start, let base else {
            throw GGUFError.malformed(path: path, offset: start, reason: "tensor \(tensor.name) (\(count) bytes) extends past the end of the file")
        }
        return UnsafeRawBufferPointer(start: base + start, count: count)
    }
}

/// Reads GGUF primitives with bounds checks.
struct GGUFCursor {
    let base: UnsafeRawPointer?
    let count: Int
    let path: String
    var offset = 0

    func fail(_ reason: String, at offset: Int) -> GGUFError { .malformed(path: path, offset: offset, reason: reason) }

    mutating func need(_ n: Int) throws(GGUFError) {
        guard n >= 0, n <= count - offset else { throw fail("truncated: \(n) bytes needed, \(count - offset) left", at: offset) }
    }

    mutating func load<T: FixedWidthInteger>(_: T.Type) throws(GGUFError) -> T {
        try need(MemoryLayout<T>.size)
        let v = T(littleEndian: base!.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return v
    }
    mutating func u32() throws(GGUFError) -> UInt32 { try load(UInt32.self) }
    mutating func u64() throws(GGUFError) -> UInt64 { try load(UInt64.self) }

    /// A count whose items take at least `minimumBytesEach`: refused when the file cannot hold them.
    mutating func count(minimumBytesEach: Int, what: String) throws(GGUFError) -> Int {
        let at = offset
        let n = try u64()
        guard n <= UInt64(count - offset) / UInt64(max(1, minimumBytesEach)) else {
            throw fail("\(n) \(what) announced; the \(count - offset) bytes left cannot hold them", at: at)
        }
        return Int(n)
    }

    mutating func string() throws(GGUFError) -> String {
        let at = offset
        let n = try u64()
        guard n <= UInt64(count - offset) else { throw fail("string of \(n) bytes; \(count - offset) left", at: at) }
        let s = String(decoding: UnsafeRawBufferPointer(start: base! + offset, count: Int(n)), as: UTF8.self)
        offset += Int(n)
        return s
    }

    static func size(of type: UInt32) -> Int? {
        switch type {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 10, 11, 12: return 8
        default: return nil
        }
    }

    mutating func value(type: UInt32, depth: Int) throws(GGUFError) -> GGUFValue {
        let at = offset
        switch type {
        case 0: return .uint(UInt64(try load(UInt8.self)))
        case 1: return .int(Int64(try load(Int8.self)))
        case 2: return .uint(UInt64(try load(UInt16.self)))
        case 3: return .int(Int64(try load(Int16.self)))
        case 4: return .uint(UInt64(try load(UInt32.self)))
        case 5: return .int(Int64(try load(Int32.self)))
        case 6: return .float(Double(Float(bitPattern: try load(UInt32.self))))
        case 7:
            let b = try load(UInt8.self)
            guard b <= 1 else { throw fail("boolean value \(b)", at: at) }
            return .bool(b == 1)
        case 8: return .string(try string())
        case 9:
            guard depth < 4 else { throw fail("arrays nested too deep", at: at) }
            let elementType = try u32()
            let minimum = Self.size(of: elementType) ?? 8
            guard elementType <= 12 else { throw fail("unknown array element type \(elementType)", at: at + 4) }
            let n = try count(minimumBytesEach: minimum, what: "array elements")
            var items: [GGUFValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try value(type: elementType, depth: depth + 1)) }
            return .array(typeCode: elementType, items)
        case 10: return .uint(try u64())
        case 11: return .int(Int64(bitPattern: try u64()))
        case 12: return .float(Double(bitPattern: try u64()))
        default: throw fail("unknown value type \(type)", at: at - 4)
        }
    }
}
