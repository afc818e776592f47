#!/usr/bin/env python3
"""Self-test of the oracle on constructed snippets: `python3 -m pytest scripts/xml-oracle` or
`python3 scripts/xml-oracle/test_body_words.py`. Skips when lxml is absent."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import lxml  # noqa: F401
    HAVE_LXML = True
except ImportError:
    HAVE_LXML = False

if HAVE_LXML:
    import body_words as bw


def run(xml: str, suffix: str = ".xml", with_text=False) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as f:
        f.write(xml)
        path = f.name
    try:
        return bw.process(path, with_text)
    finally:
        os.unlink(path)


def by_cats(result, *cats):
    return [p for p in result["paragraphs"] if p["categories"] == list(cats)]


def words(result, *cats):
    out = []
    for p in by_cats(result, *cats):
        out.extend(p["words"])
    return out


@unittest.skipUnless(HAVE_LXML, "lxml is not installed")
class NormalizationTests(unittest.TestCase):
    def test_nfkc_case_punctuation_caret_and_format_characters(self):
        self.assertEqual(bw.normalize_words("The (Fe2O3) film, at 10^5 Pa."), ["the", "fe2o3", "film", "at", "105", "pa"])
        self.assertEqual(bw.normalize_words("ﬁlm SO₄²⁻ x\u00a0y"), ["film", "so42−", "x", "y"])
        self.assertEqual(bw.normalize_words("hy\u00adphen zero\u200bwidth"), ["hyphen", "zerowidth"])
        self.assertEqual(bw.normalize_words("“quoted” — ( ) [1]–[5]"), ["quoted", "1]–[5"])
        self.assertEqual(bw.normalize_words("i.e. Ca2+ ±0.3 °C"), ["i.e", "ca2+", "±0.3", "°c"])

    def test_final_sigma_is_folded(self):
        # lower-casing libraries disagree on the position-dependent final sigma: both sides fold it
        self.assertEqual(bw.normalize_words("ΣΑΣ σας"), ["σασ", "σασ"])

    def test_white_space_is_unicode_white_space(self):
        self.assertEqual(bw.normalize_words("a\u2009b\u202fc\u3000d\u2028e"), ["a", "b", "c", "d", "e"])
        # U+200B (zero width space) is a format character, not white space: it joins
        self.assertEqual(bw.normalize_words("a\u200bb"), ["ab"])


@unittest.skipUnless(HAVE_LXML, "lxml is not installed")
class JATSTests(unittest.TestCase):
    XML = """<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN" "JATS-journalpublishing1.dtd">
