import CorpusCore
import Foundation

/// Reads a pipeline file and validates all of it against the `Registry`.
///
/// Every problem is collected, each with its file, line and column and what was expected; if there
/// is any, loading throws `PipelineError.invalid` and nothing runs.
public enum PipelineLoader {
    /// The pipeline format version this build understands.
    public static let supportedVersion = 1

    /// Loads and validates the pipeline at `path`. `environment` is used for `${VAR}` expansion.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PipelineSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineError.unreadable(path: path, reason: "not UTF-8")
        }
        let hash = data.withUnsafeBytes { XXH64.hash($0).hex16 }
        let baseDirectory = (path as NSString).deletingLastPathComponent
        return try parse(text, file: path, fileHash: hash, baseDirectory: baseDirectory.isEmpty ? "." : baseDirectory, environment: environment)
    }

    /// Validates pipeline text. Relative input paths are resolved against `baseDirectory`.
    public static func parse(_ text: String, file: String, fileHash: String = "", baseDirectory: String = ".",
                             environment: [String: String] = [:]) throws -> PipelineSpec {
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(text, file: file)
        } catch {
            // TOMLParser.parse throws only TOMLError (typed throws).
            throw PipelineError.invalid([PipelineIssue(file: file, line: error.position.line, column: error.position.column, message: error.message)])
        }
        var v = Validator(file: file, environment: environment, baseDirectory: baseDirectory)
        let spec = v.pipeline(root)
        if !v.issues.isEmpty { throw PipelineError.invalid(v.issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        return PipelineSpec(file: file, fileHash: fileHash, version: spec.version, name: spec.name, workers: spec.workers,
                            taskBytes: spec.taskBytes, inputs: spec.inputs, stages: spec.stages, output: spec.output)
    }
}

/// Walks the TOML tree, collecting issues instead of stopping at the first.
struct Validator {
    let file: String
    let environment: [String: String]
    let baseDirectory: String
    var issues: [PipelineIssue] = []

    mutating func issue(_ position: SourcePosition, _ message: String) {
        issues.append(PipelineIssue(file: file, line: position.line, column: position.column, message: message))
    }

    static let topKeys = ["version", "name", "workers", "task_mb", "inputs", "stages", "output"]
    static let inputKeys = ["path", "include", "exclude", "follow_archives", "reader", "source"]
    static let outputSpecs: [OptionSpec] = [
        OptionSpec("directory", .string, default: .string(""), help: "output directory (default out/NAME); --output overrides"),
        OptionSpec("format", .choice(["jsonl"]), default: .string("jsonl"), help: "document file format"),
        OptionSpec("compression", .choice(["zstd", "none"]), default: .string("zstd"), help: "compression of document files"),
        OptionSpec("compression_level", .integer, default: .integer(3), minimum: 1, help: "zstd level"),
        OptionSpec("max_file_mb", .integer, default: .integer(256), minimum: 1, help: "rotate document files at this size"),
        OptionSpec("exclusions", .boolean, default: .boolean(false), help: "write dropped documents under excluded/"),
    ]
    static let topSpecs: [OptionSpec] = [
        OptionSpec("version", .integer, default: .integer(1), minimum: 1, help: "pipeline format version"),
        OptionSpec("name", .string, default: .string("pipeline"), help: "name; the default output is out/NAME"),
        OptionSpec("workers", .integer, default: .integer(0), minimum: 0, help: "worker threads; 0 = one per core"),
        OptionSpec("task_mb", .integer, default: .integer(64), minimum: 1, help: "group loose input files into tasks of about this size"),
    ]

    struct Partial {
        var version = 1, name = "pipeline", workers: Int? = nil, taskBytes: Int64 = 64 << 20
        var inputs: [InputConfig] = [], stages: [StageConfig] = []
        var output = OutputConfig(directory: "", compression: "zstd", compressionLevel: 3, maxFileBytes: 256 << 20, exclusions: false)
    }

