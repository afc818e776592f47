/// Recognizes a file's format from its root element (local name and namespace), without a
/// second pass: for an unqualified `article`, which several vocabularies use, the first child
/// decides (`front` for JATS, `art-admin` for RSC, `pubfm` for NPG, `article-metadata` for IOP).
enum FormatDetector {
    enum Decision {
        /// The format, and whether the root wraps several articles.
        case format(FormatProfile, container: Bool)
        /// An unqualified `article`: call `decide(firstChild:)`.
        case needsFirstChild
        case unknown
    }

    static func detect(root: ElementName) -> Decision {
        switch (root.namespace, root.local) {
        case (.elsevierFullText, "full-text-retrieval-response"):
            return .format(ElsevierProfile.fullText, container: false)
        case (.elsevierJournalArticle, "article"), (.elsevierJournalArticle, "simple-article"),
             (.elsevierJournalArticle, "converted-article"):
            return .format(ElsevierProfile.article, container: false)
        case (.elsevierDocument, "document"):
            return .format(ElsevierProfile.document, container: false)
        case (.elsevierAbstract, "abstracts-retrieval-response"):
            return .format(ScopusProfile.profile, container: false)
        case (.wiley, "component"):
            return .format(WileyProfile.profile, container: false)
        case (.rsc, "article"):
            return .format(RSCProfile.profile, container: false)
        case (.none, "article"):
            return .needsFirstChild
        case (.none, "pmc-articleset"), (.none, "response"):
            return .format(JATSProfile.profile, container: true)
        case (.none, "PubmedArticleSet"), (.none, "MedlineCitationSet"), (.none, "PubmedBookArticleSet"):
            return .format(MedlineProfile.profile, container: true)
        case (.none, "PubmedArticle"), (.none, "MedlineCitation"):
            return .format(MedlineProfile.profile, container: false)
        case (.none, "Publisher"):
            return .format(SpringerProfile.profile, container: false)
        case (.none, "art"):
            return .format(BMCProfile.profile, container: false)
        default:
            return .unknown
        }
    }

    /// The format of an unqualified `article` root, from its first child element.
    static func decide(firstChild: ElementName) -> FormatProfile {
        switch firstChild.local {
        case "art-admin", "published", "art-front", "art-body": return RSCProfile.profile
        case "pubfm", "fm", "bdy": return NPGProfile.profile
        case "article-metadata", "header": return IOPProfile.profile
        default: return JATSProfile.profile
        }
    }
}
