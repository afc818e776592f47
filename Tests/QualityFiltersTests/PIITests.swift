import CorpusCore
import Testing
import _CorpusTestSupport
@testable import QualityFilters

/// `pii_redact`: e-mail addresses and phone numbers go; the numbers of science text stay.
@Suite struct PIITests {
    static func redacted(_ text: String) -> String { PIIRedactor().redact(text).text }

    @Test func emailAddressesAreRedacted() {
        #expect(Self.redacted("Corresponding author: jane.doe@mit.edu (J. Doe).") == "Corresponding author: <EMAIL> (J. Doe).")
        #expect(Self.redacted("E-mail addresses: dong.ding@inl.gov, d.roehrens@fz-juelich.de.") == "E-mail addresses: <EMAIL>, <EMAIL>.")
        #expect(Self.redacted("Contact perl5-security-report@perl.org or x_y+z@sub.example.co.uk") == "Contact <EMAIL> or <EMAIL>")
        #expect(Self.redacted("E-mail: 562589557@qq.comChenYing") == "E-mail: <EMAIL>ChenYing")
    }

    @Test func phoneNumbersAreRedacted() {
        let cases: [(String, String)] = [
            ("Tel.: +86 10 6275 1234; fax: +86 10 6275 5678.", "Tel.: <PHONE>; fax: <PHONE>."),
            ("Phone +1 (555) 123-4567", "Phone <PHONE>"),
            ("Tel: +7-(095)-334-00-12", "Tel: <PHONE>"),
            ("Tel +86-558-2596249", "Tel <PHONE>"),
            ("Tel.: 0551-3601234", "Tel.: <PHONE>"),
            ("Telephone No. 021 6592 3344.", "Telephone No. <PHONE>."),
            ("call (555) 123-4567 today", "call <PHONE> today"),
            ("or 555-123-4567.", "or <PHONE>."),
            ("Mobile: 0170 1234567", "Mobile: <PHONE>"),
        ]
        for (input, expected) in cases { #expect(Self.redacted(input) == expected, "\(input)") }
    }

    /// The numbers of science text are not phone numbers.
    @Test func scienceNumbersAreUntouched() {
        let texts = [
            "doi: 10.1016/j.jallcom.2014.06.086 and https://doi.org/10.1103/PhysRevB.96.054448",
            "10.1016/j.apcatb.2013.05.035",
            "ISBN 978-3-16-148410-0; ISBN 0-306-40615-2; ISSN 0927-0256",
            "CAS 7732-18-5 (water), 1333-74-0 (hydrogen) and CAS No. 1314-13-2",
            "Received 2020-01-15; accepted 15.01.2021; published 2021/03/04.",
            "between 1998-2005 and 2010–2015, over 1998 - 2005",
            "(0.2119, 0.2972, 0.6985) and (0.0000, 0.4134, 0.2500)",
            "a = 11.1793 Å, b = 8.8939 Å, c = 9.0265 Å, β = 113.30°, V = 824.28 Å³",
            "| 0.2 | 5.4921 | 13.3584 | 312 ± 4 |\n| 100 200 300 400 500 600 700 800 |",
            "Fe3+ 2 and Mn2+ 10 000 and x+10 = 12 345 678; +0.5 V vs. +25 °C; +1.5 ± 0.2 eV",
            "ΔH = +123.456.789 and 10^5 10^-3 S cm^-1 at 1 100 000 cycles",
            "grant numbers 21H05460, 22K18713 and 2013CB430003 (2010CB950601) and No 654002",
            "pH 7.4 0.1 M 25 mM 150 mM and 300-500-1000 nm; 123-456-78901",
            "La@C82 and M@SiO2 core-shell, ref. [12-15], Eq. (3)-(5), 1,2,3,4-tetrahydro",
            "Tel Aviv University and tellurium (Te) at 450 °C",
        ]
        for text in texts {
            let spans = PIIRedactor().spans(in: text)
            #expect(spans.isEmpty, "redacted in \(text): \(spans.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) })")
        }
        #expect(Self.redacted(FilterFixtures.methodsSection) == FilterFixtures.methodsSection)
        #expect(Self.redacted(FilterFixtures.cifRendering) == FilterFixtures.cifRendering)
    }

    @Test func theStageCountsAndCanBeConfigured() throws {
        var stage = PIIRedactStage()
        let output = try FilterFixtures.run(&stage, "Write to a@b.org or c@d.net, or call +44 20 7946 0958.")
        #expect(output.emitted.first?.text == "Write to <EMAIL> or <EMAIL>, or call <PHONE>.")
        #expect(output.tallies["pii"] == ["email": 2, "phone": 1])
        var emailsOnly = PIIRedactStage(redactor: PIIRedactor(phones: false, emailPlaceholder: "[email]"))
        let only = try FilterFixtures.run(&emailsOnly, "a@b.org +44 20 7946 0958")
        #expect(only.emitted.first?.text == "[email] +44 20 7946 0958")
        let clean = try FilterFixtures.run(&stage, "Nothing to see: 10.1016/j.x.2020.01.001.")
        #expect(clean.tallies.isEmpty && clean.emitted.count == 1)
    }

    /// Every phone number found in the materials fixtures is in a contact line (`Tel.:` or `Fax:`
    /// at most 40 bytes before it: `Tel.: +86-027-886-63390 (X.W.); +86-027-886-61251 (H.W.)`), and
    /// none runs into the page number or text after it.
    @Test func realTextHasNoFalsePositives() throws {
        guard let materials = try FilterFixtures.materials() else { print(Fixtures.sharedMissing); return }
        var found = 0
        for texts in materials.values {
            for text in texts {
                let bytes = Array(text.utf8)
                for (range, kind) in PIIRedactor().spans(in: text) where kind == .phone {
                    found += 1
                    let phone = String(decoding: bytes[range], as: UTF8.self)
                    let before = String(decoding: bytes[max(0, range.lowerBound - 40)..<range.lowerBound], as: UTF8.self).lowercased()
                    #expect(before.contains("tel") || before.contains("fax") || before.contains("phone"), "\(before)|\(phone)")
                    #expect(!phone.contains(" "), "\(phone): a hyphenated number ends at a space")
                }
            }
        }
        #expect(found >= 10)
    }
}
