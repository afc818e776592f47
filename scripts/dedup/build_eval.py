#!/usr/bin/env python3
"""Builds the labeled near-duplicate evaluation set for `matcorpus dedup` from real text.

Sources (read-only, from the shared fixtures):
  * general/*.sample.jsonl  - MEDLINE abstracts, Python and Perl documentation (`text` field);
  * materials/**/*.txt      - synthesis paragraphs, SOFC papers, the mat2vec example;
  * materials/**/*.jsonl    - every record with a string `text` field (SuperMat paragraphs).
Only documents of at least --min-words words are used, and a base is dropped when its word 5-gram
Jaccard with an earlier base reaches --max-base-jaccard, so the bases are distinct.

Each base gets one role:
  * plain        - included once, unchanged;
  * edited       - included unchanged, plus 1-3 variants, each made by one edit type or a
                   combination: exact copy, reflow (whitespace / line breaks / hyphenated breaks),
                   header_footer (journal banners, page headers, "Preprint submitted to..." lines
                   added, or title / trailing lines removed), paragraph_rewrite (a paragraph swapped
                   for a real paragraph of another document, its sentences shuffled, or reworded),
                   reorder (paragraphs or sections moved);
  * boilerplate  - not included itself; it appears once with a long shared block (licence,
                   funding, competing interests, acknowledgments, data availability...) appended or
                   prepended, the same block for every member of its group. These documents are
                   distinct and must not be merged.

The truth file labels documents only; whether a pair is a duplicate is decided by scripts/dedup/eval.py
from the exact Jaccard of the shingle sets (>= 0.8), so an edit that goes too far is simply not a
duplicate. Output order is shuffled (seeded), so a variant may precede its base.

Everything is driven by one random.Random(seed): same inputs + same seed = byte-identical outputs.

Usage: build_eval.py [--shared DIR] --out EVAL.jsonl --truth TRUTH.json [--seed N]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval import NGRAM, shingle_strings as shingles, words  # noqa: E402  (one shingle definition)

DEFAULT_SEED = 20240601

EDIT_TYPES = [
    "exact",
    "reflow",
    "header_footer",
    "paragraph_rewrite",
    "reorder",
    "reflow+header_footer",
    "header_footer+reorder",
    "paragraph_rewrite+reflow",
    "paragraph_rewrite+reorder",
    "header_footer+paragraph_rewrite",
    "header_footer+paragraph_rewrite+reflow+reorder",
]


# --------------------------------------------------------------------------------------------
# loading the real text

def load_pool(shared: str, min_words: int) -> list[dict]:
    base = os.path.join(shared, "fixtures", "text")
    pool: list[dict] = []

    def add(doc_id: str, source: str, text: str) -> None:
        text = text.replace("\r\n", "\n").strip()
        if len(words(text)) >= min_words:
            pool.append({"orig": doc_id, "source": source, "text": text})

    for path in sorted(glob.glob(os.path.join(base, "general", "*.sample.jsonl"))):
        source = os.path.basename(path).split(".")[0]
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if isinstance(rec.get("text"), str):
                    add(str(rec.get("id")), source, rec["text"])
    mat = os.path.join(base, "materials")
    for path in sorted(glob.glob(os.path.join(mat, "**", "*.txt"), recursive=True)):
        with open(path, encoding="utf-8", errors="replace") as f:
            add(os.path.relpath(path, mat), os.path.relpath(path, mat).split(os.sep)[0], f.read())
    for path in sorted(glob.glob(os.path.join(mat, "**", "*.jsonl"), recursive=True)):
        source = os.path.relpath(path, mat).split(os.sep)[0]
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                rec = json.loads(line)
                if isinstance(rec.get("text"), str):
                    add(f"{os.path.relpath(path, mat)}#{n}", source, rec["text"])
    return pool


def distinct(pool: list[dict], max_jaccard: float) -> list[dict]:
    """Keeps a document only when its Jaccard with every earlier kept document is below max_jaccard."""
    ids: dict[str, int] = {}
    postings: list[list[int]] = []
    kept: list[dict] = []
    sizes: list[int] = []
    seen_text: set[str] = set()
    for doc in pool:
        if doc["text"] in seen_text:
            continue
        sh = [ids.setdefault(s, len(ids)) for s in shingles(doc["text"])]
        while len(postings) < len(ids):
            postings.append([])
        inter = Counter()
        for s in sh:
            inter.update(postings[s])
        if any(c / (len(sh) + sizes[k] - c) >= max_jaccard for k, c in inter.items()):
            continue
        k = len(kept)
        for s in sh:
            postings[s].append(k)
        sizes.append(len(sh))
        kept.append(doc)
        seen_text.add(doc["text"])
    return kept


# --------------------------------------------------------------------------------------------
# structure helpers

SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


def split_paragraphs(text: str, rng: random.Random) -> tuple[list[str], str]:
    """Paragraphs and the separator that joins them back: blank lines, else lines, else sentence groups."""
    paras = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    if len(paras) >= 3:
        return paras, "\n\n"
    paras = [p for p in text.split("\n") if p.strip()]
    if len(paras) >= 3:
        return paras, "\n"
    sents = SENT.split(text.strip())
    if len(sents) < 3:
        return [text], "\n"
    k = min(len(sents), rng.randint(3, 5))
    cuts = sorted(rng.sample(range(1, len(sents)), k - 1))
    groups, last = [], 0
    for c in cuts + [len(sents)]:
        groups.append(" ".join(sents[last:c]))
        last = c
    return groups, " "


def nwords(text: str) -> int:
    return len(words(text))


# --------------------------------------------------------------------------------------------
# edits

JOURNALS = [
    ("Journal of Power Sources", "Elsevier B.V."), ("Electrochimica Acta", "Elsevier Ltd"),
    ("Journal of Materials Chemistry A", "The Royal Society of Chemistry"),
    ("Journal of Alloys and Compounds", "Elsevier B.V."), ("Scientific Reports", "Springer Nature"),
    ("Physical Review B", "American Physical Society"), ("Materials Letters", "Elsevier B.V."),
    ("Advanced Materials", "Wiley-VCH Verlag GmbH & Co. KGaA, Weinheim"),
    ("Solid State Ionics", "Elsevier B.V."), ("ACS Nano", "American Chemical Society"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
UNIVERSITIES = ["University of Cambridge", "Seoul National University", "Tsinghua University",
                "ETH Zurich", "University of Tokyo", "Imperial College London", "Argonne National Laboratory",
                "Universidad de Zaragoza", "Indian Institute of Science", "University of Toronto"]


def banner(rng: random.Random) -> str:
    j, pub = rng.choice(JOURNALS)
    year = rng.randint(2004, 2022)
    vol, p1 = rng.randint(3, 400), rng.randint(1, 9000)
    kind = rng.randrange(4)
    if kind == 0:
        return f"{j} {vol} ({year}) {p1}\u2013{p1 + rng.randint(5, 14)}"
    if kind == 1:
        return f"Contents lists available at ScienceDirect\n{j}\njournal homepage: www.{j.lower().replace(' ', '')}.example.org"
    if kind == 2:
        return f"Cite this: {j}, {year}, {vol}, {p1}\nReceived {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}, Accepted {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}\nDOI: 10.{rng.randint(1000, 9999)}/{rng.randint(100000, 999999)}"
    return f"\u00a9 {year} {pub}. All rights reserved."


def footer(rng: random.Random) -> str:
    j, _ = rng.choice(JOURNALS)
    kind = rng.randrange(3)
    if kind == 0:
        return f"Preprint submitted to {j}    {rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2004, 2022)}"
    if kind == 1:
        return f"Downloaded by {rng.choice(UNIVERSITIES)} on {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2012, 2023)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
    return f"* Corresponding author. Tel.: +{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}.\nE-mail address: author{rng.randint(1, 99)}@mail.example.edu"


def page_header(rng: random.Random, title: str, page: int, total: int) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"{page}"
    if kind == 1:
        return f"Page {page} of {total}"
    head = " ".join(title.split()[:6])
    return f"{head} / {rng.choice(JOURNALS)[0]} {page}"


def edit_header_footer(text: str, rng: random.Random, details: list) -> str:
    lines = text.split("\n")
    mode = rng.choices(["add", "remove", "both"], weights=[5, 2, 3])[0]
    if mode in ("remove", "both"):
        removed = 0
        if len(lines) > 2 and nwords(lines[0]) <= 30:
            lines = lines[1:]
            removed += 1
        if len(lines) > 2 and nwords(lines[-1]) <= 30 and rng.random() < 0.5:
            lines = lines[:-1]
            removed += 1
        if removed:
            details.append(f"removed {removed} header/footer line(s)")
        elif mode == "remove":
            mode = "add"
    if mode in ("add", "both"):
        title = lines[0] if lines else ""
        total_words = nwords("\n".join(lines))
        pages = min(12, total_words // 350)
        if pages:
            # Page breaks fall between lines, or mid-line when the text has few lines (as in PDF text).
            flat = "\n".join(lines).split(" ")
            step = max(1, len(flat) // (pages + 1))
            out: list[str] = []
            for i, tok in enumerate(flat):
                out.append(tok)
                if i and i % step == 0 and i // step <= pages:
                    out[-1] = tok + "\n" + page_header(rng, title, i // step + 1, pages + 1) + "\n"
            lines = " ".join(out).split("\n")
            details.append(f"added {pages} page header(s)")
        lines = banner(rng).split("\n") + lines
        details.append("added banner")
        if rng.random() < 0.7:
            lines = lines + footer(rng).split("\n")
            details.append("added footer")
    return "\n".join(lines)


def reflow(text: str, rng: random.Random, details: list) -> str:
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n[ \t]*\n|\n(?=[A-Z])", text) if p.strip()]
    width = rng.randint(55, 110)
    hyphenate = rng.random() < 0.35
    sep = rng.choice(["\n\n", "\n", "\n \n"])
    crlf = rng.random() < 0.2
    out_paras = []
    for p in paras:
        lines, cur = [], ""
        for w in p.split(" "):
            if cur and len(cur) + 1 + len(w) > width:
                if hyphenate and len(w) >= 9 and w.isalpha() and rng.random() < 0.5:
                    cut = rng.randint(3, len(w) - 3)
                    lines.append(cur + " " + w[:cut] + "-")
                    cur = w[cut:]
                    continue
                lines.append(cur + (" " if rng.random() < 0.1 else ""))
                cur = w
            else:
                cur = f"{cur} {w}" if cur else w
        if cur:
            lines.append(cur)
        out_paras.append("\n".join(lines))
    details.append(f"width {width}" + (", hyphenated breaks" if hyphenate else "") + (", CRLF" if crlf else ""))
    out = sep.join(out_paras)
    return out.replace("\n", "\r\n") if crlf else out


SYNONYMS = {
    "obtained": "acquired", "showed": "exhibited", "shows": "displays", "using": "employing",
    "significantly": "markedly", "increase": "rise", "increased": "rose", "results": "findings",
    "however": "nevertheless", "method": "approach", "prepared": "fabricated", "observed": "seen",
    "investigated": "studied", "performance": "behaviour", "high": "elevated", "large": "substantial",
    "different": "distinct", "effect": "influence", "used": "employed", "found": "determined",
    "important": "crucial", "also": "additionally", "study": "work", "these": "such", "analysis": "examination",
    "temperature": "temp.", "samples": "specimens", "sample": "specimen", "improved": "enhanced",
    "indicate": "suggest", "indicates": "suggests", "determined": "established", "compared": "contrasted",
    "therefore": "thus", "because": "since", "addition": "supplement", "low": "reduced", "show": "reveal",
    "function": "routine", "value": "quantity", "returns": "gives back", "example": "instance",
    "patients": "subjects", "treatment": "therapy", "level": "degree", "levels": "degrees",
}


def reword(par: str, rng: random.Random) -> tuple[str, int]:
    n = 0

    def sub(m: re.Match) -> str:
        nonlocal n
        w = m.group(0)
        rep = SYNONYMS.get(w.lower())
        if rep is None or rng.random() < 0.3:
            return w
        n += 1
        return rep.capitalize() if w[0].isupper() else rep
    return re.sub(r"[A-Za-z]+", sub, par), n


def edit_paragraph(paras: list[str], rng: random.Random, donors: list[str], details: list) -> list[str]:
    paras = list(paras)
    # prefer a body paragraph of real prose, not the title line
    cands = [i for i, p in enumerate(paras) if nwords(p) >= 20 and (i > 0 or len(paras) == 1)] or list(range(len(paras)))
    i = rng.choice(cands)
    flavor = rng.choice(["swap_in", "shuffle", "reword"])
    if flavor == "swap_in":
        target = nwords(paras[i])
        donor_text = rng.choice(donors)
        dparas = [p for p in re.split(r"\n\s*\n|\n", donor_text) if nwords(p) >= 15] or [donor_text]
        best = min(dparas, key=lambda p: abs(nwords(p) - target))
        dw = best.split()
        if len(dw) > 2 * max(target, 20):
            best = " ".join(dw[: max(target, 20)])
        paras[i] = best
        details.append(f"paragraph {i} replaced by a paragraph of another document ({nwords(best)} words for {target})")
        return paras
    if flavor == "shuffle":
        sents = SENT.split(paras[i])
        if len(sents) >= 3:
            orig = list(sents)
            for _ in range(5):
                rng.shuffle(sents)
                if sents != orig:
                    break
            paras[i] = " ".join(sents)
            details.append(f"paragraph {i}: {len(sents)} sentences shuffled")
            return paras
        flavor = "reword"
    new, n = reword(paras[i], rng)
    sents = SENT.split(new)
    if len(sents) >= 4:  # a rewrite usually also drops a sentence
        k = rng.randrange(1, len(sents))
        del sents[k]
        new = " ".join(sents)
        details.append(f"paragraph {i}: {n} words reworded, one sentence dropped")
    else:
        details.append(f"paragraph {i}: {n} words reworded")
    paras[i] = new
    return paras


def edit_reorder(paras: list[str], rng: random.Random, details: list) -> list[str]:
    paras = list(paras)
    if len(paras) < 3:
        details.append("too few paragraphs to reorder")
        return paras
    start = 1 if len(paras) > 3 else 0  # keep the title in place when there is room
    kind = rng.choice(["swap", "move_section", "rotate"])
    if kind == "swap":
        a, b = sorted(rng.sample(range(start, len(paras)), 2))
        paras[a], paras[b] = paras[b], paras[a]
        details.append(f"paragraphs {a} and {b} swapped")
    elif kind == "move_section":
        n = len(paras) - start
        ln = rng.randint(1, max(1, n // 3))
        s = rng.randint(start, len(paras) - ln)
        block = paras[s:s + ln]
        rest = paras[:s] + paras[s + ln:]
        positions = [p for p in range(start, len(rest) + 1) if p != s]
        to = rng.choice(positions) if positions else start
        paras = rest[:to] + block + rest[to:]
        details.append(f"section of {ln} paragraph(s) moved from {s} to {to}")
    else:
        body = paras[start:]
        k = rng.randint(1, len(body) - 1)
        paras = paras[:start] + body[k:] + body[:k]
        details.append(f"body rotated by {k} paragraph(s)")
    return paras


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    c = len(a & b)
    return c / (len(a) + len(b) - c)


def clean_group(sets: list[set], dup: float = 0.8) -> bool:
    """True when the duplicate relation (J >= dup) inside the group is transitive: its components are cliques."""
    n = len(sets)
    adj = [[i != j and jaccard(sets[i], sets[j]) >= dup for j in range(n)] for i in range(n)]
    for i in range(n):
        for j in range(n):
            for k in range(n):
                if adj[i][j] and adj[j][k] and i != k and not adj[i][k]:
                    return False
    return True


def make_variant(text: str, edit: str, rng: random.Random, donors: list[str]) -> tuple[str, list[str]]:
    details: list[str] = []
    if edit == "exact":
        return text, ["verbatim copy"]
    parts = set(edit.split("+"))
    if "paragraph_rewrite" in parts or "reorder" in parts:
        paras, sep = split_paragraphs(text, rng)
        if "paragraph_rewrite" in parts:
            paras = edit_paragraph(paras, rng, donors, details)
        if "reorder" in parts:
            paras = edit_reorder(paras, rng, details)
        text = sep.join(paras)
    if "header_footer" in parts:
        text = edit_header_footer(text, rng, details)
    if "reflow" in parts:
        text = reflow(text, rng, details)
    return text, details


# --------------------------------------------------------------------------------------------
# shared boilerplate (original wording, written for this evaluation)

BOILERPLATE = {
    "licence": (
        "This article is distributed under the terms of an open access licence which permits use, sharing, "
        "adaptation, distribution and reproduction in any medium or format, as long as appropriate credit is "
        "given to the original author or authors and the source, a link to the licence is provided, and any "
        "changes made are indicated. Images or other third party material in this article are included in the "
        "article's licence unless indicated otherwise in a credit line to the material. If material is not "
        "included in the article's licence and the intended use is not permitted by statutory regulation or "
        "exceeds the permitted use, permission must be obtained directly from the copyright holder. The "
        "publisher remains neutral with regard to jurisdictional claims in published maps and institutional "
        "affiliations. Reprints and permission information is available online from the publisher's web site."
    ),
    "funding": (
        "Funding. This work was supported by the National Research Foundation under the basic science research "
        "programme, grant numbers 2016R1A2B4012345 and 2019M3D1A1067890, by the Ministry of Science and ICT "
        "through the materials innovation project, and by the European Research Council under the Horizon "
        "research and innovation programme, grant agreement number 771234. Additional support was provided by the "
        "Department of Energy, Office of Science, Basic Energy Sciences, Materials Sciences and Engineering "
        "Division. Use of the synchrotron light source was supported by the Office of Science under contract "
        "number DE-AC02-06CH11357. The funders had no role in study design, data collection and analysis, "
        "decision to publish, or preparation of the manuscript."
    ),
    "competing": (
        "Declaration of competing interest. The authors declare that they have no known competing financial "
        "interests or personal relationships that could have appeared to influence the work reported in this "
        "paper. None of the authors holds shares, patents or consultancies related to the materials, devices or "
        "methods described here, and no author received payment from a third party for any aspect of the "
        "submitted work. All authors have read the journal's policy on disclosure of potential conflicts of "
        "interest and confirm that the statement above is complete and accurate to the best of their knowledge."
    ),
    "acknowledgments": (
        "Acknowledgments. The authors thank the staff of the central electron microscopy facility for their "
        "assistance with transmission electron microscopy and energy dispersive spectroscopy, the beamline "
        "scientists for help with the in situ X-ray diffraction measurements, and the technical workshop for "
        "building the sample holders. We are grateful to colleagues in the solid state chemistry group for many "
        "helpful discussions and for critical reading of the manuscript, and to the anonymous reviewers whose "
        "comments substantially improved the presentation of this work. Computational resources were provided "
        "by the regional high performance computing centre."
    ),
    "data": (
        "Data availability. The data that support the findings of this study, including the raw diffraction "
        "patterns, impedance spectra, electrochemical cycling records and the scripts used for their analysis, "
        "are available from the corresponding author upon reasonable request and will be deposited in a public "
        "repository upon publication. Supplementary information accompanies this paper, containing additional "
        "figures, tables of refined structural parameters and a description of the experimental set-up."
    ),
    "contributions": (
        "Author contributions. The first author conceived the idea, synthesised the materials and carried out "
        "most of the structural characterisation. The second and third authors performed the electrochemical "
        "measurements and analysed the impedance data. The fourth author carried out the density functional "
        "theory calculations. The corresponding author supervised the project, secured the funding and wrote the "
        "manuscript with input from all authors. All authors discussed the results, commented on the manuscript "
        "and approved its final version."
    ),
    "terms": (
        "Terms of use. The content of this article is provided for personal, non-commercial research and "
        "educational use only. Systematic downloading, redistribution, reselling, loan or sub-licensing of the "
        "full text, and systematic supply or distribution in any form to anyone, are expressly forbidden without "
        "the prior written permission of the publisher. The publisher does not give any warranty, express or "
        "implied, or make any representation that the contents will be complete, accurate or up to date. The "
        "accuracy of any instructions, formulae and drug doses should be independently verified with primary "
        "sources. The publisher shall not be liable for any loss, actions, claims, proceedings, demand or costs "
        "or damages whatsoever or howsoever caused arising directly or indirectly in connection with or arising "
        "out of the use of this material. Text and data mining of this content is permitted for non-commercial "
        "purposes under the institutional subscription agreement, provided that the mined content is not "
        "redistributed and that the source is cited. Any other use requires a separate licence, which may be "
        "requested from the rights and permissions department. Access to this article was provided through an "
        "institutional subscription; the version of record is the one published on the publisher's platform."
    ),
}

BOILERPLATE_GROUPS = [  # blocks, position
    (["licence"], "end"),
    (["funding", "competing"], "end"),
    (["acknowledgments", "funding", "competing", "data"], "end"),
    (["competing", "data", "contributions"], "end"),
    (["licence", "funding", "competing", "acknowledgments", "data", "contributions"], "end"),
    (["licence"], "start"),
    (["funding", "acknowledgments", "licence"], "start"),
    (["contributions", "acknowledgments"], "end"),
    # the hardest group: a long shared block on the shortest documents (pairwise J up to about 0.67)
    (["terms", "competing", "acknowledgments", "data", "contributions"], "end"),
]


# --------------------------------------------------------------------------------------------

def build(shared: str, seed: int, min_words: int = 150, max_base_jaccard: float = 0.3,
          n_edited: int = 450, n_boilerplate: int = 150) -> tuple[list[dict], dict]:
    rng = random.Random(seed)
    pool = distinct(load_pool(shared, min_words), max_base_jaccard)
    if len(pool) < 100:
        raise SystemExit(f"build_eval: only {len(pool)} usable base documents under {shared}")
    order = list(range(len(pool)))
    rng.shuffle(order)
    # boilerplate members: short documents, so the shared block weighs heavily in their shingle sets
    short = [i for i in order if nwords(pool[i]["text"]) <= 400]
    n_bp = min(n_boilerplate, len(short) // 3)
    per_group = max(2, n_bp // len(BOILERPLATE_GROUPS))
    shortest = sorted(short, key=lambda i: (nwords(pool[i]["text"]), pool[i]["orig"]))[:per_group]
    bp_members = [i for i in short if i not in set(shortest)][: per_group * (len(BOILERPLATE_GROUPS) - 1)] + shortest
    bp_set = set(bp_members)
    rest = [i for i in order if i not in bp_set]
    n_ed = min(n_edited, len(rest) // 2)
    edited, plain = rest[:n_ed], rest[n_ed:]
    donors = [pool[i]["text"] for i in plain]

    docs: list[dict] = []  # {"key", "text", "source", label...}
    for i in plain:
        docs.append({"text": pool[i]["text"], "source": pool[i]["source"], "orig": pool[i]["orig"],
                     "role": "plain", "key": f"p{i}"})
    type_cycle = 0
    rejected = 0
    for i in edited:
        base_key = f"b{i}"
        docs.append({"text": pool[i]["text"], "source": pool[i]["source"], "orig": pool[i]["orig"],
                     "role": "base", "key": base_key})
        nvar = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
        group = [shingles(pool[i]["text"])]
        for v in range(nvar):
            edit = EDIT_TYPES[type_cycle % len(EDIT_TYPES)]
            type_cycle += 1
            # Clean truth clusters: within a base and its variants, the pairs at J >= 0.8 must form
            # cliques, so no variant is a duplicate of the base while a non-duplicate of a sibling
            # (then even a noise-free engine would chain a non-duplicate pair). Retry, else drop.
            for attempt in range(4):
                text, details = make_variant(pool[i]["text"], edit, rng, donors)
                sh = shingles(text)
                if clean_group(group + [sh]):
                    break
            else:
                rejected += 1
                continue
            group.append(sh)
            docs.append({"text": text, "source": pool[i]["source"], "orig": pool[i]["orig"], "role": "variant",
                         "key": f"{base_key}v{v}", "base_key": base_key, "edit": edit, "details": details})
    groups = {}
    for g, (blocks, position) in enumerate(BOILERPLATE_GROUPS):
        members = bp_members[g * per_group:(g + 1) * per_group]
        name = f"bp{g + 1}"
        block = "\n\n".join(BOILERPLATE[b] for b in blocks)
        groups[name] = {"blocks": blocks, "position": position, "block_words": nwords(block), "keys": []}
        for i in members:
            t = pool[i]["text"]
            text = f"{block}\n\n{t}" if position == "start" else f"{t}\n\n{block}"
            key = f"g{i}"
            docs.append({"text": text, "source": pool[i]["source"], "orig": pool[i]["orig"], "role": "boilerplate",
                         "key": key, "group": name})
            groups[name]["keys"].append(key)

    rng.shuffle(docs)
    # ids are not in input order, so "first in input order" and "smallest id" keep rules differ
    numbers = list(range(len(docs)))
    rng.shuffle(numbers)
    key_to_id = {d["key"]: f"ev{numbers[n]:05d}" for n, d in enumerate(docs)}
    out, truth_docs = [], []
    for d in docs:
        did = key_to_id[d["key"]]
        out.append({"id": did, "text": d["text"], "source": d["source"]})
        t = {"id": did, "role": d["role"], "source": d["source"], "orig": d["orig"]}
        if d["role"] == "variant":
            t.update(base=key_to_id[d["base_key"]], edit=d["edit"], details=d["details"])
        if d["role"] == "boilerplate":
            t["group"] = d["group"]
        truth_docs.append(t)
    for g in groups.values():
        g["ids"] = [key_to_id[k] for k in g.pop("keys")]
    truth = {
        "format": "matcorpus-dedup-eval/1",
        "seed": seed,
        "shingles": {"words": "maximal runs of Unicode letters and digits, lowercased", "ngram": NGRAM},
        "duplicate_rule": "a pair is a duplicate when the exact Jaccard of its shingle sets is >= 0.8 (eval.py)",
        "counts": dict(Counter(d["role"] for d in truth_docs)),
        "variants_dropped_for_chaining": rejected,
        "edit_types": EDIT_TYPES,
        "boilerplate_groups": groups,
        "documents": truth_docs,
    }
    return out, truth


def default_shared() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    env = os.environ.get("MATCORPUS_SHARED")
    return env or os.path.normpath(os.path.join(here, "..", "..", "..", "shared"))


def write(out: list[dict], truth: dict, out_path: str, truth_path: str) -> None:
    with open(out_path, "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(truth_path, "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=default_shared(), help="the shared directory (default ../shared or $MATCORPUS_SHARED)")
    ap.add_argument("--out", required=True, help="evaluation documents (JSONL)")
    ap.add_argument("--truth", required=True, help="labels (JSON)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--min-words", type=int, default=150)
    ap.add_argument("--edited", type=int, default=450, help="number of bases that get variants")
    ap.add_argument("--boilerplate", type=int, default=150, help="number of boilerplate-sharing documents")
    a = ap.parse_args()
    out, truth = build(a.shared, a.seed, a.min_words, n_edited=a.edited, n_boilerplate=a.boilerplate)
    write(out, truth, a.out, a.truth)
    size = os.path.getsize(a.out)
    print(f"build_eval: {len(out)} documents ({size / 1e6:.1f} MB), roles {truth['counts']} -> {a.out}, {a.truth}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
