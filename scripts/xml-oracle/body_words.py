#!/usr/bin/env python3
"""Independent oracle for the "no text lost" check of publisher XML extraction.

Usage:
    body_words.py [--with-text] [--pretty] FILE...
    body_words.py --normalize < TEXT          (prints the normalized words of stdin, one per line)

For each FILE it prints one JSON object (one per line, in argument order):

    {"file": PATH, "format": "jats" | "elsevier-ftr" | ..., "notes": [...],
     "paragraphs": [{"element": "p", "kind": "p" | "title", "path": "/article[1]/body[1]/sec[2]/p[3]",
                     "line": 123, "categories": ["body"] | ["body", "table"] | ["abstract"] | ...,
                     "words": [...], "unchecked": [...], "nested": 0, "dropped": 0,
                     "text": "..." (only with --with-text)}]}

"nested" counts the places inside the paragraph where other blocks sit (lists, tables, figures,
footnotes, Elsevier float anchors): a reader may put their text between the paragraph's words.
"dropped" counts dropped inline items (math, glyphs, entities), which a reader renders as text.

This script shares no code or tables with the Swift extractor. It reads each file with lxml (libxml2's
tree API, recover mode, entities not expanded, no network, no DTD loading) or, for web pages, with lxml's
HTML parser, and picks the article's text units with its own per-format rules (see RULES below and
scripts/xml-oracle/README.md).

RULES, in short
---------------
Format: recognized from the root element, its namespace and its children, never from the file name.

Text units ("paragraphs"): per format, a set of inline element names is joined without spaces at element
boundaries (so Fe<sub>2</sub>O<sub>3</sub> is one word, Fe2O3); a few elements are spaces (ce:hsp, break,
br); math (MathML, TeX, inline/display formulas) and glyph/entity references are dropped and leave a
marker; every other element is a block: it starts its own unit and is a word break inside its parent.
A unit's words are its own text, not that of nested blocks (those are units of their own).

Words: the unit's text goes through `normalize_words` (below): NFKC, lower case (ς folded to σ: the
position-dependent final sigma differs between lower-casing libraries), U+005E '^' and format
characters (Unicode Cf, e.g. soft hyphen, zero-width space) removed, split on Unicode White_Space,
punctuation (Unicode P*) stripped from both ends of each word, empty words dropped. A word that touched
dropped material (inline math, an unresolved entity) without whitespace between is moved to "unchecked":
its spelling in the extracted text depends on how the math or entity is rendered.

Categories: each unit lists the categories of the containers it sits in, so a comparison can tell text
that an option may exclude from text that was lost:
    body, abstract, abstract-other (graphical/teaser/highlights/digest/standfirst... abstracts),
    table (cells, table captions and table footnotes), caption (figure, scheme, supplementary material),
    footnote, references, back (acknowledgments, appendices, notes, declarations, sub-articles),
    sub-article, box (boxed text, text boxes), label (section/figure numbers: never to be checked),
    math (text inside display math containers: never to be checked), rawtext (Elsevier's unstructured
    xocs:rawtext copy of the article: not structured text, not to be checked).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata

try:
    from lxml import etree
    from lxml import html as lxml_html
except ImportError:  # the caller (a test) decides what to do; exit status 3 means "lxml missing"
    sys.stderr.write("body_words.py: the Python package lxml is not installed (pip install lxml)\n")
    sys.exit(3)

# A stand-in for dropped inline material (math, unresolved entities). It is not whitespace, not
# punctuation and not changed by NFKC or lower-casing, so the word it touches can be recognized.
DROP = "\ue000"

# Unicode White_Space (the same set Swift's Unicode.Scalar.Properties.isWhitespace uses).
WHITE_SPACE = set(
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


# A word break from structure (a block or space element): White_Space, but never layout.
HARD_BREAK = "\u2003"

# XML white space (the characters a pretty-printer inserts).
LAYOUT_WHITE = frozenset(" \t\r\n")

# Subscript and superscript elements of every format (local names).
SCRIPTS = frozenset({"sub", "sup", "inf", "super", "Subscript", "Superscript"})


def normalize_text(text: str) -> str:
    """NFKC, lower case (final sigma folded to σ), '^' and format characters (Cf) removed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u03c2", "\u03c3")
    return "".join(ch for ch in text if ch != "^" and unicodedata.category(ch) != "Cf")


def strip_punctuation(word: str) -> str:
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(word[end - 1]).startswith("P"):
        end -= 1
    return word[start:end]


def split_words(text: str) -> list[str]:
    words, current = [], []
    for ch in text:
        if ch in WHITE_SPACE:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return words


def normalize_words(text: str) -> list[str]:
    """The documented word normalization; the Swift test applies the same steps to extracted text."""
    out = []
    for w in split_words(normalize_text(text)):
        w = strip_punctuation(w)
        if w:
            out.append(w)
    return out


def words_and_unchecked(text: str) -> tuple[list[str], list[str]]:
    words, unchecked = [], []
    for w in normalize_words(text):
        if DROP in w:
            rest = strip_punctuation(w.replace(DROP, ""))
            if rest:
                unchecked.append(rest)
        else:
            words.append(w)
    return words, unchecked


def local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    if tag.startswith("{"):
        return tag.split("}", 1)[1]
    if ":" in tag:  # HTML parser keeps prefixes (cas:atitle)
        return tag.split(":", 1)[1]
    return tag


def namespace(el) -> str:
    tag = el.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return ""


def children(el):
    return [c for c in el if isinstance(c.tag, str)]


def child_names(el) -> set[str]:
    return {local(c) for c in children(el)}


def element_path(el) -> str:
    parts = []
    while el is not None and isinstance(el.tag, str):
        name = local(el)
        parent = el.getparent()
        if parent is None:
            parts.append(f"{name}[1]")
        else:
            same = [c for c in parent if isinstance(c.tag, str) and local(c) == name]
            parts.append(f"{name}[{same.index(el) + 1}]")
        el = parent
    return "/" + "/".join(reversed(parts))