    mutating func pipeline(_ root: TOMLTable) -> Partial {
        var p = Partial()
        let top = options(root, specs: Validator.topSpecs, context: "at the top level", reserved: ["inputs", "stages", "output"])
        p.version = top.integer("version") ?? 1
        p.name = top.string("name") ?? "pipeline"
        if let w = top.integer("workers"), w > 0 { p.workers = w }
        p.taskBytes = Int64(top.integer("task_mb") ?? 64) << 20
        if p.version > PipelineLoader.supportedVersion, let v = root["version"] {
            issue(v.position, "pipeline version \(p.version) is newer than this matcorpus supports (\(PipelineLoader.supportedVersion))")
        }

        if let inputs = root["inputs"] {
            for element in arrayOfTables(inputs, key: "inputs") { if let i = input(element) { p.inputs.append(i) } }
        } else {
            issue(SourcePosition(file: file, line: 1, column: 1), "missing [[inputs]]: a pipeline needs at least one input")
        }
        if p.inputs.isEmpty, root["inputs"] != nil, issues.isEmpty {
            issue(root["inputs"]!.position, "[[inputs]] is empty")
        }
        if let stages = root["stages"] {
            for element in arrayOfTables(stages, key: "stages") { if let s = stage(element) { p.stages.append(s) } }
        }
        var outputDirectory = "out/\(p.name)"
        if let output = root["output"] {
            if case .table(let table) = output.kind {
                let o = options(table, specs: Validator.outputSpecs, context: "in [output]", reserved: [])
                if let d = o.string("directory"), !d.isEmpty { outputDirectory = expand(d, at: table["directory"]!.position) }
                p.output.compression = o.string("compression") ?? "zstd"
                p.output.compressionLevel = o.integer("compression_level") ?? 3
                p.output.maxFileBytes = Int64(o.integer("max_file_mb") ?? 256) << 20
                p.output.exclusions = o.bool("exclusions") ?? false
                if p.output.compressionLevel > 22, let v = table["compression_level"] { issue(v.position, "compression_level must be at most 22") }
            } else {
                issue(output.position, "\"output\" must be a table ([output]), found \(output.typeName)")
            }
        }
        p.output.directory = outputDirectory
        return p
    }

    mutating func arrayOfTables(_ value: TOMLValue, key: String) -> [(TOMLTable, SourcePosition)] {
        guard case .array(let elements) = value.kind else {
            issue(value.position, "\"\(key)\" must be an array of tables ([[\(key)]]), found \(value.typeName)")
            return []
        }
        var out: [(TOMLTable, SourcePosition)] = []
        for e in elements {
            if case .table(let t) = e.kind { out.append((t, e.position)) } else { issue(e.position, "each \"\(key)\" entry must be a table, found \(e.typeName)") }
        }
        return out
    }

    mutating func input(_ element: (TOMLTable, SourcePosition)) -> InputConfig? {
        let (table, position) = element
        let readerName = table["reader"]
        var definition: ReaderDefinition?
        if let readerName {
            if case .string(let name) = readerName.kind {
                definition = Registry.reader(named: name)
                if definition == nil {
                    issue(readerName.position, "unknown reader \"\(name)\" (known readers: \(Registry.readers.map(\.name).joined(separator: ", ")))")
                }
            } else {
                issue(readerName.position, "\"reader\" must be a string, found \(readerName.typeName)")
            }
        } else {
            issue(position, "input has no \"reader\" (known readers: \(Registry.readers.map(\.name).joined(separator: ", ")))")
        }
        let common: [OptionSpec] = [
            OptionSpec("path", .string, default: nil, help: "a file, folder or archive"),
            OptionSpec("include", .stringArray, default: .stringArray([]), help: "globs of files or members to read"),
            OptionSpec("exclude", .stringArray, default: .stringArray([]), help: "globs of files or members to skip"),
            OptionSpec("follow_archives", .boolean, default: .boolean(true), help: "read archives as collections of members"),
            OptionSpec("reader", .string, default: nil, help: "how to turn a file into documents"),
            OptionSpec("source", .string, default: .string("general"), help: "the documents' source: paper, cif, general, ..."),
        ]
        let context = definition.map { "in [[inputs]] with reader \"\($0.name)\"" } ?? "in [[inputs]]"
        // Validate common and reader options together, so a misspelt key is reported once.
        let resolved = options(table, specs: common + (definition?.options ?? []), context: context, reserved: [])
        guard let definition, let path = resolved.string("path") else { return nil }
        var expanded = expand(path, at: table["path"]!.position)
        if !expanded.hasPrefix("/") { expanded = (baseDirectory as NSString).appendingPathComponent(expanded) }
        var readerOptions = ResolvedOptions()
        for spec in definition.options { readerOptions.values[spec.name] = resolved.values[spec.name] }
        return InputConfig(path: URL(fileURLWithPath: expanded).standardizedFileURL.path, include: resolved.strings("include") ?? [],
                           exclude: resolved.strings("exclude") ?? [], followArchives: resolved.bool("follow_archives") ?? true,
                           reader: definition.name, source: DocumentSource(resolved.string("source") ?? "general"),
                           options: readerOptions, line: position.line)
    }

