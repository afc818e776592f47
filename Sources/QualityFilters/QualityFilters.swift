/// Quality filters tuned for science text: language identification, Gopher-style quality and
/// repetition rules, boilerplate paragraph removal and PII redaction. Each is a `Stage`.
///
/// All of them read the UTF-8 bytes of `Document.text` with hand-written scanners (`TextScan`):
/// words are runs of non-whitespace, lines end at `\n`, paragraphs are separated by blank lines.
public enum QualityFilters {}
