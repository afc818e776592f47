/// Quality filters tuned for science text: language identification, Gopher-style quality and
/// repetition rules, boilerplate paragraph removal and PII redaction. Each is a `Stage`.
public enum QualityFilters {}