<article xmlns:mml="http://www.w3.org/1998/Math/MathML" xmlns:xlink="http://www.w3.org/1999/xlink">
<front><article-meta><title-group><article-title>Not a paragraph</article-title></title-group>
<abstract><title>Abstract</title><p>Hematite films grow.</p></abstract>
<abstract abstract-type="executive-summary"><p>Plain summary.</p></abstract>
<kwd-group><kwd>keyword</kwd></kwd-group></article-meta></front>
<body><sec><label>1</label><title>Methods</title>
<p>Fe<sub>2</sub>O<sub>3</sub> was grown <italic>in situ</italic> at 10<sup>5</sup> Pa [<xref ref-type="bibr" rid="b1">1</xref>].</p>
<p>The energy <inline-formula><mml:math><mml:mi>E</mml:mi></mml:math></inline-formula> is x<inline-formula><mml:math><mml:mi>y</mml:mi></mml:math></inline-formula>z large:<disp-formula><mml:math><mml:mi>E</mml:mi><mml:mo>=</mml:mo></mml:math></disp-formula>where E is energy.</p>
<p>Intro<list><list-item><label>(i)</label><p>first item</p></list-item></list>after<break/>break</p>
<fig id="f1"><label>Figure 1</label><caption><title>Caption title.</title><p>Caption text.</p></caption><graphic xlink:href="f1.tif"/><permissions><copyright-statement>© 2020 Someone</copyright-statement></permissions></fig>
<table-wrap><label>Table 1</label><caption><p>Table caption.</p></caption><table><tr><td>cell <bold>one</bold></td><td>two</td></tr></table>
<table-wrap-foot><fn><p>Table note.</p></fn></table-wrap-foot></table-wrap>
<p>Footnoted<fn><p>Inline footnote text.</p></fn> word.</p>
<boxed-text><p>Box text.</p></boxed-text>
</sec></body>
<back><ack><title>Acknowledgements</title><p>We thank all.</p></ack>
<ref-list><title>References</title><ref id="b1"><label>1</label><mixed-citation><person-group><name><surname>Smith</surname> <given-names>J</given-names></name></person-group> (2001)</mixed-citation></ref></ref-list></back>
<sub-article><front-stub><title-group><article-title>Decision letter</article-title></title-group></front-stub><body><p>Reviewer text.</p></body></sub-article>
</article>"""

    def setUp(self):
        self.r = run(self.XML, suffix=".html")  # the file name says nothing: the root element decides

    def test_format(self):
        self.assertEqual(self.r["format"], "jats")

    def test_inline_markup_joins_without_spaces(self):
        body = words(self.r, "body")
        self.assertIn("fe2o3", body)
        self.assertIn("105", body)
        self.assertIn("in", body)
        self.assertIn("situ", body)
        self.assertEqual(by_cats(self.r, "body")[1]["words"][:7], ["fe2o3", "was", "grown", "in", "situ", "at", "105"])

    def test_math_is_dropped_and_glued_words_unchecked(self):
        p = [p for p in by_cats(self.r, "body") if "energy" in p["words"]][0]
        self.assertEqual(p["words"], ["the", "energy", "is", "e", "is", "energy"])
        # "x<math/>z" and "large:<disp-formula/>where" touch math: their spelling depends on its rendering
        self.assertEqual(p["unchecked"], ["xz", "large:where"])

    def test_nested_blocks_are_their_own_units_and_breaks(self):
        outer = [p for p in by_cats(self.r, "body") if "intro" in p["words"]][0]
        self.assertEqual(outer["words"], ["intro", "after", "break"])
        self.assertEqual(outer["nested"], 1)  # the list: a reader may put its text between the words
        energy = [p for p in by_cats(self.r, "body") if "energy" in p["words"]][0]
        self.assertEqual((energy["nested"], energy["dropped"]), (0, 3))  # two inline formulas, one display
        self.assertIn(["first", "item"], [p["words"] for p in by_cats(self.r, "body")])
        self.assertIn(["i"], [p["words"] for p in by_cats(self.r, "body", "label")])

    def test_categories(self):
        self.assertEqual(words(self.r, "abstract"), ["hematite", "films", "grow"])
        self.assertEqual(words(self.r, "abstract", "label"), ["abstract"])
        self.assertEqual(words(self.r, "abstract", "abstract-other"), ["plain", "summary"])
        self.assertEqual(words(self.r, "body", "caption"), ["caption", "title", "caption", "text"])
        self.assertEqual(words(self.r, "body", "caption", "label"), ["figure", "1"])
        self.assertEqual(words(self.r, "body", "table"), ["table", "caption", "cell", "one", "two"])
        self.assertEqual(words(self.r, "body", "table", "footnote"), ["table", "note"])
        self.assertEqual(words(self.r, "body", "footnote"), ["inline", "footnote", "text"])
        self.assertEqual(words(self.r, "body", "box"), ["box", "text"])
        self.assertEqual(words(self.r, "back"), ["acknowledgements", "we", "thank", "all"])
        self.assertIn("smith", words(self.r, "back", "references"))
        self.assertEqual(words(self.r, "back", "sub-article", "body"), ["reviewer", "text"])

    def test_front_matter_permissions_and_keywords_are_not_listed(self):
        every = [w for p in self.r["paragraphs"] for w in p["words"]]
        for w in ("not", "keyword", "someone", "decision"):
            self.assertNotIn(w, every)

    def test_titles_and_paths(self):
        t = [p for p in self.r["paragraphs"] if p["kind"] == "title" and p["categories"] == ["body"]]
        self.assertEqual(t[0]["words"], ["methods"])
        self.assertEqual(t[0]["path"], "/article[1]/body[1]/sec[1]/title[1]")
        self.assertGreater(t[0]["line"], 1)


@unittest.skipUnless(HAVE_LXML, "lxml is not installed")
class ElsevierTests(unittest.TestCase):
    XML = """<?xml version="1.0" encoding="UTF-8"?>