# --------------------------------------------------------------------------------------------------
# Units


class Unit:
    __slots__ = ("element", "kind", "categories", "parts", "nested", "dropped")

    def __init__(self, element, kind, categories):
        self.element = element
        self.kind = kind
        self.categories = categories
        self.parts: list[str] = []
        self.nested = 0  # places where other blocks (lists, tables, figures, footnotes, floats) sit inside
        self.dropped = 0  # dropped inline material (math, glyphs, entities)

    def add(self, s: str):
        if s:
            self.parts.append(s)

    def brk(self):
        self.parts.append(HARD_BREAK)

    def drop(self):
        self.parts.append(DROP)
        self.dropped += 1

    def drop_layout_space(self):
        """Before a subscript or superscript: a trailing run of white space that holds a line break is
        pretty-printing layout (`X\n    <sub>i</sub>`), not a word break (see README, "Layout space")."""
        i = len(self.parts) - 1
        run = []
        while i >= 0 and self.parts[i] and all(ch in LAYOUT_WHITE for ch in self.parts[i]):
            run.append(self.parts[i])
            i -= 1
        if i < 0:
            return
        last = self.parts[i]
        stripped = last.rstrip("".join(LAYOUT_WHITE))
        tail = last[len(stripped):] + "".join(reversed(run))
        if "\n" in tail or "\r" in tail:
            del self.parts[i + 1:]
            self.parts[i] = stripped


class Profile:
    """Per-format rules. Element names are local names (namespaces are ignored inside a document)."""

    name = "unknown"
    inline: frozenset = frozenset()
    space: frozenset = frozenset()
    drop: frozenset = frozenset()  # replaced by a DROP marker, children ignored
    ignore: frozenset = frozenset()  # ignored with their children, no marker (no text a reader needs)
    anchors: frozenset = frozenset()  # empty elements where a reader may place a float (ce:float-anchor)
    titles: frozenset = frozenset()

    def regions(self, root):
        """[(element, categories)]: the subtrees that hold article text."""
        return []

    def categories(self, el, cats):
        """Categories for el's subtree, given its parent's."""
        return cats

    def is_label(self, el) -> bool:
        return False

    def suppressed(self, el) -> bool:
        """Elements the publisher marks as not displayed (JATS `pub-id specific-use="suppress-display"`)."""
        return False

    def is_space(self, el) -> bool:
        """Elements whose boundaries are word breaks although their text stays in the enclosing unit."""
        return local(el) in self.space

    def kind(self, el) -> str:
        if local(el) in self.titles:
            return "title"
        parent = el.getparent()
        if parent is not None and local(parent) in self.titles:
            return "title"
        return "p"


def add_cat(cats: tuple, *new: str) -> tuple:
    out = list(cats)
    for c in new:
        if c not in out:
            out.append(c)
    return tuple(out)


class Collector:
    def __init__(self, profile: Profile, notes: list):
        self.p = profile
        self.units: list[Unit] = []
        self.notes = notes
        self.entities: set[str] = set()

    def collect(self, root, cats):
        unit = self.new_unit(root, cats)
        self.walk_children(root, unit, cats)

    def new_unit(self, el, cats):
        kind = self.p.kind(el)
        if self.p.is_label(el):
            cats = add_cat(cats, "label")
        u = Unit(el, kind, cats)
        self.units.append(u)
        return u

    def walk_children(self, el, unit, cats):
        unit.add(el.text or "")
        for child in el:
            self.walk(child, unit, cats)
            unit.add(child.tail or "")

    def walk(self, el, unit, cats):
        if isinstance(el, etree._Entity):
            name = el.name
            self.entities.add(name)
            unit.drop()
            return
        if not isinstance(el.tag, str):  # comments, processing instructions: no text
            return
        name = local(el)
        if name in self.p.anchors:
            unit.nested += 1
            return
        if name in self.p.ignore or self.p.suppressed(el):
            return
        if name in self.p.drop:
            unit.drop()
            return
        if self.p.is_space(el):
            unit.brk()
            self.walk_children(el, unit, cats)
            unit.brk()
            return
        cats = self.p.categories(el, cats)
        if name in self.p.inline:
            if name in SCRIPTS:
                unit.drop_layout_space()
            self.walk_children(el, unit, cats)
            return
        # a block: a word break in its parent, a unit of its own
        unit.brk()
        unit.nested += 1
        inner = self.new_unit(el, cats)
        self.walk_children(el, inner, cats)
        unit.brk()

    def paragraphs(self, with_text: bool):
        out = []
        for u in self.units:
            text = "".join(u.parts)
            words, unchecked = words_and_unchecked(text)
            if not words and not unchecked:
                continue
            el = u.element
            para = {
                "element": local(el),
                "kind": u.kind,
                "path": element_path(el),
                "line": el.sourceline,
                "categories": list(u.categories),
                "words": words,
                "unchecked": unchecked,
                "nested": u.nested,
                "dropped": u.dropped,
            }
            if with_text:
                para["text"] = " ".join(split_words(text.replace(DROP, "\u2026")))
            out.append(para)
        return out


def find_all(el, *names):
    names = set(names)
    return [e for e in el.iter() if isinstance(e.tag, str) and local(e) in names]


def has_ancestor(el, names, stop=None):
    a = el.getparent()
    while a is not None and a is not stop:
        if local(a) in names:
            return True
        a = a.getparent()
    return False


# --------------------------------------------------------------------------------------------------
# JATS / NLM (PMC, Europe PMC, Springer Nature API, APS, IOP, OUP, eLife, PLOS, MDPI, Frontiers, ...)

