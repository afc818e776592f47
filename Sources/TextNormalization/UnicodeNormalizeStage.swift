import CorpusCore

/// Pipeline stage `unicode_normalize`: rewrites each document's text (and title) to one Unicode
/// normalization form.
public struct UnicodeNormalizeStage: Stage {
    public let name = "unicode_normalize"
    private let normalizer: UnicodeNormalizer

    public init(form: NormalizationForm) throws {
        normalizer = try UnicodeNormalizer(form: form)
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        var d = document
        d.text = try normalizer.normalize(d.text)
        if let title = d.metadata.title { d.metadata.title = try normalizer.normalize(title) }
        output.emit(d)
    }
}
