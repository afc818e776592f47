import CorpusCore
import Testing
@testable import PublisherXML

/// Inline conventions: subscripts, superscripts, spaces, cross-reference markers, TeX.
@Suite struct InlineRenderingTests {
    /// The body text of a JATS article whose body is `body`.
    func body(_ body: String, options: XMLExtractionOptions = XMLExtractionOptions()) -> String {
        let xml = "<article xmlns:mml=\"http://www.w3.org/1998/Math/MathML\"><front><article-meta/></front><body>\(body)</body></article>"
        return XMLTestSupport.read(xml, options: options).text
    }

    @Test func subscriptsJoinAndSuperscriptsUseACaret() {
        #expect(body("<p>Fe<sub>2</sub>O<sub>3</sub> and 10<sup>5</sup> Pa, Fe<sup>3+</sup>, cm<sup>−1</sup></p>")
                == "Fe2O3 and 10^5 Pa, Fe^3+, cm^−1")
        // An empty superscript leaves no caret.
        #expect(body("<p>x<sup></sup>y <sup> </sup>z</p>") == "xy z")
    }

    @Test func indentationBeforeScriptsAndPunctuationIsNotText() {
        // Pretty-printed markup: the newline between italic and subscript is indentation.
        #expect(body("<p>The <italic>E</italic>\n   <sub>OCP</sub> value<xref rid=\"f1\" ref-type=\"fig\">1</xref>\n   . Next</p>")
                == "The EOCP value1. Next")
        // A space typed in the text is kept; a line break is layout.
        #expect(body("<p>a <sub>b</sub></p>") == "a b")
        #expect(body("<p>H\n  <sub>2</sub>O and \n text</p>") == "H2O and text")
        #expect(body("<p>value (\n  <italic>n</italic>\n) and [ <xref>3</xref>]</p>") == "value (n) and [ 3]")
    }

    @Test func whitespaceIsCollapsedAndParagraphsAreSeparatedByBlankLines() {
        #expect(body("<p>  one\n\t two  </p>\n\n   <p>three</p>") == "one two\n\nthree")
    }

    @Test func crossReferencesKeepTheirTextWithOptionalMarkers() {
        let p = "<p>See <xref ref-type=\"bibr\" rid=\"b1\">[1]</xref>, <xref ref-type=\"fig\" rid=\"f1\">Fig. 1</xref>, "
            + "<xref ref-type=\"table\" rid=\"t1\">Table 2</xref>, <xref ref-type=\"disp-formula\" rid=\"e1\">Eq. 3</xref>, "
            + "<xref ref-type=\"sec\" rid=\"s1\">Section 4</xref> and <xref ref-type=\"bibr\" rid=\"b2\"/>.</p>"
        #expect(body(p) == "See [1], Fig. 1, Table 2, Eq. 3, Section 4 and .")
        #expect(body(p, options: XMLExtractionOptions(markers: .llamat))
                == "See [BIB_REF][1][/BIB_REF], [FIG_REF]Fig. 1[/FIG_REF], [TABLE_REF]Table 2[/TABLE_REF], "
                    + "[EQ_REF]Eq. 3[/EQ_REF], Section 4 and .")
    }

    @Test func texIsKeptAsTeXWithDelimitersOrMarkers() {
        let inline = "<p>Energy <inline-formula><tex-math>\\documentclass{minimal}\\begin{document}$E = mc^2$\\end{document}</tex-math></inline-formula> holds.</p>"
        #expect(body(inline) == "Energy $E = mc^2$ holds.")
        #expect(body(inline, options: XMLExtractionOptions(markers: .llamat)) == "Energy [TEX]E = mc^2[/TEX] holds.")
        let display = "<disp-formula><label>(2)</label><tex-math>$$a+b$$</tex-math></disp-formula>"
        #expect(body(display) == "$$a+b$$ (2)")
    }

    @Test func alternativesPreferTeXOverMathML() {
        let xml = "<p>x <inline-formula><alternatives><mml:math><mml:mi>a</mml:mi></mml:math><tex-math>\\alpha</tex-math></alternatives></inline-formula> y</p>"
        #expect(body(xml) == "x $\\alpha$ y")
        let mathOnly = "<p>x <inline-formula><alternatives><mml:math><mml:msup><mml:mi>a</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:math><inline-graphic/></alternatives></inline-formula> y</p>"
        #expect(body(mathOnly) == "x a^2 y")
    }

    @Test func iopTeXInProcessingInstructionsIsRecovered() {
        #expect(body("<p>at <inline-formula><tex-math><?CDATA ${\\sqrt{s}} = 13$?></tex-math></inline-formula> TeV</p>")
                == "at ${\\sqrt{s}} = 13$ TeV")
    }

    @Test func displayMathIsItsOwnParagraphWithItsLabel() {
        let xml = "<p>It follows that <disp-formula id=\"e1\"><label>1</label><mml:math><mml:mi>y</mml:mi><mml:mo>=</mml:mo><mml:mfrac><mml:mn>1</mml:mn><mml:mi>x</mml:mi></mml:mfrac></mml:math></disp-formula> where x is large.</p>"
        #expect(body(xml) == "It follows that\n\ny=(1)/(x) (1)\n\nwhere x is large.")
    }

    @Test func lineBreaksAreNewlinesInParagraphsAndSpacesInTitles() {
        #expect(body("<p>one<break/>two</p>") == "one\ntwo")
        let r = XMLTestSupport.read("<article><front><article-meta><title-group><article-title>A<break/>B</article-title></title-group></article-meta></front><body><p>x</p></body></article>")
        #expect(r.text.hasPrefix("# A B\n\n"))
        #expect(r.document?.metadata.title == "AB")
    }
}