MATHML_AND_TEX = frozenset({"math", "tex-math", "inline-formula", "disp-formula", "mml:math"})


class JATS(Profile):
    name = "jats"
    inline = frozenset({
        "italic", "bold", "sub", "sup", "sc", "underline", "overline", "monospace", "roman", "sans-serif",
        "strike", "xref", "ext-link", "uri", "named-content", "styled-content", "abbrev", "email",
        "inline-graphic", "inline-supplementary-material", "related-article", "related-object", "target",
        "x", "ruby", "rb", "rt", "fixed-case", "funding-source", "award-id", "institution", "phone", "fax",
        "country", "hr", "chem-struct", "private-char", "glyph-ref", "num", "price", "std", "std-organization",
        "milestone-start", "milestone-end", "index-term-range-end", "citation-alternatives", "taxon-name",
        "taxon-name-part", "taxon-status", "object-id-ref",
        # inside references (only checked when references are kept)
        "mixed-citation", "element-citation", "citation", "nlm-citation", "person-group", "name", "surname",
        "given-names", "prefix", "suffix", "etal", "collab", "article-title", "source", "year", "month", "day",
        "season", "volume", "issue", "fpage", "lpage", "page-range", "elocation-id", "pub-id", "publisher-loc",
        "publisher-name", "edition", "comment", "date-in-citation", "trans-title", "trans-source", "part-title",
        "chapter-title", "conf-name", "conf-loc", "conf-date", "series", "size", "issue-title", "string-name",
        "annotation", "data-title", "version", "label-citation", "string-date", "access-date", "gov", "patent",
        "role", "issn", "isbn",
    })
    space = frozenset({"break"})
    drop = frozenset({"math", "tex-math", "inline-formula", "disp-formula"})
    ignore = frozenset({"object-id", "alt-text", "long-desc", "permissions", "graphic", "media-object",
                        "processing-meta", "counts", "custom-meta-group", "index-term", "kwd-group"})
    titles = frozenset({"title", "subtitle"})

    # structured citations have no text between their fields: how fields are separated is the reader's
    # choice, so the oracle separates them (a reader that joins them is still matched: see the Swift
    # comparison's second chance across word boundaries)
    name_parts = frozenset({"surname", "given-names", "prefix", "suffix"})
    structured = frozenset({"element-citation", "related-object", "person-group", "product", "nlm-citation", "name"})

    def suppressed(self, el):
        return local(el) == "pub-id" and el.get("specific-use") == "suppress-display"

    def is_space(self, el):
        n = local(el)
        if n in self.space or n in self.name_parts:
            return True
        parent = el.getparent()
        return parent is not None and local(parent) in self.structured

    def articles(self, root):
        if local(root) == "article":
            return [root]
        return [a for a in root.iter() if isinstance(a.tag, str) and local(a) == "article"
                and not has_ancestor(a, {"article"})]

    def regions(self, root):
        out = []
        for art in self.articles(root):
            out.extend(self.article_regions(art, ()))
        return out

    def article_regions(self, art, base):
        out = []
        for c in children(art):
            n = local(c)
            if n in ("front", "front-stub"):
                for a in c.iter():
                    if isinstance(a.tag, str) and local(a) in ("abstract", "trans-abstract"):
                        out.append((a, self.categories(a, base)))
            elif n == "body":
                out.append((c, add_cat(base, "body")))
            elif n == "back":
                out.append((c, add_cat(base, "back")))
            elif n == "floats-group":
                out.append((c, add_cat(base, "body")))
            elif n in ("sub-article", "response"):
                out.extend(self.article_regions(c, add_cat(base, "back", "sub-article")))
        return out

    def categories(self, el, cats):
        n = local(el)
        if n in ("abstract", "trans-abstract"):
            t = (el.get("abstract-type") or "").strip().lower()
            if t and t not in ("abstract", "structured", "main", "author"):
                return add_cat(cats, "abstract", "abstract-other")
            return add_cat(cats, "abstract")
        if n in ("table-wrap", "table-wrap-group", "table", "table-wrap-foot", "array"):
            return add_cat(cats, "table")
        if n in ("fig", "fig-group", "supplementary-material", "media", "chem-struct-wrap", "graphic"):
            return add_cat(cats, "caption")
        if n in ("fn", "fn-group"):
            return add_cat(cats, "footnote")
        if n == "ref-list":
            return add_cat(cats, "references")
        if n in ("ack", "app", "app-group", "glossary", "notes", "bio"):
            return add_cat(cats, "back")
        if n == "boxed-text":
            return add_cat(cats, "box")
        if n == "disp-formula-group":
            return add_cat(cats, "math")
        return cats

    def is_label(self, el):
        n = local(el)
        if n == "label":
            return True
        parent = el.getparent()
        # the heading "Abstract" of an abstract is a label, not text
        return n == "title" and parent is not None and local(parent) in ("abstract", "trans-abstract")


# --------------------------------------------------------------------------------------------------
# Elsevier: full-text retrieval API, CONSYN ja:article / doc:document, simple and converted articles

ELS_ARTICLES = ("article", "simple-article", "converted-article", "book-review", "exam")


