import CorpusCore
import CorpusIO
import Foundation
import PublisherXML

/// Runs one reader over single files, outside a pipeline: what `matcorpus xml extract` uses.
public enum FileExtraction {
    /// What a reader made of one file.
    public struct Result: Sendable {
        public var file: String
        public var documents: [Document]
        public var rejections: [InputRejection]
        /// Documents the reader found but did not emit, by reason.
        public var dropped: [String: Int]
    }

    /// Reads `path` (decompressing gzip or zstd by magic bytes) with `reader`.
    public static func read(path: String, with reader: inout some DocumentReader, source: DocumentSource) -> Result {
        var documents: [Document] = []
        var result = Result(file: path, documents: [], rejections: [], dropped: [:])
        let name = (path as NSString).lastPathComponent
        do {
            let bytes = try Decompression.open(FileByteSource(path: path))
            let member = InputMember(file: path, relativePath: name, source: bytes)
            var context = ReaderContext(sink: { documents.append($0) })
            do {
                try reader.read(member, into: &context)
            } catch {
                result.rejections.append(TaskRunner.rejection(for: error, member: member))
            }
            result.rejections += context.rejections
            result.dropped = context.dropped
        } catch {
            var rejection = InputRejection(file: path, reason: "\(error)")
            if let e = error as? InputError { rejection.offset = e.offset; rejection.reason = e.description }
            result.rejections.append(rejection)
        }
        result.documents = documents
        return result
    }
}