<full-text-retrieval-response xmlns="http://www.elsevier.com/xml/svapi/article/dtd" xmlns:xocs="http://www.elsevier.com/xml/xocs/dtd" xmlns:ce="http://www.elsevier.com/xml/common/dtd" xmlns:mml="http://www.w3.org/1998/Math/MathML" xmlns:dc="http://purl.org/dc/elements/1.1/">
<coredata><dc:description>Plain abstract copy.</dc:description></coredata>
<originalText><xocs:doc><xocs:serial-item><article xmlns="http://www.elsevier.com/xml/ja/dtd">
<ce:floats><ce:table id="t1"><ce:label>Table 1</ce:label><ce:caption><ce:simple-para>Lattice data.</ce:simple-para></ce:caption>
<tgroup cols="1"><tbody><row><ce:entry>3.83 (±<ce:hsp sp="0.1"/>0.3)</ce:entry></row></tbody></tgroup></ce:table></ce:floats>
<head><ce:title>Title</ce:title><ce:abstract class="author"><ce:section-title>Abstract</ce:section-title><ce:abstract-sec><ce:simple-para>We study Ca<ce:inf>50</ce:inf>Mg<ce:inf>20</ce:inf> glass.</ce:simple-para></ce:abstract-sec></ce:abstract>
<ce:abstract class="author-highlights"><ce:abstract-sec><ce:simple-para>A highlight.</ce:simple-para></ce:abstract-sec></ce:abstract></head>
<body><ce:sections><ce:section><ce:label>2</ce:label><ce:section-title>Experimental</ce:section-title>
<ce:para>The BE<ce:hsp sp="0.25"/>≈<ce:hsp sp="0.25"/>440<ce:hsp sp="0.25"/>eV line (<ce:cross-ref refid="f1">Fig. 10</ce:cross-ref>c)<ce:float-anchor refid="t1"/> and <mml:math><mml:mi>x</mml:mi></mml:math> here.</ce:para>
<ce:display><ce:formula><ce:label>(1)</ce:label><mml:math><mml:mi>E</mml:mi></mml:math></ce:formula></ce:display>
</ce:section></ce:sections><ce:acknowledgment><ce:section-title>Acknowledgements</ce:section-title><ce:para>Funded by <ce:grant-sponsor>NSF</ce:grant-sponsor>.</ce:para></ce:acknowledgment></body>
<tail><ce:bibliography><ce:bibliography-sec><ce:bib-reference><ce:label>[1]</ce:label><ce:other-ref><ce:textref>A. Author, J. Phys.</ce:textref></ce:other-ref></ce:bib-reference></ce:bibliography-sec></ce:bibliography></tail>
</article></xocs:serial-item><xocs:rawtext>Flat text copy.</xocs:rawtext></xocs:doc></originalText></full-text-retrieval-response>"""

    def setUp(self):
        self.r = run(self.XML)

    def test_format_and_regions(self):
        self.assertEqual(self.r["format"], "elsevier-ftr")
        self.assertEqual(words(self.r, "abstract"), ["we", "study", "ca50mg20", "glass"])
        self.assertEqual(words(self.r, "abstract", "label"), ["abstract"])
        self.assertEqual(words(self.r, "abstract", "abstract-other"), ["a", "highlight"])
        self.assertEqual(words(self.r, "body", "table"), ["lattice", "data", "3.83", "±", "0.3"])
        self.assertEqual(words(self.r, "body", "back"), ["acknowledgements", "funded", "by", "nsf"])
        self.assertEqual(words(self.r, "back", "references"), ["a", "author", "j", "phys"])
        self.assertEqual(words(self.r, "rawtext"), ["flat", "text", "copy"])
        every = [w for p in self.r["paragraphs"] for w in p["words"]]
        self.assertNotIn("plain", every)  # coredata's copy of the abstract is not listed

    def test_hsp_is_a_space_cross_refs_join_math_drops(self):
        p = [p for p in by_cats(self.r, "body") if "line" in p["words"]][0]
        self.assertEqual(p["words"], ["the", "be", "≈", "440", "ev", "line", "fig", "10c", "and", "here"])
        self.assertEqual(p["unchecked"], [])
        self.assertEqual((p["nested"], p["dropped"]), (1, 1))  # the float anchor, the inline math
        self.assertIn(["2"], [p["words"] for p in by_cats(self.r, "body", "label")])
        self.assertNotIn(["1"], [p["words"] for p in self.r["paragraphs"] if "label" in p["categories"] and "references" not in p["categories"]])


@unittest.skipUnless(HAVE_LXML, "lxml is not installed")
class OtherFormatTests(unittest.TestCase):
    def test_springer_aplusplus_abstract(self):
        r = run("""<Publisher><Journal><Volume><Issue><Article><ArticleInfo><ArticleTitle>T</ArticleTitle></ArticleInfo>