class Elsevier(Profile):
    name = "elsevier"
    inline = frozenset({
        "italic", "bold", "sup", "inf", "small-caps", "sans-serif", "monospace", "underline", "cross-out",
        "cross-ref", "cross-refs", "inter-ref", "intra-ref", "inter-refs", "intra-refs", "float-anchor",
        "inline-figure", "chem", "e-address", "grant-sponsor", "grant-number", "anchor", "enunciation-ref",
        "rm", "it", "bf", "sc", "vec", "hsp-ref", "textfn", "text", "fn-ref", "ref",
        # references
        "bib-reference", "reference", "other-ref", "textref", "contribution", "authors", "author",
        "given-name", "surname", "et-al", "title", "maintitle", "host", "issue", "series", "date", "volume-nr",
        "issue-nr", "pages", "first-page", "last-page", "edited-book", "book", "book-series", "editors",
        "publisher", "name", "location", "comment", "doi", "collaboration", "article-number", "translated-title",
        "e-host", "inter-ref-title", "conference", "edition", "suffix", "degrees", "label-ref",
    })
    space = frozenset({"hsp", "vsp", "br"})
    drop = frozenset({"math", "formula", "glyph"})
    ignore = frozenset({"link", "alt-text", "keywords", "inline-figure", "attachment"})
    anchors = frozenset({"float-anchor"})
    titles = frozenset({"section-title"})

    def regions(self, root):
        out = []
        arts = [a for a in root.iter() if isinstance(a.tag, str) and local(a) in ELS_ARTICLES
                and not has_ancestor(a, set(ELS_ARTICLES))]
        for art in arts:
            for c in children(art):
                n = local(c)
                if n == "head":
                    for a in children(c):
                        if local(a) == "abstract":
                            out.append((a, self.categories(a, ())))
                elif n == "body":
                    out.append((c, ("body",)))
                elif n == "tail":
                    out.append((c, ("back",)))
                elif n == "floats":
                    out.append((c, ("body",)))
        if arts:
            for raw in root.iter():
                if isinstance(raw.tag, str) and local(raw) == "rawtext":
                    out.append((raw, ("rawtext",)))
        return out

    def categories(self, el, cats):
        n = local(el)
        if n == "abstract":
            cls = (el.get("class") or "author").strip().lower()
            if cls not in ("author", "sda"):
                return add_cat(cats, "abstract", "abstract-other")
            return add_cat(cats, "abstract")
        if n in ("table", "table-footnote"):
            return add_cat(cats, "table")
        if n in ("figure", "e-component", "chem-struct", "inline-figure"):
            return add_cat(cats, "caption")
        if n == "footnote":
            return add_cat(cats, "footnote")
        if n in ("bibliography", "further-reading"):
            return add_cat(cats, "references")
        if n in ("acknowledgment", "appendices", "conflict-of-interest", "biography", "glossary",
                 "data-availability", "declaration"):
            return add_cat(cats, "back")
        if n == "textbox":
            return add_cat(cats, "box")
        return cats

    def is_label(self, el):
        n = local(el)
        if n == "label":
            return True
        parent = el.getparent()
        return n == "section-title" and parent is not None and local(parent) == "abstract"


class ScopusAbstract(Elsevier):
    name = "scopus-abstract"
    ignore = Elsevier.ignore | {"publishercopyright"}

    def regions(self, root):
        for core in children(root):
            if local(core) == "coredata":
                for a in core.iter():
                    if isinstance(a.tag, str) and local(a) == "abstract":
                        return [(a, ("abstract",))]
        for a in root.iter():
            if isinstance(a.tag, str) and local(a) == "abstract":
                return [(a, ("abstract",))]
        return []


# --------------------------------------------------------------------------------------------------
# Springer A++ (root Publisher) and BMC legacy (root art)


class SpringerAPlusPlus(Profile):
    name = "springer-aplusplus"
    inline = frozenset({
        "Emphasis", "Superscript", "Subscript", "CitationRef", "InternalRef", "ExternalRef", "RefSource",
        "RefTarget", "Underline", "SmallCaps", "Sup", "Sub", "UnicodeNumber", "InlineMediaObject", "Stack",
        "FootnoteRef", "Url", "Email",
        # references
        "Citation", "BibArticle", "BibBook", "BibChapter", "BibUnstructured", "BibAuthorName", "Initials",
        "FamilyName", "Year", "ArticleTitle", "JournalTitle", "VolumeID", "IssueID", "FirstPage", "LastPage",
        "BibComments", "Occurrence", "Handle", "BibEditorName", "BookTitle", "PublisherName",
        "PublisherLocation", "ChapterTitle", "Eds", "EditionNumber", "NoArticleTitle", "Etal",
    })
    space = frozenset({"Break"})
    drop = frozenset({"InlineEquation", "Equation", "EquationSource", "math"})
    ignore = frozenset({"MediaObject", "ImageObject", "KeywordGroup", "ObjectID"})
    titles = frozenset({"Heading"})

    def regions(self, root):
        out = []
        for a in root.iter():
            if not isinstance(a.tag, str):
                continue
            n = local(a)
            if n == "Abstract":
                out.append((a, ("abstract",)))
            elif n == "Body":
                out.append((a, ("body",)))
            elif n in ("ArticleBackmatter", "ChapterBackmatter", "BookBackmatter"):
                out.append((a, ("back",)))
        return out

    def categories(self, el, cats):
        n = local(el)
        if n == "Table":
            return add_cat(cats, "table")
        if n in ("Figure", "ESMHint"):
            return add_cat(cats, "caption")
        if n == "Footnote":
            return add_cat(cats, "footnote")
        if n == "Bibliography":
            return add_cat(cats, "references")
        if n in ("Acknowledgments", "Appendix", "ArticleNote"):
            return add_cat(cats, "back")
        if n == "Sidebar":
            return add_cat(cats, "box")
        return cats

    def is_label(self, el):
        n = local(el)
        if n in ("CaptionNumber", "Label"):
            return True
        parent = el.getparent()
        return n == "Heading" and parent is not None and local(parent) == "Abstract"


