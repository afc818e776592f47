import Foundation
import Pipeline
import _CorpusTestSupport

/// A parser-neutral form of a TOML document, so our parser's output can be compared with Python's
/// `tomllib`, the independent reference. Tables keep key order; date-times are in Python's
/// `isoformat()` form, tagged with TOML's four date-time types.
indirect enum PlainTOML: Equatable, CustomStringConvertible, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// `kind` is `datetime`, `datetime-local`, `date-local` or `time-local`.
    case datetime(kind: String, iso: String)
    case array([PlainTOML])
    case table([Member])
    /// Something the reference produced that has no counterpart here (an integer beyond 64 bits).
    case unrepresentable(String)

    struct Member: Equatable, Sendable {
        var key: String
        var value: PlainTOML
    }

    static func == (lhs: PlainTOML, rhs: PlainTOML) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.float(let a), .float(let b)): return (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.datetime(let k1, let v1), .datetime(let k2, let v2)): return k1 == k2 && v1 == v2
        case (.array(let a), .array(let b)): return a == b
        case (.table(let a), .table(let b)): return a == b
        case (.unrepresentable(let a), .unrepresentable(let b)): return a == b
        default: return false
        }
    }

    var description: String {
        switch self {
        case .string(let s): return String(reflecting: s)
        case .integer(let i): return "\(i)"
        case .float(let d): return "\(d)"
        case .boolean(let b): return "\(b)"
        case .datetime(let kind, let iso): return "\(kind)(\(iso))"
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .table(let members): return "{" + members.map { "\(String(reflecting: $0.key)): \($0.value)" }.joined(separator: ", ") + "}"
        case .unrepresentable(let s): return "?\(s)"
        }
    }

    // MARK: From our parser

    init(_ table: TOMLTable) {
        self = .table(table.entries.map { Member(key: $0.key, value: PlainTOML($0.value)) })
    }

    init(_ value: TOMLValue) {
        switch value.kind {
        case .string(let s): self = .string(s)
        case .integer(let i): self = .integer(i)
        case .float(let d): self = .float(d)
        case .boolean(let b): self = .boolean(b)
        case .datetime(let text): self = Self.normalizedDateTime(text)
        case .array(let items): self = .array(items.map(PlainTOML.init))
        case .table(let table): self = PlainTOML(table)
        }
    }

    /// Our date-time text in the form Python's `isoformat()` gives the value `tomllib` builds:
    /// `T` separator, `+00:00` for `Z`, fractions truncated to microseconds and dropped when zero.
    static func normalizedDateTime(_ text: String) -> PlainTOML {
        let scalars = Array(text.unicodeScalars)
        func string(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        func time(_ range: Range<Int>) -> String {
            let t = string(range)
            guard let dot = t.firstIndex(of: ".") else { return t }
            let fraction = String(t[t.index(after: dot)...].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
            return String(t[..<dot]) + (Int(fraction) == 0 ? "" : "." + fraction)
        }
        if scalars.count == 10, scalars[4] == "-" { return .datetime(kind: "date-local", iso: text) }
        if scalars.count > 2, scalars[2] == ":" { return .datetime(kind: "time-local", iso: time(0..<scalars.count)) }
        var end = 11
        while end < scalars.count, scalars[end] == "." || scalars[end] == ":" || ("0"..."9").contains(scalars[end]) { end += 1 }
        let local = string(0..<10) + "T" + time(11..<end)
        if end == scalars.count { return .datetime(kind: "datetime-local", iso: local) }
        var offset = string(end..<scalars.count)
        if offset == "Z" || offset == "z" || offset == "-00:00" { offset = "+00:00" }
        return .datetime(kind: "datetime", iso: local + offset)
    }

    // MARK: From tomllib's JSON

    /// Reads `{"t": type, "v": value}` as written by `TOMLReference.script`.
    init(reference json: Any) {
        guard let object = json as? [String: Any], let type = object["t"] as? String else {
            self = .unrepresentable("malformed reference JSON")
            return
        }
        let text = object["v"] as? String ?? ""
        switch type {
        case "string": self = .string(text)
        case "integer": self = Int64(text).map(PlainTOML.integer) ?? .unrepresentable(text)
        case "float": self = Double(text).map(PlainTOML.float) ?? .unrepresentable(text)
        case "boolean": self = .boolean(text == "true")
        case "datetime", "datetime-local", "date-local", "time-local": self = .datetime(kind: type, iso: text)
        case "array": self = .array((object["v"] as? [Any] ?? []).map(PlainTOML.init(reference:)))
        case "table":
            let pairs = object["v"] as? [[Any]] ?? []
            self = .table(pairs.map { pair in
                Member(key: pair.first as? String ?? "", value: PlainTOML(reference: pair.count > 1 ? pair[1] : ""))
            })
        default: self = .unrepresentable(type)
        }
    }
}

/// Runs Python's `tomllib` over a batch of documents.
enum TOMLReference {
    /// What `tomllib` made of one document.
    enum Outcome: Sendable, Equatable {
        case parsed(PlainTOML)
        case rejected(String)
    }

    /// Why the reference cannot run here, or nil when `python3` with `tomllib` (3.11+) is present.
    static let unavailableReason: String? = {
        guard let result = try? runPython(["-c", "import tomllib"]), result.status == 0 else {
            return "python3 with tomllib (Python 3.11+) is absent: skipping comparisons with the reference parser"
        }
        return nil
    }()

    static var isAvailable: Bool { unavailableReason == nil }

    /// Converts a loaded TOML document to tagged JSON with ordered tables; big integers stay text.
    static let script = #"""
    import sys, os, json, tomllib, datetime
    def tag(v):
        if isinstance(v, bool): return {"t": "boolean", "v": "true" if v else "false"}
        if isinstance(v, int): return {"t": "integer", "v": str(v)}
        if isinstance(v, float): return {"t": "float", "v": repr(v)}
        if isinstance(v, str): return {"t": "string", "v": v}
        if isinstance(v, datetime.datetime):
            return {"t": "datetime" if v.tzinfo else "datetime-local", "v": v.isoformat()}
        if isinstance(v, datetime.date): return {"t": "date-local", "v": v.isoformat()}
        if isinstance(v, datetime.time): return {"t": "time-local", "v": v.isoformat()}
        if isinstance(v, list): return {"t": "array", "v": [tag(x) for x in v]}
        if isinstance(v, dict): return {"t": "table", "v": [[k, tag(x)] for k, x in v.items()]}
        raise TypeError(type(v))
    out = {}
    folder = sys.argv[1]
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            try:
                out[name] = {"ok": tag(tomllib.load(f))}
            except Exception as e:
                out[name] = {"error": type(e).__name__ + ": " + str(e)}
    json.dump(out, sys.stdout)
    """#

    /// Parses each document (name → UTF-8 bytes) with `tomllib`; names must be usable as file names.
    static func run(_ documents: [String: [UInt8]]) throws -> [String: Outcome] {
        let folder = try Fixtures.temporaryDirectory("toml-reference")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, bytes) in documents {
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
        let result = try runPython(["-c", script, folder.path])
        guard result.status == 0,
              let json = try JSONSerialization.jsonObject(with: result.stdout) as? [String: [String: Any]] else {
            throw ReferenceFailure(message: "tomllib script failed (status \(result.status)): \(result.stderr)")
        }
        var outcomes: [String: Outcome] = [:]
        for (name, entry) in json {
            if let ok = entry["ok"] {
                outcomes[name] = .parsed(PlainTOML(reference: ok))
            } else {
                outcomes[name] = .rejected(entry["error"] as? String ?? "?")
            }
        }
        return outcomes
    }

    struct ReferenceFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func runPython(_ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdout = Pipe()
        let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("toml-reference-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: stderrFile) }
        let stderrHandle = try FileHandle(forWritingTo: stderrFile)
        process.standardOutput = stdout
        process.standardError = stderrHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? stderrHandle.close()
        let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, data, stderr)
    }
}
