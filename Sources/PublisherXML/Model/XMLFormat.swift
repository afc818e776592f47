/// The formats the `xml` reader recognizes, with the ids written to `metadata.format`.
public enum XMLFormat: String, Sendable, Hashable, CaseIterable {
    /// JATS and NLM article XML in all its dialects (PMC, Europe PMC, Springer Nature API, APS, IOP, OUP, eLife,
    /// PLOS, MDPI, Frontiers, Copernicus, PeerJ, Pensoft/TaxPub, F1000, bioRxiv, BMJ, PNAS, World Scientific).
    case jats = "jats"
    /// Elsevier Article Retrieval API response (`full-text-retrieval-response`).
    case elsevierFullText = "elsevier-fulltext"
    /// Elsevier journal article XML (`ja:article`, `simple-article`, `converted-article`).
    case elsevierArticle = "elsevier-ja"
    /// Elsevier CONSYN document (`doc:document`).
    case elsevierDocument = "elsevier-consyn"
    /// Scopus Abstract Retrieval API response (`abstracts-retrieval-response`).
    case scopusAbstract = "scopus-abstract"
    /// Springer A++ (`Publisher` root).
    case springerAPlusPlus = "springer-a++"
    /// BioMed Central legacy article XML (`art`).
    case bmc = "bmc"
    /// Royal Society of Chemistry article XML (`art-admin`, `art-front`, `art-body`).
    case rsc = "rsc"
    /// Wiley component XML (`component`).
    case wiley = "wiley"
    /// Legacy Nature Publishing Group XML (`pubfm`, `fm`, `bdy`, `bm`).
    case npg = "npg"
    /// Legacy IOP article XML (`article-metadata`, `header`, `body`, `back`).
    case iop = "iop"
    /// MEDLINE/PubMed citation XML (`PubmedArticleSet`, `MedlineCitationSet`): one document per citation.
    case medline = "medline"
    /// RSC article web page (HTML, `#wrapper` with `p.abstract` / `p.otherpara`).
    case htmlRSC = "html-rsc"
    /// ACS article web page (HTML, `#abstractBox`, `.hlFld-Fulltext` with `NLM_*` classes).
    case htmlACS = "html-acs"
    /// Springer/BMC article web page (HTML, `section.Abstract`, `#body` with `p.Para`).
    case htmlSpringer = "html-springer"
    /// ScienceDirect article web page (HTML, `div.abstract`, `svArticle` sections and paragraphs).
    case htmlScienceDirect = "html-sciencedirect"
}