<ArticleHeader><Abstract ID="Abs1" Language="En"><Heading>Abstract</Heading><Para>The decays <InlineEquation ID="IEq1"><EquationSource Format="TEX">$$\\mu$$</EquationSource></InlineEquation> are H<Superscript>+</Superscript> mediated.</Para></Abstract></ArticleHeader>
</Article></Issue></Volume></Journal></Publisher>""")
        self.assertEqual(r["format"], "springer-aplusplus")
        self.assertEqual(words(r, "abstract"), ["the", "decays", "are", "h+", "mediated"])
        self.assertEqual(words(r, "abstract", "label"), ["abstract"])

    def test_bmc(self):
        r = run("""<art><ui>1</ui><fm><abs><sec><st><p>Background</p></st><p>Lions <it>Panthera</it> roam.</p></sec></abs></fm>
<bdy><sec><st><p>Results</p></st><p>See <figr fid="F1">Figure 1</figr> <abbrgrp><abbr bid="B1">1</abbr></abbrgrp>.</p>
<fig id="F1"><title><p>Figure 1</p></title><caption><p>A map.</p></caption></fig></sec></bdy>
<bm><ack><sec><st><p>Acknowledgements</p></st><p>Thanks.</p></sec></ack><refgrp><bibl id="B1"><title><p>Ref</p></title></bibl></refgrp></bm></art>""")
        self.assertEqual(r["format"], "bmc")
        self.assertEqual(words(r, "abstract"), ["background", "lions", "panthera", "roam"])
        self.assertEqual(words(r, "body"), ["results", "see", "figure", "1", "1"])
        self.assertEqual(words(r, "body", "caption"), ["a", "map"])
        self.assertEqual(words(r, "body", "caption", "label"), ["figure", "1"])
        self.assertEqual(words(r, "back"), ["acknowledgements", "thanks"])
        self.assertEqual(words(r, "back", "references"), ["ref"])

    def test_rsc_npg_iop_wiley_medline_detection(self):
        self.assertEqual(run("<article><art-admin/><art-front><abstract><p>A<inf>2</inf>B.</p></abstract></art-front><art-body><section><title>T</title><p>P.</p></section></art-body></article>")["format"], "rsc")
        npg = run("<article><pubfm/><fm><atl>T</atl><abs><p>Abs.</p></abs></fm><bdy><p>Body <i>x</i>.</p><sec><sectitle>S</sectitle><p>More.</p></sec></bdy><bm><bibl><bib><reftxt>R</reftxt></bib></bibl></bm></article>")
        self.assertEqual(npg["format"], "npg-legacy")
        self.assertEqual(words(npg, "body"), ["body", "x", "s", "more"])
        iop = run("<article><article-metadata/><header><abstract-group><abstract><heading>Abstract</heading><p>Abs <inline-eqn><math-text>x</math-text></inline-eqn> end.</p></abstract></abstract-group></header><body><sec-level1><heading>1. Intro</heading><p>Text.</p></sec-level1></body></article>")
        self.assertEqual(iop["format"], "iop-legacy")
        self.assertEqual(words(iop, "abstract"), ["abs", "end"])
        self.assertEqual(words(iop, "body"), ["1", "intro", "text"])
        wiley = run('<component xmlns="http://www.wiley.com/namespaces/wiley"><header><contentMeta><abstractGroup><abstract type="main"><p>Abs.</p></abstract></abstractGroup></contentMeta></header><body><section><title type="main">Intro</title><p>H<sup>+</sup>-ATPase <link href="#b1">[1]</link>.</p></section><bibliography><bib><citation>Ref.</citation></bib></bibliography></body></component>')
        self.assertEqual(wiley["format"], "wiley")
        self.assertEqual(words(wiley, "body"), ["intro", "h+-atpase", "1"])
        self.assertEqual(words(wiley, "body", "references"), ["ref"])
        med = run("<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>T</ArticleTitle><Abstract><AbstractText Label='AIMS'>To compare.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
        self.assertEqual(med["format"], "medline")
        self.assertEqual(words(med, "abstract"), ["to", "compare"])

    def test_structured_citation_fields_are_separated(self):
        r = run("""<article><back><sec><p><related-object><name><surname>Bowman</surname><given-names>SK</given-names></name>, <year>2014</year><x>, </x><source>Data set</source><ext-link>http://x.org/a</ext-link></related-object></p></sec>
