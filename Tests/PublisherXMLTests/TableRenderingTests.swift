import Testing
@testable import PublisherXML

/// Tables as Markdown pipe tables with caption and footnotes, from XHTML and CALS markup.
@Suite struct TableRenderingTests {
    func body(_ body: String, options: XMLExtractionOptions = XMLExtractionOptions()) -> String {
        XMLTestSupport.read("<article><front><article-meta/></front><body>\(body)</body></article>", options: options).text
    }

    static let xhtml = """
    <table-wrap id="t1"><label>Table 1</label><caption><title>Lattice parameters</title><p>Measured at 300 K.</p></caption>
    <table><thead><tr><th rowspan="2">Sample</th><th colspan="2">Lattice (Å)</th></tr><tr><th>a</th><th>c</th></tr></thead>
    <tbody><tr><td>Fe<sub>2</sub>O<sub>3</sub></td><td>5.03</td><td>13.7</td></tr><tr><td>A|B</td><td colspan="2">n/a</td></tr></tbody></table>
    <table-wrap-foot><fn id="fn1"><label>a</label><p>Room temperature.</p></fn></table-wrap-foot></table-wrap>
    """

    @Test func xhtmlTableWithSpansCaptionAndFootnote() {
        #expect(body(Self.xhtml) == """
        Table 1. Lattice parameters. Measured at 300 K.

        | Sample | Lattice (Å) a | c |
        | --- | --- | --- |
        | Fe2O3 | 5.03 | 13.7 |
        | A\\|B | n/a | |

        a Room temperature.
        """)
    }

    @Test func calsTableWithNamedColumnsSpansAndMorerows() {
        let cals = """
        <table-wrap><label>Table 2</label><caption><p>CALS.</p></caption><oasis:table xmlns:oasis="http://www.niso.org/standards/z39-96/ns/oasis-exchange/table">
        <oasis:tgroup cols="3"><oasis:colspec colname="c1"/><oasis:colspec colname="c2"/><oasis:colspec colname="c3"/>
        <oasis:thead><oasis:row><oasis:entry>x</oasis:entry><oasis:entry namest="c2" nameend="c3">y</oasis:entry></oasis:row></oasis:thead>
        <oasis:tbody><oasis:row><oasis:entry morerows="1">1</oasis:entry><oasis:entry>2</oasis:entry><oasis:entry>3</oasis:entry></oasis:row>
        <oasis:row><oasis:entry colname="c3">6</oasis:entry></oasis:row></oasis:tbody></oasis:tgroup></oasis:table></table-wrap>
        """
        #expect(body(cals) == """
        Table 2. CALS.

        | x | y | |
        | --- | --- | --- |
        | 1 | 2 | 3 |
        | | | 6 |
        """)
    }

    @Test func tableWithoutHeaderUsesItsFirstRow() {
        #expect(body("<table-wrap><table><tr><td>k</td><td>v</td></tr><tr><td>1</td><td>2</td></tr></table></table-wrap>")
                == "| k | v |\n| --- | --- |\n| 1 | 2 |")
    }

    @Test func optionsDropGridsOrCaptions() {
        let noGrid = body(Self.xhtml, options: XMLExtractionOptions(tables: false))
        #expect(noGrid == "Table 1. Lattice parameters. Measured at 300 K.\n\na Room temperature.")
        let noCaption = body(Self.xhtml, options: XMLExtractionOptions(captions: false))
        #expect(noCaption.hasPrefix("| Sample |") && !noCaption.contains("Lattice parameters") && !noCaption.contains("Room temperature"))
    }

    @Test func footerRowsOfOneCellBecomeNotes() {
        let xml = "<table-wrap><label>Table 3</label><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody>"
            + "<tfoot><tr><td colspan=\"2\">Values in eV.</td></tr></tfoot></table></table-wrap>"
        #expect(body(xml) == "Table 3\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\nValues in eV.")
    }
}