class BMC(Profile):
    name = "bmc"
    inline = frozenset({
        "it", "b", "i", "u", "sup", "sub", "super", "abbr", "abbrgrp", "figr", "tblr", "supplr", "url",
        "smlcap", "sc", "bi", "ul", "inline", "email", "mathimg", "tfnr", "fnr", "caps", "monospace",
        # references
        "bibl", "aug", "au", "snm", "fnm", "source", "pubdate", "volume", "issue", "fpage", "lpage", "etal",
        "cnm", "editor", "publisher", "xrefbib", "pubidlist", "pubid", "note", "suf", "edition",
    })
    space = frozenset({"br"})
    drop = frozenset({"math", "m:math"})
    ignore = frozenset({"graphic", "file", "mathimg"})
    titles = frozenset({"st", "title"})

    def regions(self, root):
        out = []
        for c in children(root):
            n = local(c)
            if n == "fm":
                for a in children(c):
                    if local(a) == "abs":
                        out.append((a, ("abstract",)))
            elif n == "bdy":
                out.append((c, ("body",)))
            elif n == "bm":
                out.append((c, ("back",)))
        return out

    def categories(self, el, cats):
        n = local(el)
        if n in ("tbl", "table"):
            return add_cat(cats, "table")
        if n in ("fig", "suppl"):
            return add_cat(cats, "caption")
        if n == "fn":
            return add_cat(cats, "footnote")
        if n == "refgrp":
            return add_cat(cats, "references")
        if n == "ack":
            return add_cat(cats, "back")
        return cats

    def is_label(self, el):
        # fig/title/p = "Figure 1"
        a = el.getparent()
        return (local(el) == "p" and a is not None and local(a) == "title" and a.getparent() is not None
                and local(a.getparent()) in ("fig", "tbl", "suppl"))


# --------------------------------------------------------------------------------------------------
# Legacy NPG (article with pubfm/fm/bdy/bm), RSC (art-front/art-body/art-back), IOP legacy


class NPG(Profile):
    name = "npg-legacy"
    inline = frozenset({
        "i", "b", "sub", "super", "sup", "bibr", "bibrinl", "figr", "tblr", "sir", "xnav", "deflistr", "url",
        "email", "fnr", "scientific", "illusr", "mathimg", "u", "sc", "boxr", "suppr", "ital",
        # references
        "refau", "fnm", "snm", "atl", "jtl", "vid", "ppf", "ppl", "cd", "refdoi", "btl", "reftxt",
    })
    space = frozenset({"newline"})
    drop = frozenset({"math", "f"})
    ignore = frozenset({"illus", "mathimg", "linkgrp", "credit"})
    titles = frozenset({"sectitle", "crosshd", "title", "figtl", "st"})

    def regions(self, root):
        out = []
        for c in children(root):
            n = local(c)
            if n == "fm":
                for a in children(c):
                    m = local(a)
                    if m == "abs":
                        out.append((a, ("abstract",)))
                    elif m in ("stndfrst", "execsumm", "websumm", "edsumm", "fp"):
                        out.append((a, ("abstract", "abstract-other")))
            elif n == "bdy":
                out.append((c, ("body",)))
            elif n == "bm":
                out.append((c, ("back",)))
        return out

    def categories(self, el, cats):
        n = local(el)
        if n == "table":
            return add_cat(cats, "table")
        if n in ("fig", "suppobj", "illus"):
            return add_cat(cats, "caption")
        if n in ("fn", "fngrp"):
            return add_cat(cats, "footnote")
        if n in ("bibl", "bib"):
            return add_cat(cats, "references")
        if n in ("ack", "audecl", "app", "bio"):
            return add_cat(cats, "back")
        if n in ("box", "boxgrp"):
            return add_cat(cats, "box")
        return cats


class RSC(Profile):
    name = "rsc"
    inline = frozenset({
        "it", "b", "bo", "i", "ital", "sup", "inf", "sub", "citref", "figref", "tableref", "schemeref",
        "fnoteref", "url", "sansserif", "smallcaps", "ul", "u", "compoundref", "eqnref", "chartref", "plateref",
        "email",
        # references
        "citauth", "fname", "surname", "title", "year", "volumeno", "pages", "fpage", "lpage", "arttitle",
        "citpub", "pubplace", "biblscope", "editor", "journalcit", "citation", "citext", "issueno", "link",
    })
    space = frozenset({"br"})
    drop = frozenset({"math", "formula", "eqn"})
    ignore = frozenset({"graphic", "compoundgrp"})
    titles = frozenset({"title"})

    def regions(self, root):
        out = []
        for c in children(root):
            n = local(c)
            if n == "art-front":
                for a in children(c):
                    if local(a) == "abstract":
                        out.append((a, ("abstract",)))
            elif n == "art-body":
                out.append((c, ("body",)))
            elif n == "art-back":
                out.append((c, ("back",)))
        return out

    def categories(self, el, cats):
        n = local(el)
        if n in ("table-entry", "table", "tgroup"):
            return add_cat(cats, "table")
        if n in ("figure", "scheme"):
            return add_cat(cats, "caption")
        if n in ("footnote", "fngroup"):
            return add_cat(cats, "footnote")
        if n == "biblist":
            return add_cat(cats, "references")
        if n in ("ack", "appendix"):
            return add_cat(cats, "back")
        return cats

    def kind(self, el):
        return "title" if local(el) == "title" else "p"


class IOPLegacy(Profile):
    name = "iop-legacy"
    inline = frozenset({
        "italic", "bold", "sub", "sup", "cite", "figref", "eqnref", "tabref", "secref", "fnref", "inline-graphic",
        "upright", "sans-serif", "teletype", "smallcaps", "smallcap", "url", "email", "underline", "mathtext-ref",
        # references
        "authors", "au", "first-names", "second-name", "art-title", "jnl-title", "volume", "pages", "year",
        "publication", "reference", "misc-text", "et-al",
    })
    space = frozenset({"br", "break"})
    drop = frozenset({"inline-eqn", "display-eqn", "math-text", "math", "eqn-group"})
    ignore = frozenset({"graphic", "graphic-file", "inline-graphic"})
    titles = frozenset({"heading", "title"})

    def regions(self, root):
        out = []
        for c in children(root):
            n = local(c)
            if n == "header":
                for a in c.iter():
                    if isinstance(a.tag, str) and local(a) == "abstract":
                        out.append((a, ("abstract",)))
            elif n == "body":
                out.append((c, ("body",)))
            elif n == "back":
                out.append((c, ("back",)))
        return out

    def categories(self, el, cats):
        n = local(el)
        if n in ("table", "tabular"):
            return add_cat(cats, "table")
        if n == "figure":
            return add_cat(cats, "caption")
        if n in ("footnotes", "footnote"):
            return add_cat(cats, "footnote")
        if n == "references":
            return add_cat(cats, "references")
        if n in ("acknowledgment", "appendix"):
            return add_cat(cats, "back")
        return cats

    def is_label(self, el):
        parent = el.getparent()
        return local(el) == "heading" and parent is not None and local(parent) == "abstract"


