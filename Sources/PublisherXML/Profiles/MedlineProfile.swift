/// MEDLINE/PubMed citation XML (`PubmedArticleSet/PubmedArticle`, `MedlineCitationSet/MedlineCitation`):
/// one document per citation, with title, abstract and keywords; never a body.
///
/// Element map (PubMed DTD 2019+): `MedlineCitation` → `PMID`, `Article` (`Journal/Title`,
/// `Journal/JournalIssue/PubDate/Year`, `ArticleTitle`, `ELocationID[@EIdType=doi]`, `Abstract/AbstractText[@Label]`,
/// `AuthorList/Author`, `Language`, `PublicationTypeList`), `KeywordList/Keyword`; `PubmedData/ArticleIdList/ArticleId`.
enum MedlineProfile {
    static let profile = make()

    static func make() -> FormatProfile {
        var p = FormatProfile(format: .medline)
        p.set(.mute, "PubmedArticleSet", "MedlineCitationSet", "PubmedBookArticleSet")
        p.add("PubmedArticle", "PubmedBookArticle", "MedlineCitation", rules: ElementRule(.article, flags: .mute))
        p.add("PMID", rules: ElementRule(.skip, when: .parent("MedlineCitation"), capture: [.text(.pmid)]),
              ElementRule(.skip, when: .parent("BookDocument"), capture: [.text(.pmid)]), ElementRule(.skip))
        p.set(.inline, "Article", "BookDocument")
        p.add("Journal", rules: ElementRule(.skip))
        p.add("Title", rules: ElementRule(.skip, when: .parent("Journal"), capture: [.text(.journal)]))
        p.add("ISOAbbreviation", rules: ElementRule(.skip, capture: [.text(.journal, priority: 1)]))
        p.add("Year", rules: ElementRule(.skip, when: .parent("PubDate"), capture: [.text(.year)]), ElementRule(.skip))
        p.add("MedlineDate", rules: ElementRule(.skip, capture: [.text(.year, priority: 1)]))
        p.add("ArticleTitle", "BookTitle", rules: ElementRule(.title))
        p.add("VernacularTitle", rules: ElementRule(.skip, capture: [.text(.title, priority: 1)]))
        p.add("ELocationID", rules: ElementRule(.skip, when: .attribute("EIdType", "doi"), capture: [.text(.doi)]), ElementRule(.skip))
        p.add("ArticleId", rules: ElementRule(.skip, when: .attribute("IdType", "doi"), capture: [.text(.doi, priority: 1)]),
              ElementRule(.skip, when: .attribute("IdType", "pmc"), capture: [.text(.pmcid)]),
              ElementRule(.skip, when: .attribute("IdType", "pii"), capture: [.text(.pii)]), ElementRule(.skip))
        p.add("Language", rules: ElementRule(.skip, capture: [.text(.language)]))
        p.add("PublicationType", rules: ElementRule(.skip, capture: [.text(.articleType)]))
        p.add("Abstract", rules: ElementRule(.abstract, text: "Abstract"))
        p.add("OtherAbstract", rules: ElementRule(.abstract, text: "Abstract"))
        p.add("AbstractText", rules: ElementRule(.paragraph, labelAttribute: "Label"))
        p.set(.skip, "CopyrightInformation", "DateCompleted", "DateRevised", "DateCreated", "Pagination", "ArticleDate",
              "MedlineJournalInfo", "CitationSubset", "MeshHeadingList", "ChemicalList", "SupplMeshList", "GeneralNote",
              "CommentsCorrectionsList", "GrantList", "DataBankList", "InvestigatorList", "PersonalNameSubjectList",
              "OtherID", "GeneSymbolList", "CoiStatement", "PubmedData", "PublicationTypeList", "AuthorList")
        p.add("Author", rules: ElementRule(.author, when: .parent("AuthorList")))
        p.add("LastName", rules: ElementRule(.skip, capture: [.text(.surname)]))
        p.add("ForeName", rules: ElementRule(.skip, capture: [.text(.givenName)]))
        p.add("KeywordList", rules: ElementRule(.keywords))
        p.set(.keyword, "Keyword")
        p.set(.sub, "sub")
        p.set(.sup, "sup")
        p.set(.mathML, in: .mathML, ["math"])
        return p.frozen()
    }
}
