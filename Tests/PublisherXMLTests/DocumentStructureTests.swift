import Testing
@testable import PublisherXML

/// Headings, lists, footnotes, float placement and the options that drop parts.
@Suite struct DocumentStructureTests {
    static let jats = """
    <article><front><article-meta><title-group><article-title>T</article-title></title-group>
    <abstract><title>Summary</title><sec><title>Background</title><p>Why.</p></sec></abstract>
    <kwd-group><title>Key words:</title><kwd>alpha</kwd>, <kwd>beta</kwd></kwd-group></article-meta></front>
    <body><sec><label>1</label><title>Introduction</title><p>Intro.</p>
      <sec><label>1.1</label><title>Scope</title><p>Scope text.</p><sec><title>Deeper</title><p>Deep.</p></sec></sec></sec>
      <sec><p>Untitled wrapper.</p><sec><title>Inside</title><p>In.</p></sec></sec>
      <sec><title>Empty section</title></sec>
      <sec><title>Lists</title><list list-type="order"><list-item><p>one</p></list-item><list-item><p>two</p>
        <list list-type="bullet"><list-item><p>nested</p></list-item></list></list-item></list></sec>
      <sec><title>Notes</title><p>Claim<fn id="n1"><label>*</label><p>A footnote.</p></fn> continues.</p><p>Next.</p></sec></body>
    <back><ack><p>Thanks.</p></ack><ref-list><ref><mixed-citation>Ref one.</mixed-citation></ref></ref-list></back></article>
    """