# --------------------------------------------------------------------------------------------------
# Wiley component XML, MEDLINE


class Wiley(Profile):
    name = "wiley"
    inline = frozenset({
        "i", "b", "sub", "sup", "link", "url", "email", "inlineGraphic", "span", "sc", "u", "fr", "chem",
        "citation", "author", "givenNames", "familyName", "journalTitle", "vol", "pubYear", "pageFirst",
        "pageLast", "articleTitle", "bookTitle", "publisherName", "publisherLoc", "otherTitle", "chapterTitle",
        "accessionId", "issue", "editor", "groupName", "bibInfo",
    })
    space = frozenset({"br"})
    drop = frozenset({"math", "mathStatement", "displayedItem", "inlineEquation"})
    ignore = frozenset({"mediaResourceGroup", "mediaResource", "inlineGraphic"})
    titles = frozenset({"title"})

    def regions(self, root):
        out = []
        for c in children(root):
            n = local(c)
            if n == "header":
                for a in c.iter():
                    if isinstance(a.tag, str) and local(a) == "abstract":
                        t = (a.get("type") or "main").lower()
                        cats = ("abstract",) if t in ("main", "") else ("abstract", "abstract-other")
                        out.append((a, cats))
                    elif isinstance(a.tag, str) and local(a) == "noteGroup":
                        out.append((a, ("footnote",)))
            elif n == "body":
                out.append((c, ("body",)))
            elif n == "backMatter":
                out.append((c, ("back",)))
        return out

    def categories(self, el, cats):
        n = local(el)
        if n == "tabular":
            return add_cat(cats, "table")
        if n in ("figure", "supportingInformation"):
            return add_cat(cats, "caption")
        if n in ("noteGroup", "note"):
            return add_cat(cats, "footnote")
        if n in ("bibliography", "bibSection"):
            return add_cat(cats, "references")
        if n in ("acknowledgements", "appendix"):
            return add_cat(cats, "back")
        return cats

    def is_label(self, el):
        return local(el) == "label"


class Medline(Profile):
    name = "medline"
    inline = frozenset({"i", "b", "u", "sup", "sub"})
    titles = frozenset()

    def regions(self, root):
        out = []
        for a in root.iter():
            if not isinstance(a.tag, str):
                continue
            if local(a) == "AbstractText":
                cats = ("abstract", "abstract-other") if has_ancestor(a, {"OtherAbstract"}) else ("abstract",)
                out.append((a, cats))
        return out


class Dataset(Profile):
    name = "elsevier-dataset"


# --------------------------------------------------------------------------------------------------
# HTML article pages: RSC, ACS, Springer/BMC, ScienceDirect

HTML_BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "h1", "h2", "h3", "h4",
    "h5", "h6", "dl", "dt", "dd", "section", "figure", "figcaption", "blockquote", "hr", "pre", "article",
    "aside", "header", "footer", "nav", "caption", "form", "fieldset", "address", "main", "center",
})
HTML_DROP = frozenset({"math", "script", "style", "noscript", "template", "svg", "button", "select", "input",
                       "textarea", "iframe", "object"})

BACK_HEADINGS = re.compile(
    r"^\s*(?:[ivx\d.]+\s+)?(acknowledg|notes|abbreviations|conflicts? of interest|competing interests|"
    r"author(?:s'|s’|s)? contributions|appendix|supplementary|electronic supplementary|funding|declaration|"
    r"data availability|ethics|additional information|footnotes?)", re.I)
REF_HEADINGS = re.compile(r"^\s*(?:[ivx\d.]+\s+)?(references|notes and references|bibliography|literature cited)",
                          re.I)


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


class HTMLProfile:
    name = "html-unknown"

    def units(self, root):
        """[(element, kind, categories)] in document order."""
        return []


class HTMLRSC(HTMLProfile):
    name = "html-rsc"

    def units(self, root):
        wrapper = root.xpath("//*[@id='wrapper']")
        if not wrapper:
            return []
        wrapper = wrapper[0]
        out = []
        section = ("body",)
        for el in wrapper.iter():
            if not isinstance(el.tag, str):
                continue
            tag = el.tag.lower()
            cls = classes(el)
            if tag in ("h2", "h3", "h4", "h5"):
                text = " ".join(el.text_content().split())
                if tag == "h2":
                    if REF_HEADINGS.match(text):
                        section = ("references",)
                    elif BACK_HEADINGS.match(text):
                        section = ("back",)
                    else:
                        section = ("body",)
                if section != ("references",):
                    out.append((el, "title", section))
            elif tag == "p" and "abstract" in cls:
                out.append((el, "p", ("abstract",)))
            elif tag == "p" and "otherpara" in cls:
                out.append((el, "p", section))
            elif tag == "span" and not el.attrib and el.getparent() is not None:
                # the first paragraph after a heading is a bare <span> beside the <p class="otherpara">s
                parent = el.getparent()
                if parent is wrapper or any("otherpara" in classes(s) or s.tag in ("h2", "h3")
                                            for s in parent if isinstance(s.tag, str)):
                    if section != ("references",):
                        out.append((el, "p", section))
        return out


