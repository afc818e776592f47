import Testing
@testable import PublisherXML

/// Text the reader once lost on real fixtures (found by the no-text-lost comparison), on small inputs.
@Suite struct TextKeptTests {
    @Test func aTitledSectionWithNothingElseKeepsItsHeading() {
        let text = XMLTestSupport.read("""
        <article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front>
        <body><sec><title>Intro</title><p>Text.</p><sec><title>Material and Methods</title></sec></sec>
        <sec><title>Results</title><p>More.</p></sec></body></article>
        """).text
        #expect(text == "# T\n\n## Intro\n\nText.\n\n### Material and Methods\n\n## Results\n\nMore.", "\(text)")
    }

    @Test func wileyHeaderNotesAreKept() {
        let text = XMLTestSupport.read("""
        <component xmlns="http://www.wiley.com/namespaces/wiley" type="serialArticle" xml:lang="en"><header>
        <contentMeta><titleGroup><title type="main">T</title></titleGroup></contentMeta>
        <noteGroup><note xml:id="fn1"><label>1</label>Also from Universit&#233; d&#8217;Evry, France.</note></noteGroup></header>
        <body><section><title type="main">Intro</title><p>Body text.</p></section></body></component>
        """).text
        #expect(text.contains("1 Also from Université d’Evry, France."), "\(text)")
        #expect(text.contains("Body text."), "\(text)")
    }

    @Test func iopTableNotesWrittenAsTfootAreParagraphsOfTheirOwn() {
        let r = XMLTestSupport.read("""
        <article><article-metadata><jnl-data/></article-metadata><header><title-group><title>T</title></title-group></header>
        <body><sec-level1><heading>S</heading><p>See table.<table><caption>Data.</caption><tgroup cols="2">
        <thead><row><entry>a</entry><entry>b</entry></row></thead><tbody><row><entry>1</entry><entry>2</entry></row></tbody>
        <tfoot><sup>a</sup> Data taken from Humm (1999).</tfoot><tfoot><sup>b</sup> Data taken from Goddu (2001).</tfoot>
        </tgroup></table></p></sec-level1></body></article>
        """)
        #expect(r.text.contains("(1999)."), "\(r.text)")
        #expect(!r.text.contains("(1999).^b"), "the notes are not glued: \(r.text)")
        #expect(r.text.contains("Goddu (2001)."), "\(r.text)")
    }

    @Test func elsevierPreCEDisplayFormulaIsABlock() {
        let text = XMLTestSupport.read("""
        <article xmlns="http://www.elsevier.com/xml/ja/dtd" xmlns:ce="http://www.elsevier.com/xml/common/dtd" version="5.0">
        <item-info><ce:doi>10.1/x</ce:doi></item-info><head><ce:title>T</ce:title></head>
        <body><ce:sections><ce:section><ce:section-title>S</ce:section-title>
        <ce:para>is defined as<display><formula id="FD1"><math>a=b</math></formula></display>The result follows.</ce:para>
        </ce:section></ce:sections></body></article>
        """).text
        #expect(!text.contains("asa=b"), "\(text)")
        #expect(!text.contains("a=bThe"), "\(text)")
        #expect(text.contains("The result follows."), "\(text)")
    }
}
