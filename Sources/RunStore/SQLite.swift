import CSQLite

/// A small, safe wrapper over one SQLite connection. The only file that imports `CSQLite`.
///
/// Not thread-safe by itself: `RunDatabase` serializes access with a lock.
final class SQLite {
    private var handle: OpaquePointer?
    let path: String

    init(path: String) throws {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        if rc != SQLITE_OK {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            handle = nil
            throw RunStoreError.sqlite(path: path, code: rc, message: message, sql: "open")
        }
        sqlite3_busy_timeout(handle, 30_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "error \(rc)"
            sqlite3_free(errorMessage)
            throw RunStoreError.sqlite(path: path, code: rc, message: message, sql: sql)
        }
    }

    /// Runs a statement with bound parameters, returning all rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        try bind(parameters, to: statement, sql)
        return try rows(of: statement, sql)
    }

    /// Runs one statement once for each list of parameters, preparing it only once: for inserting
    /// many rows. Results are ignored.
    func execute<S: Sequence>(_ sql: String, each parameterLists: S) throws where S.Element == [SQLValue] {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        for parameters in parameterLists {
            try bind(parameters, to: statement, sql)
            _ = try rows(of: statement, sql)
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(rc, sql)
        }
        return statement
    }

    private func bind(_ parameters: [SQLValue], to statement: OpaquePointer, _ sql: String) throws {
        for (i, p) in parameters.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch p {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let v): rc = sqlite3_bind_int64(statement, index, v)
            case .real(let v): rc = sqlite3_bind_double(statement, index, v)
            case .text(let v): rc = sqlite3_bind_text(statement, index, v, Int32(v.utf8.count), SQLite.transient)  // NUL bytes included
            }
            if rc != SQLITE_OK { throw error(rc, sql) }
        }
    }

    /// Steps a bound statement to the end, returning its rows.
    private func rows(of statement: OpaquePointer, _ sql: String) throws -> [[SQLValue]] {
        var rc: Int32
        var rows: [[SQLValue]] = []
        while true {
            rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error(rc, sql) }
            let columns = sqlite3_column_count(statement)
            var row: [SQLValue] = []
            row.reserveCapacity(Int(columns))
            for c in 0..<columns {
                switch sqlite3_column_type(statement, c) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, c)))
                case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(statement, c)))
                case SQLITE_NULL: row.append(.null)
                default:
                    // Text first, then its length in bytes (the order SQLite asks for); NUL bytes included.
                    if let text = sqlite3_column_text(statement, c) {
                        let count = Int(sqlite3_column_bytes(statement, c))
                        row.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)))
                    } else {
                        row.append(.text(""))
                    }
                }
            }
            rows.append(row)
        }
        return rows
    }

    private func error(_ rc: Int32, _ sql: String) -> RunStoreError {
        .sqlite(path: path, code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    // SQLITE_TRANSIENT: SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A value bound to or read from SQLite.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    init(_ v: String?) { self = v.map { .text($0) } ?? .null }
    init(_ v: Int64?) { self = v.map { .integer($0) } ?? .null }
    init(_ v: Int?) { self = v.map { .integer(Int64($0)) } ?? .null }
    init(_ v: Double?) { self = v.map { .real($0) } ?? .null }

    var int: Int64? {
        switch self {
        case .integer(let v): return v
        case .real(let v): return Int64(v)
        default: return nil
        }
    }
    var double: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        default: return nil
        }
    }
    var string: String? {
        switch self {
        case .text(let v): return v
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .null: return nil
        }
    }
}