class HTMLACS(HTMLProfile):
    name = "html-acs"

    def units(self, root):
        out = []
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            cls = classes(el)
            if el.tag == "p" and has_id_ancestor(el, "abstractBox"):
                out.append((el, "p", ("abstract",)))
                continue
            if not has_class_ancestor(el, "hlFld-Fulltext"):
                continue
            if has_class_ancestor(el, "NLM_table-wrap") or has_class_ancestor(el, "figure") \
                    or has_class_ancestor(el, "NLM_ref-list") or has_class_ancestor(el, "NLM_citation"):
                continue
            back = has_class_ancestor(el, "NLM_back")
            cats = ("back",) if back else ("body",)
            if el.tag in ("h2", "h3", "h4", "h5") and (has_class_ancestor(el, "NLM_sec")
                                                      or has_class_ancestor(el, "ack")
                                                      or has_class_ancestor(el, "NLM_notes")):
                if REF_HEADINGS.match(el.text_content()):
                    continue
                out.append((el, "title", cats))
            elif "NLM_p" in cls:
                out.append((el, "p", cats))
            elif back and el.tag == "p" and not has_class_ancestor(el, "NLM_p") \
                    and (has_class_ancestor(el, "ack") or has_class_ancestor(el, "NLM_notes")):
                out.append((el, "p", cats))
        return out


class HTMLSpringer(HTMLProfile):
    name = "html-springer"

    def units(self, root):
        out = []
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            cls = classes(el)
            if has_tag_ancestor(el, ("figure", "table", "figcaption")):
                continue
            if has_class_ancestor(el, "Abstract"):
                if el.tag == "p" and "Para" in cls:
                    out.append((el, "p", ("abstract",)))
                elif el.tag in ("h3", "h4") and "Heading" in cls:
                    out.append((el, "title", ("abstract",)))
                continue
            if has_id_ancestor(el, "body"):
                if el.tag in ("h2", "h3", "h4", "h5") and "Heading" in cls:
                    out.append((el, "title", ("body",)))
                elif el.tag == "p" and ("Para" in cls or "SimplePara" in cls):
                    out.append((el, "p", ("body",)))
            elif has_id_ancestor(el, "Notes"):
                if el.tag == "p" and ("Para" in cls or "SimplePara" in cls):
                    out.append((el, "p", ("back",)))
        return out


class HTMLScienceDirect(HTMLProfile):
    name = "html-sciencedirect"

    def units(self, root):
        out = []
        section = ("body",)
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            cls = classes(el)
            if el.tag in ("h2", "h3", "h4", "h5") and ("svArticle" in cls or el.tag == "h2"):
                if has_class_ancestor(el, "abstract"):
                    continue
                text = el.text_content()
                if el.tag == "h2" and el.get("class") != "svKeywords":
                    if REF_HEADINGS.match(text):
                        section = ("references",)
                    elif BACK_HEADINGS.match(text):
                        section = ("back",)
                    else:
                        section = ("body",)
                if "svArticle" in cls and section != ("references",):
                    out.append((el, "title", section))
                continue
            if el.tag != "p":
                continue
            if has_class_ancestor(el, "abstract"):
                if has_class_ancestor(el, "abstractHighlights"):
                    out.append((el, "p", ("abstract", "abstract-other")))
                elif not has_class_ancestor(el, "figure"):
                    out.append((el, "p", ("abstract",)))
            elif "svArticle" in cls and section != ("references",):
                out.append((el, "p", section))
        return out


def has_class_ancestor(el, cls):
    a = el
    while a is not None:
        if isinstance(a.tag, str) and cls in classes(a):
            return True
        a = a.getparent()
    return False


def has_id_ancestor(el, ident):
    a = el
    while a is not None:
        if isinstance(a.tag, str) and a.get("id") == ident:
            return True
        a = a.getparent()
    return False


def has_tag_ancestor(el, tags):
    a = el.getparent()
    while a is not None:
        if isinstance(a.tag, str) and a.tag in tags:
            return True
        a = a.getparent()
    return False


def charmap_char(src: str) -> str:
    m = re.search(r"char_([0-9a-fA-F]{4,6})\.", src)
    if not m:
        return DROP
    ch = chr(int(m.group(1), 16))
    if ch in WHITE_SPACE:
        return " "
    if unicodedata.category(ch) in ("Co", "Cn", "Cs"):  # private glyphs: no standard character
        return DROP
    return ch


def html_unit_text(el, unit_set) -> tuple[str, int, int]:
    """Text of an HTML unit: inline tags joined, block tags word breaks, nested units left out; with the
    number of nested blocks and of dropped items."""
    parts = []
    counts = {"nested": 0, "dropped": 0}

    def walk(e, top):
        if not isinstance(e.tag, str):
            return
        tag = e.tag.lower() if isinstance(e.tag, str) else ""
        if not top:
            if e in unit_set:
                parts.append(" ")
                counts["nested"] += 1
                return
            if tag in HTML_DROP:
                parts.append(DROP if tag == "math" else " ")
                counts["dropped"] += tag == "math"
                return
            if tag == "br":
                parts.append(" ")
                return
            if tag == "img" and "charmap" in classes(e):
                # RSC pages draw some characters as images named after their code point (char_2009.gif)
                ch = charmap_char(e.get("src") or "")
                parts.append(ch)
                counts["dropped"] += ch == DROP
                return
        block = tag in HTML_BLOCK and not top
        if block:
            parts.append(" ")
            counts["nested"] += 1
        parts.append(e.text or "")
        for c in e:
            walk(c, False)
            parts.append(c.tail or "")
        if block:
            parts.append(" ")

    walk(el, True)
    return "".join(parts), counts["nested"], counts["dropped"]