<ref-list><ref><element-citation><person-group><name><surname>Bae</surname><given-names>E</given-names></name></person-group><source>Nature</source><year>2001</year></element-citation></ref>
<ref><mixed-citation><source>J. Phys.</source><volume>12</volume> (<year>2001</year>) <fpage>3</fpage>–<lpage>9</lpage></mixed-citation></ref></ref-list></back></article>""")
        self.assertEqual(words(r, "back"), ["bowman", "sk", "2014", "data", "set", "http://x.org/a"])
        refs = [p["words"] for p in by_cats(r, "back", "references")]
        self.assertIn(["bae", "e", "nature", "2001"], refs)
        self.assertIn(["j", "phys.12", "2001", "3–9"], refs)  # mixed citations keep their own spacing

    def test_unknown_root_is_reported(self):
        r = run("<thing xmlns='urn:x'><p>Text</p></thing>")
        self.assertTrue(r["format"].startswith("unknown (root thing, namespace urn:x)"))
        self.assertEqual(r["paragraphs"], [])

    def test_unresolved_entities_are_noted_and_their_words_unchecked(self):
        r = run("<!DOCTYPE article SYSTEM 'x.dtd'><article><body><p>Fe&ndash;O and caf&eacute; here.</p></body></article>")
        p = by_cats(r, "body")[0]
        self.assertEqual(p["words"], ["and", "here"])
        self.assertEqual(p["unchecked"], ["feo", "caf"])
        self.assertTrue(any("eacute" in n and "ndash" in n for n in r["notes"]))


@unittest.skipUnless(HAVE_LXML, "lxml is not installed")
class HTMLTests(unittest.TestCase):
    def test_rsc_page(self):
        r = run("""<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><div id="wrapper">
