/// Springer A++ XML (`Publisher` root): journal articles and book chapters.
///
/// Element map (A++ DTD 2.x): `Publisher/PublisherInfo`, `Journal/JournalInfo/JournalTitle`,
/// `Volume/Issue/Article` (or `Series/Book/Part/Chapter`) → `ArticleInfo` (`ArticleDOI`, `ArticleTitle`,
/// `ArticleCategory`, `ArticleHistory`, `ArticleCopyright`), `ArticleHeader` (`AuthorGroup`, `Abstract` →
/// `AbstractSection`/`Heading`/`Para`, `KeywordGroup/Keyword`), `Body` (`Section1`…`Section4`, `Heading`,
/// `Para`, `Figure/Caption`, `Table` with CALS `tgroup`, `Equation/EquationSource[@Format=TEX|MATHML]`),
/// `ArticleBackmatter` (`Acknowledgments`, `Appendix`, `Bibliography/Citation`); `NoBody` when absent.
enum SpringerProfile {
    static let profile = make()

    static func make() -> FormatProfile {
        var p = FormatProfile(format: .springerAPlusPlus)
        let internalRefs: [String: ReferenceKind] = [
            "fig": .figure, "tab": .table, "equ": .equation, "eq": .equation, "sch": .figure, "cr": .bibliography,
        ]
        p.set(.mute, "Publisher")
        p.add("PublisherInfo", rules: ElementRule(.skip))
        p.add("PublisherName", rules: ElementRule(.skip, capture: [.text(.publisher)]))
        p.set(.inline, "Journal", "Volume", "Issue", "Series", "SubSeries", "Book", "Part")
        p.set(.skip, "JournalInfo", "VolumeInfo", "IssueInfo", "SeriesInfo", "SubSeriesInfo", "BookInfo", "PartInfo",
              "SeriesHeader", "SubSeriesHeader", "BookHeader", "PartHeader", "JournalOnlineFirst")
        p.add("JournalTitle", rules: ElementRule(.skip, capture: [.text(.journal)]))
        p.add("BookTitle", rules: ElementRule(.skip, capture: [.text(.journal, priority: 1)]))
        p.add("Year", rules: ElementRule(.skip, when: .inside("CoverDate"), capture: [.text(.year, priority: 2)]),
              ElementRule(.skip, when: .inside("OnlineDate"), capture: [.text(.year, priority: 1)]), ElementRule(.skip))
        p.add("Article", "Chapter", rules: ElementRule(.article, flags: .mute))
        p.add("ArticleInfo", "ChapterInfo", rules: ElementRule(.mute, capture: [.attribute(.language, "Language")]))
        p.add("ArticleDOI", "ChapterDOI", rules: ElementRule(.skip, capture: [.text(.doi)]))
        p.add("ArticleTitle", "ChapterTitle", rules: ElementRule(.title, capture: [.attribute(.language, "Language", priority: 1)]))
        p.add("ArticleSubTitle", "ChapterSubTitle", rules: ElementRule(.subtitle))
        p.add("ArticleCategory", "ChapterCategory", rules: ElementRule(.skip, capture: [.text(.articleType)]))
        p.add("CopyrightYear", rules: ElementRule(.skip, capture: [.text(.year, priority: 3)]))
        p.add("License", rules: ElementRule(.skip, capture: [.attribute(.license, "SubType", priority: 1), .text(.license, priority: 2)]))
        p.set(.skip, "ArticleID", "ChapterID", "ArticleSequenceNumber", "ChapterSequenceNumber", "ArticleFirstPage",
              "ArticleLastPage", "ChapterFirstPage", "ChapterLastPage", "ArticleHistory", "ChapterHistory",
              "ArticleCopyright", "ChapterCopyright", "ArticleGrants", "ChapterGrants", "ArticleContext", "ChapterContext",
              "ArticleFundingInformation", "ArticleCitationID", "ArticleRelatedObject", "ChangeHistory", "NoBody",
              "ArticleNote", "ChapterNote", "BodyRef", "MediaObject", "ESMHint", "ArticleESM")
        p.set(.mute, "ArticleHeader", "ChapterHeader")
        p.add("AuthorGroup", rules: ElementRule(.skip))
        p.add("Author", rules: ElementRule(.author, when: .parent("AuthorGroup")))
        p.add("GivenName", rules: ElementRule(.skip, when: .inside("AuthorName"), capture: [.text(.givenName)]), ElementRule(.inline, flags: .separate))
        p.add("FamilyName", rules: ElementRule(.skip, when: .inside("AuthorName"), capture: [.text(.surname)]), ElementRule(.inline, flags: .separate))
        p.add("Abstract", rules: ElementRule(.abstract, text: "Abstract"))
        p.set(.section, "AbstractSection")
        p.add("KeywordGroup", rules: ElementRule(.keywords))
        p.set(.keyword, "Keyword")

        p.set(.body, "Body")
        p.set(.section, "Section1", "Section2", "Section3", "Section4", "Section5", "Section6")
        p.set(.heading, "Heading")
        p.set(.paragraph, "Para", "SimplePara")
        p.set(.block, "FormalPara", "BlockQuote", "Definition", "Theorem", "Program", "Stylized")
        p.add("UnorderedList", rules: ElementRule(.list))
        p.add("OrderedList", rules: ElementRule(.list, flags: .ordered))
        p.set(.list, "DefinitionList")
        p.set(.listItem, "ListItem", "DefinitionListEntry")
        p.set(.label, "ItemNumber", "CaptionNumber", "EquationNumber", "CitationNumber", "FootnoteNumber")
        p.set(.inline, "ItemContent", "CaptionContent", "Emphasis", "ExternalRef", "RefSource", "BibUnstructured",
              "BibArticle", "BibChapter", "BibBook", "Term", "Description")
        p.set(.skip, "RefTarget")
        p.set(.figure, "Figure")
        p.set(.table, "Table")
        p.set(.caption, "Caption")
        p.set(.footnote, "Footnote")
        p.set(.block, "tfooter")
        p.setCALSTables()
        p.set(.displayMath, "Equation")
        p.set(.inlineMath, "InlineEquation")
        p.add("EquationSource", rules: ElementRule(.tex, when: .attribute("Format", "TEX")),
              ElementRule(.inline, when: .attribute("Format", "MATHML")), ElementRule(.skip))
        p.set(.mathML, "math")
        p.set(.mathML, in: .mathML, ["math"])
        p.set(.sub, "Subscript")
        p.set(.sup, "Superscript")
        p.add("CitationRef", rules: ElementRule(.crossRef, refKind: .fixed(.bibliography), target: "CitationID"))
        p.add("InternalRef", rules: ElementRule(.crossRef, refKind: .idPrefix("RefID", internalRefs), target: "RefID"))

        p.add("ArticleBackmatter", "ChapterBackmatter", rules: ElementRule(.inline, flags: .backMatter))
        p.add("Acknowledgments", rules: ElementRule(.section, flags: .backMatter, text: "Acknowledgments"))
        p.add("Appendix", rules: ElementRule(.section, flags: .backMatter))
        p.add("Bibliography", rules: ElementRule(.references, text: "References"))
        p.set(.reference, "Citation")
        return p.frozen()
    }
}