    mutating func stage(_ element: (TOMLTable, SourcePosition)) -> StageConfig? {
        let (table, position) = element
        guard let typeValue = table["type"] else {
            issue(position, "stage has no \"type\" (known stages: \(Registry.stages.map(\.type).joined(separator: ", ")))")
            return nil
        }
        guard case .string(let type) = typeValue.kind else {
            issue(typeValue.position, "\"type\" must be a string, found \(typeValue.typeName)")
            return nil
        }
        guard let definition = Registry.stage(named: type) else {
            issue(typeValue.position, "unknown stage \"\(type)\" (known stages: \(Registry.stages.map(\.type).joined(separator: ", ")))")
            return nil
        }
        let resolved = options(table, specs: definition.options, context: "in stage \"\(type)\"", reserved: ["type"])
        return StageConfig(type: type, options: resolved, line: position.line)
    }

    /// Checks every key of `table` against `specs`: unknown keys, wrong types, missing required
    /// options and out-of-range numbers become issues. Keys in `reserved` are handled by the caller.
    mutating func options(_ table: TOMLTable, specs: [OptionSpec], context: String, reserved: Set<String>) -> ResolvedOptions {
        var resolved = ResolvedOptions()
        let known = specs.map(\.name) + reserved.sorted()
        for entry in table.entries where !reserved.contains(entry.key) {
            guard let spec = specs.first(where: { $0.name == entry.key }) else {
                var message = "unknown option \"\(entry.key)\" \(context)"
                if let guess = Validator.closest(entry.key, in: known) { message += "; did you mean \"\(guess)\"?" }
                message += " (expected one of: \(known.joined(separator: ", ")))"
                issue(entry.keyPosition, message)
                continue
            }
            if let value = convert(entry.value, to: spec, context: context) { resolved.values[spec.name] = value }
        }
        for spec in specs where resolved.values[spec.name] == nil && table[spec.name] == nil {
            if let d = spec.defaultValue { resolved.values[spec.name] = d }
        }
        return resolved
    }

    mutating func convert(_ value: TOMLValue, to spec: OptionSpec, context: String) -> OptionValue? {
        func wrong() -> OptionValue? {
            issue(value.position, "option \"\(spec.name)\" \(context) must be \(spec.type), found \(value.typeName)")
            return nil
        }
        func checkMinimum(_ x: Double) -> Bool {
            if let m = spec.minimum, x < m {
                issue(value.position, "option \"\(spec.name)\" \(context) must be at least \(m.rounded() == m ? String(Int(m)) : String(m)), found \(x.rounded() == x ? String(Int64(x)) : String(x))")
                return false
            }
            return true
        }
        switch (spec.type, value.kind) {
        case (.string, .string(let s)): return .string(s)
        case (.path, .string(let s)):
            var expanded = expand(s, at: value.position)
            if !expanded.hasPrefix("/") { expanded = (baseDirectory as NSString).appendingPathComponent(expanded) }
            return .string(URL(fileURLWithPath: expanded).standardizedFileURL.path)
        case (.choice(let allowed), .string(let s)):
            if allowed.contains(s) { return .string(s) }
            issue(value.position, "option \"\(spec.name)\" \(context) must be \(spec.type), found \"\(s)\"")
            return nil
        // A choice that lists "true" and "false" also takes the TOML booleans (an option that grew from a flag).
        case (.choice(let allowed), .boolean(let b)) where allowed.contains(String(b)):
            return .string(String(b))
        case (.integer, .integer(let i)): return checkMinimum(Double(i)) ? .integer(i) : nil
        case (.float, .float(let d)): return checkMinimum(d) ? .float(d) : nil
        case (.float, .integer(let i)): return checkMinimum(Double(i)) ? .float(Double(i)) : nil
        case (.boolean, .boolean(let b)): return .boolean(b)
        case (.stringArray, .array(let elements)):
            var out: [String] = []
            for e in elements {
                guard case .string(let s) = e.kind else {
                    issue(e.position, "option \"\(spec.name)\" \(context) must be \(spec.type); this element is \(e.typeName)")
                    return nil
                }
                out.append(s)
            }
            return .stringArray(out)
        default: return wrong()
        }
    }

    /// Expands `${VAR}` and `${VAR:-default}`; an unset variable without a default is an issue.
    mutating func expand(_ text: String, at position: SourcePosition) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                issue(position, "unterminated ${ in \"\(text)\"")
                return text
            }
            let body = rest[start.upperBound..<end]
            let parts = body.components(separatedBy: ":-")
            if let value = environment[parts[0]], !value.isEmpty { out += value }
            else if parts.count > 1 { out += parts.dropFirst().joined(separator: ":-") }
            else { issue(position, "environment variable \(parts[0]) is not set (write ${\(parts[0]):-default} to give a default)") }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// The known name within edit distance 2 of `name`, for "did you mean".
    static func closest(_ name: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, ca) in a.enumerated() {
                var current = [i + 1]
                for (j, cb) in b.enumerated() {
                    current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let scored = candidates.map { ($0, distance(Array(name), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}