<h1>Title words</h1><p class="abstract">An abstract with Fe<sub><small>3</small></sub>O<sub><small>4</small></sub>.</p>
<h2><span class="a_heading">Introduction</span></h2><span>First para <span class="CH"><a href="#">drug</a></span> text.</span>
<p class="otherpara">Second para.</p><div class="image_table"><table><tr><td>Fig. 1 caption</td></tr></table></div>
<h2>Acknowledgements</h2><span>Thanks.</span><span id="sect9"><h2>References</h2></span><ol><li><span>Ref.</span></li></ol>
</div></body></html>""", suffix=".xml")
        self.assertEqual(r["format"], "html-rsc")
        self.assertEqual(words(r, "abstract"), ["an", "abstract", "with", "fe3o4"])
        self.assertEqual(words(r, "body"), ["introduction", "first", "para", "drug", "text", "second", "para"])
        self.assertEqual(words(r, "back"), ["acknowledgements", "thanks"])

    def test_rsc_character_images(self):
        r = run("""<!DOCTYPE html><html><body><div id="wrapper"><p class="abstract">Ratio 7<img class="charmap" src="http://www.rsc.org/images/entities/char_2009.gif" alt="[thin space (1/6-em)]"/>:<img class="charmap" src="http://www.rsc.org/images/entities/char_2009.gif"/>2 and a<img class="charmap" src="http://www.rsc.org/images/entities/char_e001.gif"/>b end.</p></div></body></html>""")
        p = by_cats(r, "abstract")[0]
        self.assertEqual(p["words"], ["ratio", "7", "2", "and", "end"])
        self.assertEqual(p["unchecked"], ["ab"])

    def test_springer_page(self):
        r = run("""<!DOCTYPE html><html><body><div class="FulltextWrapper"><section class="Abstract"><h2 class="Heading">Abstract</h2>
<div class="AbstractSection"><h3 class="Heading">Background</h3><p class="Para">Abs text.</p></div></section>
<div id="body"><section class="Section1"><h2 class="Heading">Methods</h2><div class="content"><p class="Para">Body <em>text</em>.</p>
<div class="Para"><figure><figcaption><p>Fig caption</p></figcaption></figure></div></div></section></div></div></body></html>""")
        self.assertEqual(r["format"], "html-springer")
        self.assertEqual(words(r, "abstract"), ["background", "abs", "text"])
        self.assertEqual(words(r, "body"), ["methods", "body", "text"])



@unittest.skipUnless(HAVE_LXML, "lxml is not installed")
class PolishTests(unittest.TestCase):
    """The xml-polish changes (see README: Layout space, IOP smallcap, suppressed identifiers, NPG credits)."""

    def test_layout_space_before_a_script_is_not_a_word_break(self):
        r = run("<article><front/><body><p>law &lt;[X\n      <sub>i</sub>(100)] and Fe <sub>2</sub> and a\n  <italic>b</italic></p></body></article>")
        self.assertEqual(words(r, "body"), ["law", "<[xi(100", "and", "fe", "2", "and", "a", "b"])

    def test_a_structural_break_before_a_script_stays(self):
        r = run("<article><front/><body><p>x<break/>\n<sup>2</sup></p></body></article>")
        self.assertEqual(words(r, "body"), ["x", "2"])

    def test_iop_smallcap_is_inline(self):
        iop = run("<article><article-metadata/><header/><body><sec-level1><heading>H</heading><p>the B<smallcap>EOVG</smallcap> code</p></sec-level1></body></article>")
        self.assertEqual(words(iop, "body"), ["h", "the", "beovg", "code"])

    def test_suppressed_pub_id_is_ignored(self):
        r = run('<article><front/><body><p>see [<mixed-citation><source>J</source> <page-range>163</page-range>.<pub-id pub-id-type="coden">JHEPFG</pub-id><pub-id specific-use="suppress-display">10.1007/x</pub-id></mixed-citation>] now</p></body></article>')
        self.assertEqual(words(r, "body"), ["see", "j", "163.jhepfg", "now"])

    def test_npg_figure_credit_is_not_text(self):
        npg = run("<article><pubfm/><fm><atl>T</atl></fm><bdy><p>Body.</p></bdy><bm><objects><fig id='f1'><caption><p>Cap.</p></caption><credit>E. SMITH/AP PHOTO</credit></fig></objects></bm></article>")
        self.assertNotIn("photo", [w for p in npg["paragraphs"] for w in p["words"]])


if __name__ == "__main__":
    unittest.main()
