import CorpusCore

/// Reader `jsonl`: one document per line of a JSON-lines file (datatrove, dolma and MatCorpus's own
/// output all fit).
///
/// `text` is required. A line's own `id` is kept; when absent, the id is derived from the file's
/// locator and the line number. External corpora use `source` for a line's origin (a file or data-set
/// name), so by default the input's `source` label wins and a different line value is kept as
/// `metadata.origin_source`; `keepLineSource` keeps lines' own labels (for re-reading MatCorpus output).
/// Other top-level keys land in metadata. A bad line (invalid JSON, no text, invalid UTF-8) is rejected with its line number and
/// byte offset, and reading goes on with the next line.
public struct JSONLDocumentsReader: DocumentReader {
    public let name = "jsonl"
    public var source: DocumentSource
    /// Replace ids found in the lines with ids derived from file and line.
    public var reassignIDs: Bool
    /// Keep each line's own `source` instead of the input's.
    public var keepLineSource: Bool

    public init(source: DocumentSource, reassignIDs: Bool = false, keepLineSource: Bool = false) {
        self.source = source
        self.reassignIDs = reassignIDs
        self.keepLineSource = keepLineSource
    }

    public mutating func read(_ member: InputMember, into context: inout ReaderContext) throws {
        let reader = JSONLDocumentReader(source: member.source)
        while let result = try reader.next() {
            switch result {
            case .success(let record):
                var document = record.document
                if !keepLineSource || document.source.rawValue.isEmpty {
                    if !document.source.rawValue.isEmpty, document.source != source {
                        document.metadata.extra["origin_source"] = .string(document.source.rawValue)
                    }
                    document.source = source
                }
                if reassignIDs || document.id.isEmpty {
                    document.id = DocumentID.make(source: document.source, locator: "\(member.locator):\(record.lineNumber)")
                }
                if document.provenance.file.isEmpty {
                    document.provenance = Provenance(file: member.file, member: member.member, byteStart: record.byteOffset,
                                                     byteEnd: record.byteOffset + Int64(record.byteCount), line: record.lineNumber)
                }
                try context.emit(document)
            case .failure(let error):
                context.reject(error.rejection(file: member.file, member: member.member))
            }
        }
    }
}
