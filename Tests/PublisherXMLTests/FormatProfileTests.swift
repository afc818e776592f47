import CorpusCore
import Testing
@testable import PublisherXML

/// One small constructed article per format family, covering its body vocabulary (the real
/// fixtures of some families have no body).
@Suite struct FormatProfileTests {
    func read(_ xml: String, options: XMLExtractionOptions = XMLExtractionOptions(markers: .llamat)) throws -> Document {
        let r = XMLTestSupport.read(xml, options: options)
        #expect(r.error == nil && r.rejections.isEmpty)
        return try #require(r.document)
    }

    @Test func springerAPlusPlus() throws {
        let d = try read("""
        <Publisher><PublisherInfo><PublisherName>Springer</PublisherName></PublisherInfo><Journal><JournalInfo><JournalTitle>J. Mat.</JournalTitle></JournalInfo>
        <Volume><Issue><Article><ArticleInfo Language="En"><ArticleDOI>10.1007/x1</ArticleDOI><ArticleTitle>Alloys</ArticleTitle>
        <ArticleHistory><OnlineDate><Year>2021</Year></OnlineDate></ArticleHistory></ArticleInfo>
        <ArticleHeader><AuthorGroup><Author><AuthorName><GivenName>Ada</GivenName><FamilyName>Lee</FamilyName></AuthorName></Author></AuthorGroup>
        <Abstract><Heading>Abstract</Heading><Para>Short.</Para></Abstract><KeywordGroup><Heading>Keywords</Heading><Keyword>steel</Keyword></KeywordGroup></ArticleHeader>
        <Body><Section1><Heading>Introduction</Heading><Para>See <CitationRef CitationID="CR1">[1]</CitationRef> and <InternalRef RefID="Fig1">Fig. 1</InternalRef>.</Para>
        <Figure ID="Fig1"><Caption><CaptionNumber>Fig. 1</CaptionNumber><CaptionContent><SimplePara>Grains.</SimplePara></CaptionContent></Caption></Figure>
        <Equation ID="Equ1"><EquationNumber>(1)</EquationNumber><EquationSource Format="TEX">$$\\sigma = E\\epsilon$$</EquationSource>
        <EquationSource Format="MATHML"><math><mi>σ</mi></math></EquationSource></Equation>
        <Section2><Heading>Data</Heading><Table ID="Tab1"><Caption><CaptionNumber>Table 1</CaptionNumber><CaptionContent><SimplePara>Values.</SimplePara></CaptionContent></Caption>
        <tgroup cols="2"><colspec colname="c1"/><colspec colname="c2"/><thead><row><entry colname="c1">a</entry><entry colname="c2">b</entry></row></thead>
        <tbody><row><entry colname="c1">1</entry><entry colname="c2">Fe<Subscript>2</Subscript></entry></row></tbody></tgroup></Table></Section2></Section1></Body>
        <ArticleBackmatter><Acknowledgments><Heading>Acknowledgments</Heading><SimplePara>Thanks.</SimplePara></Acknowledgments>
        <Bibliography><Citation ID="CR1"><CitationNumber>1.</CitationNumber><BibUnstructured>A. Ref (2020)</BibUnstructured></Citation></Bibliography></ArticleBackmatter>
        </Article></Issue></Volume></Journal></Publisher>
        """)
        #expect(d.metadata.doi == "10.1007/x1" && d.metadata.journal == "J. Mat." && d.metadata.year == 2021)
        #expect(d.metadata.publisher == "Springer" && d.metadata.language == "en" && d.metadata.authors == ["Ada Lee"])
        #expect(d.metadata.extra["format"] == .string("springer-a++"))
        #expect(d.text == """
        # Alloys

        ## Abstract

        Short.

        Keywords: steel

        ## Introduction

        See [BIB_REF][1][/BIB_REF] and [FIG_REF]Fig. 1[/FIG_REF].

        Fig. 1. Grains.

        [TEX]\\sigma = E\\epsilon[/TEX] (1)

        ### Data

        Table 1. Values.

        | a | b |
        | --- | --- |
        | 1 | Fe2 |

        ## Acknowledgments

        Thanks.
        """)
    }

    @Test func rsc() throws {
        let d = try read("""
        <article type="ART"><art-admin><doi>10.1039/C0XX00001A</doi></art-admin><published type="print"><pubfront><date><year>2011</year></date></pubfront></published>
        <art-front><titlegrp><title>Nano Fe<inf>3</inf>O<inf>4</inf></title></titlegrp><authgrp><author><person><persname><fname>A</fname><surname>B</surname></persname></person></author></authgrp>
        <abstract><p>We made it.</p></abstract></art-front>
        <art-body><section id="s1"><title>Experimental</title><p>Heated to 10<sup>3</sup> K <citref idref="cit1">1</citref>, see <tableref idref="tab1">Table 1</tableref>.</p>
        <subsect1><title>Synthesis</title><p>Mixed.</p></subsect1>
        <table-entry id="tab1"><title>Yields</title><table><tgroup cols="2"><colspec colname="1"/><colspec colname="2"/>
        <thead><row><entry>Run</entry><entry>Yield</entry></row></thead><tbody><row><entry>1</entry><entry>90%</entry></row></tbody></tgroup></table></table-entry></section></art-body>
        <art-back><ack><p>Funded.</p></ack><biblist><citgroup id="cit1"><journalcit><citauth><fname>C</fname><surname>D</surname></citauth><title>J</title><year>2000</year></journalcit></citgroup></biblist></art-back></article>
        """)
        #expect(d.metadata.doi == "10.1039/C0XX00001A" && d.metadata.year == 2011 && d.metadata.title == "Nano Fe3O4")
        #expect(d.metadata.extra["format"] == .string("rsc"))
        #expect(d.text == """
        # Nano Fe3O4

        ## Abstract

        We made it.

        ## Experimental

        Heated to 10^3 K [BIB_REF]1[/BIB_REF], see [TABLE_REF]Table 1[/TABLE_REF].

        ### Synthesis

        Mixed.

        Table: Yields

        | Run | Yield |
        | --- | --- |
        | 1 | 90% |

        ## Acknowledgments

        Funded.
        """)
    }

    @Test func wiley() throws {
        let d = try read("""
        <component xmlns="http://www.wiley.com/namespaces/wiley" type="serialArticle" xml:lang="en"><header>
        <publicationMeta level="product"><doi>10.1002/(ISSN)1234</doi><titleGroup><title type="main">Adv. Mater.</title></titleGroup></publicationMeta>
        <publicationMeta level="unit" type="article"><doi>10.1002/adma.1</doi><coverDate startDate="2019-05-01">May 2019</coverDate></publicationMeta>
        <contentMeta><titleGroup><title type="main">Perovskites</title></titleGroup><abstractGroup><abstract><p>Summary text.</p></abstract></abstractGroup></contentMeta></header>
        <body><section><label>1</label><title type="main">Results</title><p>As in <link href="#adma1-bib-0001">1</link> and <link href="#adma1-fig-0001">Figure 1</link>.</p>
        <figure xml:id="adma1-fig-0001"><label>Figure 1</label><caption>XRD pattern.</caption></figure>
        <tabular><title>Table 1</title><table><tgroup cols="2"><colspec colname="c1"/><colspec colname="c2"/><thead><row><entry>x</entry><entry>y</entry></row></thead>
        <tbody><row><entry>1</entry><entry>2</entry></row></tbody></tgroup></table></tabular></section>
        <bibliography><bib xml:id="adma1-bib-0001"><citation>Ref.</citation></bib></bibliography></body></component>
        """)
        #expect(d.metadata.doi == "10.1002/adma.1" && d.metadata.journal == "Adv. Mater." && d.metadata.year == 2019)
        #expect(d.metadata.extra["format"] == .string("wiley"))
        #expect(d.text.hasPrefix("# Perovskites\n\n## Abstract\n\nSummary text.\n\n## 1. Results\n\nAs in [BIB_REF]1[/BIB_REF] and [FIG_REF]Figure 1[/FIG_REF].\n\nFigure 1. XRD pattern."))
        #expect(d.text.hasSuffix("| x | y |\n| --- | --- |\n| 1 | 2 |"))
    }

    @Test func npgAndIOPAndBMCLegacyFormats() throws {
        let npg = try read("""
        <article language="eng"><pubfm><jtl>Nature</jtl><doi>10.1038/n1</doi><cpg><cpy>2007</cpy></cpg></pubfm><fm><atl>Melts</atl><abs><p>Short.</p></abs></fm>
        <bdy><fp><p>Lead<bibr rid="b1"/> text, see <figr rid="f1">Fig. 1</figr>.</p></fp><sec><sectitle>Methods</sectitle><p>Done.</p></sec></bdy>
        <bm><objects><fig id="f1"><figtl>Plot</figtl><caption><p>Data.</p></caption></fig></objects></bm></article>
        """)
        #expect(npg.metadata.doi == "10.1038/n1" && npg.metadata.year == 2007 && npg.metadata.language == "en")
        #expect(npg.text == "# Melts\n\n## Abstract\n\nShort.\n\nLead text, see [FIG_REF]Fig. 1[/FIG_REF].\n\n## Methods\n\nDone.\n\nFigure: Plot. Data.")
        let iop = try read("""
        <article><article-metadata><jnl-data><jnl-fullname>J. Phys.</jnl-fullname></jnl-data><volume-data><year-publication>1999</year-publication></volume-data>
        <article-data><doi>10.1088/x</doi></article-data></article-metadata><header><title-group><title>Plasma</title></title-group>
        <abstract-group><abstract><heading>Abstract</heading><p>Hot.</p></abstract></abstract-group></header>
        <body><sec-level1><heading>Introduction</heading><p>Text <cite linkend="r1">[1]</cite>.</p><sec-level2><heading>Detail</heading><p>More.</p></sec-level2></sec-level1></body></article>
        """)
        #expect(iop.metadata.doi == "10.1088/x" && iop.metadata.year == 1999 && iop.metadata.extra["format"] == .string("iop"))
        #expect(iop.text == "# Plasma\n\n## Abstract\n\nHot.\n\n## Introduction\n\nText [BIB_REF][1][/BIB_REF].\n\n### Detail\n\nMore.")
        let bmc = try read("""
        <art><ui>1</ui><fm><bibl><title><p>Lions</p></title><source>BMC Biol</source><pubdate>2014</pubdate>
        <xrefbib><pubidlist><pubid idtype="doi">10.1186/b1</pubid></pubidlist></xrefbib></bibl><abs><sec><st><p>Abstract</p></st><p>Cats.</p></sec></abs></fm>
        <bdy><sec><st><p>Background</p></st><p>See <abbrgrp><abbr bid="B1">1</abbr></abbrgrp>.</p></sec></bdy><bm><refgrp><bibl id="B1"><title><p>Old</p></title></bibl></refgrp></bm></art>
        """)
        #expect(bmc.metadata.doi == "10.1186/b1" && bmc.metadata.year == 2014 && bmc.metadata.title == "Lions")
        #expect(bmc.text == "# Lions\n\n## Abstract\n\nCats.\n\n## Background\n\nSee [BIB_REF]1[/BIB_REF].")
    }

    @Test func elsevierConvertedArticleWithUppercaseIdsAndGlyphs() throws {
        let d = try read("""
        <converted-article xmlns="http://www.elsevier.com/xml/ja/dtd" xmlns:ce="http://www.elsevier.com/xml/common/dtd" docsubtype="fla">
        <item-info><ce:doi>10.1016/0001</ce:doi><ce:copyright year="1999">E</ce:copyright></item-info>
        <ce:floats><ce:table id="TBL1"><ce:label>Table 1</ce:label><ce:caption><ce:simple-para>T.</ce:simple-para></ce:caption></ce:table></ce:floats>
        <head><ce:title>p<ce:glyph name="sbnd"/>Pb</ce:title></head>
        <body><ce:sections><ce:section><ce:para>In <ce:cross-ref refid="TBL1">Table 1</ce:cross-ref> with <ce:glyph name="zzz"/>.</ce:para></ce:section></ce:sections></body></converted-article>
        """)
        #expect(d.metadata.year == 1999 && d.metadata.extra["article_type"] == .string("fla"))
        #expect(d.metadata.title == "pPb", "glyphs have no text of their own")
        #expect(d.metadata.extra["unknown_glyphs"] == .array([.string("zzz")]))
        #expect(d.text == "# p–Pb\n\nIn [TABLE_REF]Table 1[/TABLE_REF] with .\n\nTable 1. T.")
    }

    @Test func elsevierFullTextResponseFallsBackToTheCoredataAbstract() throws {
        let d = try read("""
        <full-text-retrieval-response xmlns="http://www.elsevier.com/xml/svapi/article/dtd" xmlns:dc="http://purl.org/dc/elements/1.1/"
         xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"><coredata><prism:doi>10.1016/j.x.2020.1</prism:doi>
        <dc:title>Coredata title</dc:title><prism:publicationName>Acta</prism:publicationName><prism:coverDate>2020-01-01</prism:coverDate>
        <dc:description>Abstract The plain abstract.</dc:description><dc:creator>Doe, J.</dc:creator></coredata><scopus-id>1</scopus-id></full-text-retrieval-response>
        """)
        #expect(d.metadata.doi == "10.1016/j.x.2020.1" && d.metadata.title == "Coredata title" && d.metadata.year == 2020)
        #expect(d.metadata.authors == ["Doe, J."] && d.metadata.extra["abstract_only"] == .bool(true))
        #expect(d.text == "# Coredata title\n\n## Abstract\n\nThe plain abstract.")
    }
}