# --------------------------------------------------------------------------------------------------
# Detection


def detect_xml(root):
    n, ns = local(root), namespace(root)
    names = child_names(root)
    if n == "full-text-retrieval-response":
        return "elsevier-ftr", Elsevier()
    if n in ELS_ARTICLES and ns.startswith("http://www.elsevier.com/xml/"):
        return "elsevier-ja", Elsevier()
    if n == "document" and (ns.startswith("http://www.elsevier.com/xml/")
                            or names & {"article", "simple-article", "converted-article"}):
        fmt = "elsevier-doc" if ns.startswith("http://www.elsevier.com/xml/") else "elsevier-doc (namespace URIs missing)"
        return fmt, Elsevier()
    if n == "abstracts-retrieval-response":
        return "scopus-abstract", ScopusAbstract()
    if n == "dataset" and ns.startswith("http://www.elsevier.com/xml/schema/"):
        return "elsevier-dataset", Dataset()
    if n == "Publisher":
        return "springer-aplusplus", SpringerAPlusPlus()
    if n == "art" and names & {"bdy", "fm", "bm"}:
        return "bmc", BMC()
    if n == "component" and "wiley" in ns:
        return "wiley", Wiley()
    if n in ("PubmedArticleSet", "PubmedArticle", "MedlineCitationSet", "MedlineCitation"):
        return "medline", Medline()
    if n == "article":
        if names & {"art-front", "art-body", "art-admin"}:
            return "rsc", RSC()
        if names & {"pubfm", "bdy"} and "fm" in names:
            return "npg-legacy", NPG()
        if names & {"article-metadata", "header"}:
            return "iop-legacy", IOPLegacy()
        if names & {"front", "body", "back"}:
            return "jats", JATS()
    if n == "pmc-articleset" or (n == "response" and any(local(a) == "article" for a in root.iter()
                                                             if isinstance(a.tag, str))):
        return "jats", JATS()
    return f"unknown (root {n}, namespace {ns or 'none'})", Profile()


def detect_html(root):
    if root.xpath("//*[@id='wrapper']//p[contains(concat(' ', @class, ' '), ' abstract ') or "
                  "contains(concat(' ', @class, ' '), ' otherpara ')]"):
        return HTMLRSC()
    if root.xpath("//*[contains(concat(' ', @class, ' '), ' hlFld-Fulltext ')]"):
        return HTMLACS()
    if root.xpath("//*[contains(concat(' ', @class, ' '), ' FulltextWrapper ')] | "
                  "//p[contains(concat(' ', @class, ' '), ' Para ')]"):
        return HTMLSpringer()
    if root.xpath("//p[contains(concat(' ', @class, ' '), ' svArticle ')]"):
        return HTMLScienceDirect()
    return HTMLProfile()


def decode_html(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        m = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
        enc = m.group(1).decode("ascii") if m else "windows-1252"
        try:
            return data.decode(enc, errors="replace")
        except LookupError:
            return data.decode("windows-1252", errors="replace")


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<html" in head[:1024]


def process(path: str, with_text: bool) -> dict:
    notes: list[str] = []
    with open(path, "rb") as f:
        data = f.read()
    root = None
    if not looks_like_html(data):
        parser = etree.XMLParser(recover=True, resolve_entities=False, load_dtd=False, no_network=True,
                                 huge_tree=True, remove_comments=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as e:
            notes.append(f"XML parse error: {e}")
        errors = [str(e) for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
        errors = [e for e in errors if "is not a valid URI" not in e]
        if errors:
            notes.append(f"{len(errors)} XML error(s) recovered, first: {errors[0]}")
    if root is None or local(root).lower() == "html":
        text = decode_html(data)
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
        hroot = lxml_html.document_fromstring(text)
        profile = detect_html(hroot)
        units = profile.units(hroot)
        unit_set = {u[0] for u in units}
        paragraphs = []
        for el, kind, cats in units:
            t, nested, dropped = html_unit_text(el, unit_set)
            words, unchecked = words_and_unchecked(t)
            if not words and not unchecked:
                continue
            para = {"element": el.tag, "kind": kind, "path": element_path(el), "line": el.sourceline,
                    "categories": list(cats), "words": words, "unchecked": unchecked, "nested": nested,
                    "dropped": dropped}
            if with_text:
                para["text"] = " ".join(split_words(t.replace(DROP, "\u2026")))
            paragraphs.append(para)
        if profile.name == "html-unknown":
            notes.append("HTML page of no known publisher layout: no paragraphs listed")
        return {"file": path, "format": profile.name, "notes": notes, "paragraphs": paragraphs}

    fmt, profile = detect_xml(root)
    collector = Collector(profile, notes)
    for region, cats in profile.regions(root):
        collector.collect(region, cats)
    if collector.entities:
        notes.append("unresolved entity references (their words are unchecked): "
                     + ", ".join(sorted(collector.entities)))
    if fmt.startswith("unknown"):
        notes.append("unrecognized format: no paragraphs listed")
    return {"file": path, "format": fmt, "notes": notes, "paragraphs": collector.paragraphs(with_text)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--with-text", action="store_true", help="also print each paragraph's text")
    ap.add_argument("--pretty", action="store_true", help="indented JSON (one document, not JSON lines)")
    ap.add_argument("--normalize", action="store_true", help="print the normalized words of standard input")
    args = ap.parse_args(argv)
    if args.normalize:
        for w in normalize_words(sys.stdin.read()):
            print(w)
        return 0
    status = 0
    for path in args.files:
        try:
            result = process(path, args.with_text)
        except Exception as e:  # one bad file must not hide the others
            result = {"file": path, "format": "error", "notes": [f"{type(e).__name__}: {e}"], "paragraphs": []}
            status = 1
        if args.pretty:
            print(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    return status


if __name__ == "__main__":
    sys.exit(main())
