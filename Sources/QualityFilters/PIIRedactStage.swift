import CorpusCore

/// Stage `pii_redact`: replaces e-mail addresses with `<EMAIL>` and phone numbers with `<PHONE>`
/// (placeholders configurable), following `PIIRedactor`'s rules, which leave DOIs, ISBNs, CAS
/// numbers, dates, coordinates and number tables alone. Never drops a document. Tallies `pii`
/// with keys `email` and `phone`.
public struct PIIRedactStage: Stage {
    public let name = "pii_redact"
    public var redactor: PIIRedactor

    public init(redactor: PIIRedactor = PIIRedactor()) {
        self.redactor = redactor
    }

    public mutating func process(_ document: Document, into output: inout StageOutput) throws {
        let (text, emails, phones) = redactor.redact(document.text)
        if emails > 0 { output.tally("pii", "email", by: emails) }
        if phones > 0 { output.tally("pii", "phone", by: phones) }
        if emails + phones == 0 { return output.emit(document) }
        var kept = document
        kept.text = text
        output.emit(kept)
    }
}