    @Test func headingsFollowTitledNestingWithLabels() throws {
        let text = XMLTestSupport.read(Self.jats).text
        #expect(text == """
        # T

        ## Summary

        ### Background

        Why.

        Key words: alpha; beta

        ## 1. Introduction

        Intro.

        ### 1.1 Scope

        Scope text.

        #### Deeper

        Deep.

        Untitled wrapper.

        ## Inside

        In.

        ## Empty section

        ## Lists

        1. one

        2. two

          - nested

        ## Notes

        Claim continues.

        * A footnote.

        Next.

        ## Acknowledgments

        Thanks.
        """)
    }

    @Test func contentAbstractKeepsOnlyFrontMatter() {
        let text = XMLTestSupport.read(Self.jats, options: XMLExtractionOptions(content: .abstract)).text
        #expect(text == "# T\n\n## Summary\n\n### Background\n\nWhy.\n\nKey words: alpha; beta")
        #expect(XMLTestSupport.read(Self.jats, options: XMLExtractionOptions(content: .abstract)).document?.metadata.extra["abstract_only"] == .bool(true))
    }

    @Test func backMatterAndReferencesAreIndependentOptions() {
        let noBack = XMLTestSupport.read(Self.jats, options: XMLExtractionOptions(backMatter: false)).text
        #expect(!noBack.contains("Thanks") && noBack.hasSuffix("Next."))
        let refsOnly = XMLTestSupport.read(Self.jats, options: XMLExtractionOptions(references: true, backMatter: false)).text
        #expect(!refsOnly.contains("Thanks") && refsOnly.hasSuffix("## References\n\nRef one."))
    }

    static let elsevier = """
    <x:article xmlns:x="http://www.elsevier.com/xml/ja/dtd" xmlns:c="http://www.elsevier.com/xml/common/dtd">
    <x:item-info><c:doi>10.1016/j.test.2020.1</c:doi></x:item-info>
    <c:floats><c:figure id="f1"><c:label>Fig. 1</c:label><c:caption><c:simple-para>A figure.</c:simple-para></c:caption></c:figure>
    <c:figure id="f2"><c:label>Fig. 2</c:label><c:caption><c:simple-para>Never cited.</c:simple-para></c:caption></c:figure></c:floats>
    <x:head><c:title>Elsevier test</c:title><c:abstract><c:section-title>Abstract</c:section-title><c:abstract-sec><c:simple-para>Abs.</c:simple-para></c:abstract-sec></c:abstract></x:head>
    <x:body><c:sections><c:section><c:label>1</c:label><c:section-title>Intro</c:section-title><c:para>First.</c:para>
    <c:para>As shown in <c:cross-ref refid="f1">Fig. 1</c:cross-ref>, it works<c:hsp sp="0.25"/>well.</c:para><c:para>Last.</c:para></c:section></c:sections>
    <c:acknowledgment><c:section-title>Acknowledgements</c:section-title><c:para>Thanks.</c:para></c:acknowledgment></x:body></x:article>
    """

    @Test func elsevierFloatsFollowTheirFirstCitationAndTheRestCloseTheBody() throws {
        let r = XMLTestSupport.read(Self.elsevier)
        let d = try #require(r.document)
        #expect(d.metadata.extra["format"] == .string("elsevier-ja"), "detected by namespace, whatever the prefix")
        #expect(d.metadata.doi == "10.1016/j.test.2020.1")
        #expect(d.text == """
        # Elsevier test

        ## Abstract

        Abs.

        ## 1. Intro

        First.

        As shown in Fig. 1, it works well.

        Fig. 1. A figure.

        Last.

        Fig. 2. Never cited.

        ## Acknowledgements

        Thanks.
        """)
    }

    @Test func floatsAtTheEndOnRequest() throws {
        let text = XMLTestSupport.read(Self.elsevier, options: XMLExtractionOptions(floats: .end)).text
        #expect(text.contains("Last.\n\nFig. 1. A figure.\n\nFig. 2. Never cited.\n\n## Acknowledgements"))
        let jats = "<article><body><sec><title>S</title><p>Text <fig id=\"f\"><label>Figure 1</label><caption><p>Cap.</p></caption></fig> more.</p><p>After.</p></sec><sec><title>Two</title><p>End.</p></sec></body></article>"
        #expect(XMLTestSupport.read(jats).text == "## S\n\nText more.\n\nFigure 1. Cap.\n\nAfter.\n\n## Two\n\nEnd.")
        #expect(XMLTestSupport.read(jats, options: XMLExtractionOptions(floats: .end)).text == "## S\n\nText more.\n\nAfter.\n\n## Two\n\nEnd.\n\nFigure 1. Cap.")
    }

    @Test func elsevierMarkersClassifyByTargetId() {
        let xml = """
        <article xmlns="http://www.elsevier.com/xml/ja/dtd" xmlns:ce="http://www.elsevier.com/xml/common/dtd"><body><ce:para>
        <ce:cross-ref refid="bib3">[3]</ce:cross-ref> <ce:cross-refs refid="BB0005 bb0010">[5,6]</ce:cross-refs> <ce:cross-ref refid="tbl2">Table 2</ce:cross-ref>
        <ce:cross-ref refid="fd0010">(4)</ce:cross-ref> <ce:cross-ref refid="s0015">Section 3</ce:cross-ref></ce:para></body></article>
        """
        #expect(XMLTestSupport.read(xml, options: XMLExtractionOptions(markers: .llamat)).text
                == "[BIB_REF][3][/BIB_REF] [BIB_REF][5,6][/BIB_REF] [TABLE_REF]Table 2[/TABLE_REF] [EQ_REF](4)[/EQ_REF] Section 3")
    }

    @Test func medlineLabelsAbstractParts() throws {
        let xml = """
        <PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>42</PMID><Article><ArticleTitle>M</ArticleTitle>
        <Abstract><AbstractText Label="BACKGROUND">Why.</AbstractText><AbstractText>What.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
        """
        let r = XMLTestSupport.read(xml, name: "m.xml")
        let d = try #require(r.document)
        #expect(d.text == "# M\n\n## Abstract\n\nBACKGROUND: Why.\n\nWhat.")
        #expect(d.id == CorpusCore.DocumentID.make(source: .paper, locator: "m.xml#42"))
    }
}

import CorpusCore
