/// Errors of the run database.
public enum RunStoreError: Error, Sendable, CustomStringConvertible {
    /// SQLite refused an operation.
    case sqlite(path: String, code: Int32, message: String, sql: String)
    /// The database was written by a newer, incompatible MatCorpus.
    case unsupportedSchema(path: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .sqlite(let path, let code, let message, let sql):
            return "\(path): SQLite error \(code): \(message) (in: \(sql.prefix(80)))"
        case .unsupportedSchema(let path, let found, let supported):
            return "\(path): run database schema version \(found) is newer than this matcorpus supports (\(supported))"
        }
    }
}
