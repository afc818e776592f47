/// Fields a profile can capture. `Metadata` has typed slots for the first ones; the rest go to `extra`
/// or into the author list.
enum MetadataField: Int, Sendable, CaseIterable {
    case doi, title, subtitle, journal, year, publisher, license, language, articleType
    case pmid, pmcid, pii
    /// A plain-text abstract used only when the article has no structured one (Elsevier `dc:description`).
    case fallbackAbstract
    /// Name parts of the author being read (inside an `.author` container).
    case givenName, surname
    /// A whole author name as one string (`dc:creator`).
    case authorName
    /// A keyword outside any keyword group (Scopus `author-keyword`).
    case keyword
}
