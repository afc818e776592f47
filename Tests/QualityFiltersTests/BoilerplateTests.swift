import CorpusCore
import Testing
import _CorpusTestSupport
@testable import QualityFilters

/// `boilerplate_remove`: boilerplate paragraphs and sections go, science paragraphs stay.
@Suite struct BoilerplateTests {
    static let science1 = "The LiFePO4/C composite was synthesized by a solid-state reaction at 700 °C for 10 h under Ar."
    static let science2 = "Funding agencies aside, the conflict of interest between capacity and rate capability is intrinsic: "
        + "smaller particles shorten Li+ diffusion paths but increase side reactions with the electrolyte."
    static let caption = "Figure 3. SEM image of the powder (reprinted from ref. 12, Copyright 2015. All rights reserved.)"

    static let paper = """
        # Carbon-coated LiFePO4 cathodes

        ## Abstract

        \(science1)

        ## 2. Results

        \(science2)

        \(caption)

        ## Acknowledgements

        We thank Dr. A. Smith for the TEM measurements.

        ## CRediT authorship contribution statement

        Jane Doe: Conceptualization, Writing – original draft. John Roe: Investigation.

        ## Declaration of Competing Interest

        The authors declare that they have no known competing financial interests or personal relationships that could have appeared to influence the work reported in this paper.

        ## Funding

        This work was supported by the National Natural Science Foundation of China (51872001).

        Open Access funding enabled by Projekt DEAL.

        ### Data availability

        Data will be made available on request.

        ## 5. Conclusions

        The coated material retains 95% of its capacity after 500 cycles.

        © 2021 Elsevier B.V. All rights reserved.
        """

    @Test func boilerplateParagraphsAndSectionsAreRemovedAndScienceKept() throws {
        let remover = try BoilerplateRemover()
        let (text, removed) = remover.clean(Self.paper)
        for kept in ["# Carbon-coated LiFePO4 cathodes", Self.science1, Self.science2, Self.caption, "## Acknowledgements",
                     "We thank Dr. A. Smith", "## 5. Conclusions", "retains 95% of its capacity"] {
            #expect(text.contains(kept), "lost: \(kept)")
        }
        for gone in ["CRediT", "Jane Doe", "Competing Interest", "no known competing", "## Funding", "51872001", "Projekt DEAL",
                     "Data availability", "© 2021"] {
            #expect(!text.contains(gone), "kept: \(gone)")
        }
        // The Funding section runs to the next heading of its level: its `###` subsection goes with it.
        #expect(removed == ["author_contributions": 2, "competing_interest": 2, "funding": 5, "copyright": 1])
    }

    @Test func plainTextHeadingsTakeTheirStatementWithThem() throws {
        let text = "\(Self.science1)\n\nAuthor contributions\n\nJ.D. and J.R. designed the study and wrote the paper.\n\n\(Self.science2)"
        let (cleaned, removed) = try BoilerplateRemover().clean(text)
        #expect(cleaned == "\(Self.science1)\n\n\(Self.science2)")
        #expect(removed == ["author_contributions": 2])
    }

    @Test func inlineStatementsAreRemoved() throws {
        let lines = [
            "Competing interests: The authors declare that no competing interests exist.",
            "Funding: OT was funded by the Agence Nationale de la Recherche (ANR-05-JCJC-0136-01).",
            "The authors declare no conflict of interest.",
            "Copyright (C) 1998, 2002 Jon Orwant. All Rights Reserved.",
            "Crown Copyright © 2013 Published by Elsevier Ltd. All rights reserved.",
            "This is an open access article under the CC BY license (http://creativecommons.org/licenses/by/4.0/).",
        ]
        let remover = try BoilerplateRemover()
        for line in lines {
            let (text, removed) = remover.clean(Self.science1 + "\n\n" + line)
            #expect(text == Self.science1, "kept: \(line)")
            #expect(removed.values.reduce(0, +) == 1)
        }
    }

    @Test func longParagraphsAreNeverRemoved() throws {
        let long = "This work was supported by " + String(repeating: "a long discussion of the results and the methods used. ", count: 40)
        let (text, removed) = try BoilerplateRemover().clean(long)
        #expect(text == long && removed.isEmpty)
    }

    @Test func theStageTalliesAndDropsDocumentsWithNothingLeft() throws {
        var stage = try BoilerplateRemover()
        let output = try FilterFixtures.run(&stage, Self.paper)
        #expect(output.emitted.count == 1)
        #expect(output.tallies["boilerplate"]?["funding"] == 5)
        let only = try FilterFixtures.run(&stage, "© 2020 The Authors.\n\nThe authors declare no competing interests.")
        #expect(only.dropped.first?.reason.rawValue == "boilerplate_only")
        let untouched = try FilterFixtures.run(&stage, Self.science1)
        #expect(untouched.emitted.first?.text == Self.science1 && untouched.tallies.isEmpty)
    }

    @Test func patternsCanBeReplacedAndExtended() throws {
        let custom = try BoilerplateRemover(patternStrings: ["acknowledgments: acknowledgements", "ethics: *approved by the ethics committee"])
        let (text, removed) = custom.clean(Self.paper + "\n\nThe protocol was approved by the ethics committee of X.")
        #expect(!text.contains("We thank Dr. A. Smith") && text.contains("## Funding"))
        #expect(removed == ["acknowledgments": 2, "ethics": 1])
        #expect(try BoilerplatePattern(parsing: "no kind here").kind == "custom")
        #expect(throws: FilterError.emptyPattern("funding:  ")) { try BoilerplatePattern(parsing: "funding:  ") }
    }
}
