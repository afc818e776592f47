import CorpusCore

/// Pipeline stage `unicode_normalize`: rewrites each document's text (and title) to one Unicode
/// normalization form, by default after `ScienceTextCleaner`'s protective pass.
public struct UnicodeNormalizeStage: Stage {
    public let name = "unicode_normalize"
    private let rewrite: Rewrite

    private enum Rewrite {
        case clean(ScienceTextCleaner)
        case normalize(UnicodeNormalizer)
    }

    /// With `chemistry` (the default) the text goes through `ScienceTextCleaner` (odd spaces,
    /// ligatures, dashes, sub- and superscripts mapped before `form`); without it, through plain ICU
    /// normalization to `form`. Fails when ICU cannot be loaded.
    public init(form: NormalizationForm, chemistry: Bool = true) throws {
        rewrite = chemistry ? .clean(try ScienceTextCleaner(form: form)) : .normalize(try UnicodeNormalizer(form: form))
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        var d = document
        d.text = try apply(d.text)
        if let title = d.metadata.title { d.metadata.title = try apply(title) }
        output.emit(d)
    }

    private func apply(_ text: String) throws -> String {
        switch rewrite {
        case .clean(let cleaner): return try cleaner.clean(text)
        case .normalize(let normalizer): return try normalizer.normalize(text)
        }
    }
}
