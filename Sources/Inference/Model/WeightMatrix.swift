import GGUF

/// A read-only matrix of weights inside the mapped model file: `rows` rows of `columns` elements of
/// `type`, row-major (ggml's ne[0] = columns is contiguous). Every row lies inside the file: checked
/// when the view is made, so kernels can read without further checks.
public struct WeightMatrix: @unchecked Sendable {
    public let name: String
    public let type: GGMLType
    public let rows: Int
    public let columns: Int
    public let rowBytes: Int
    /// Start of row 0; valid for `rows * rowBytes` bytes while the owning `GGUFFile` lives.
    public let base: UnsafeRawPointer

    /// The tensor `name` of `file`, which must have the given shape (nil columns or rows: any).
    init(file: GGUFFile, name: String, columns: Int?, rows: Int?) throws {
        guard let info = file.tensors.first(where: { $0.name == name }) else {
            throw InferenceError.badModel(path: file.path, reason: "tensor \(name) is missing")
        }
        try self.init(file: file, info: info, columns: columns, rows: rows)
    }

    init(file: GGUFFile, info: GGUFFile.TensorInfo, columns: Int?, rows: Int?) throws {
        func fail(_ reason: String) -> InferenceError { .badModel(path: file.path, reason: "tensor \(info.name): \(reason)") }
        guard let type = GGMLType(rawValue: info.typeCode), type != .q8_1, type != .q8_K else {
            throw InferenceError.unsupported(path: file.path, reason: "tensor \(info.name) has ggml type \(info.typeCode)")
        }
        let dims = info.dimensions
        guard (1...2).contains(dims.count) else { throw fail("\(dims.count) dimensions, expected 1 or 2") }
        let c = dims[0], r = dims.count == 2 ? dims[1] : 1
        if let columns, c != columns { throw fail("\(c) columns, expected \(columns)") }
        if let rows, r != rows { throw fail("\(r) rows, expected \(rows)") }
        guard let rb = type.rowBytes(c) else { throw fail("\(c) columns is not a whole number of \(type) blocks") }
        let (total, overflow) = rb.multipliedReportingOverflow(by: r)
        guard !overflow else { throw fail("size overflows") }
        let bytes = try file.bytes(of: info, count: total)
        guard let start = bytes.baseAddress else { throw fail("no data") }
        self.name = info.name
        self.type = type
        self.rows = r
        self.columns = c
        self.rowBytes = rb
        self.base = start
    }

    /// Row `i` (unchecked; `i < rows`).
    @inline(__always) public func row(_ i: Int) -> UnsafeRawPointer { base + i * rowBytes }

    /// Row `i` as floats, through the scalar reference dequantizer.
    public func dequantizedRow(_ i: Int) -> [Float] {
        precondition(i >= 0 && i < rows)
        return [Float](unsafeUninitializedCapacity: columns) { buffer, count in
            Dequantize.row(type, from: row(i), count: columns, into: buffer.baseAddress!)
            count = columns
        }
    }
}
