import CorpusCore
import QualityFilters

extension Registry {
    /// The quality-filter stages (module QualityFilters). Defaults are tuned on the materials, paper,
    /// CIF and general fixtures so that real science text passes; see README "Quality filters".
    static let filterStages: [StageDefinition] = [
        StageDefinition(
            type: "language_filter",
            summary: "keep documents in the listed languages (function-word profiles over Unicode scripts, no model)",
            options: [
                OptionSpec("languages", .stringArray, default: .stringArray(["en"]),
                           help: "ISO 639-1 codes to keep: " + LanguageIdentifier.languages.joined(separator: ", ")
                               + "; others are dropped as wrong_language"),
                OptionSpec("min_score", .float, default: .float(0.1), minimum: 0,
                           help: "smallest share of function words of the detected language (Latin script) or of letters in its "
                               + "script (others); English papers score 0.2-0.5, scrambled or keyword-list text under 0.05 (low_language_score)"),
                OptionSpec("min_words", .integer, default: .integer(10), minimum: 1,
                           help: "fewest prose words (letters only, lowercase or capitalized) to decide a Latin-script language"),
                OptionSpec("keep_undetermined", .boolean, default: .boolean(true),
                           help: "keep documents with too little prose to judge (CIF renderings, tables); false drops them as language_undetermined"),
            ],
            build: { options in
                try LanguageFilter(languages: options.strings("languages")!, minScore: options.double("min_score")!,
                                   minWords: options.integer("min_words")!, keepUndetermined: options.bool("keep_undetermined")!)
            }),
        StageDefinition(
            type: "gopher_quality",
            summary: "Gopher quality rules (word counts, word length, symbols, bullets, alphabetic words, stop words), tuned for science text",
            options: [
                OptionSpec("min_words", .integer, default: .integer(20), minimum: 0,
                           help: "fewest words with a letter or digit (Gopher: 50; a small CIF rendering has 32) (gopher_too_few_words)"),
                OptionSpec("max_words", .integer, default: .integer(100_000), minimum: 0, help: "most words; 0 = no limit (gopher_too_many_words)"),
                OptionSpec("min_mean_word_length", .float, default: .float(2.0), minimum: 0,
                           help: "shortest mean word length (Gopher: 3; CIF renderings 2.7-3.4) (gopher_short_mean_word_length)"),
                OptionSpec("max_mean_word_length", .float, default: .float(12.0), minimum: 0,
                           help: "longest mean word length (Gopher: 10) (gopher_long_mean_word_length)"),
                OptionSpec("max_hash_ratio", .float, default: .float(0.1), minimum: 0,
                           help: "most # per word, Markdown heading markers not counted (gopher_too_many_hashes)"),
                OptionSpec("max_ellipsis_ratio", .float, default: .float(0.1), minimum: 0, help: "most ... or … per word (gopher_too_many_ellipses)"),
                OptionSpec("max_bullet_lines_ratio", .float, default: .float(0.9), minimum: 0,
                           help: "largest share of lines starting with a bullet (gopher_too_many_bullet_lines)"),
                OptionSpec("max_ellipsis_lines_ratio", .float, default: .float(0.3), minimum: 0,
                           help: "largest share of lines ending with an ellipsis (gopher_too_many_ellipsis_lines)"),
                OptionSpec("min_alpha_words_ratio", .float, default: .float(0.25), minimum: 0,
                           help: "smallest share of words with a letter (Gopher: 0.8; numbers are content in science text, "
                               + "CIF site rows are 1/3 letters) (gopher_too_few_alpha_words)"),
                OptionSpec("min_stop_words", .integer, default: .integer(2), minimum: 0,
                           help: "fewest of the, be, to, of, and, that, have, with (gopher_too_few_stop_words)"),
                OptionSpec("stop_words_min_prose_words", .integer, default: .integer(50), minimum: 0,
                           help: "apply the stop-word rule only to documents with this many prose words, a quarter of their words or more"),
            ],
            build: { options in
                var t = GopherQualityThresholds()
                t.minWords = options.integer("min_words")!
                t.maxWords = options.integer("max_words")!
                t.minMeanWordLength = options.double("min_mean_word_length")!
                t.maxMeanWordLength = options.double("max_mean_word_length")!
                t.maxHashRatio = options.double("max_hash_ratio")!
                t.maxEllipsisRatio = options.double("max_ellipsis_ratio")!
                t.maxBulletLinesRatio = options.double("max_bullet_lines_ratio")!
                t.maxEllipsisLinesRatio = options.double("max_ellipsis_lines_ratio")!
                t.minAlphaWordsRatio = options.double("min_alpha_words_ratio")!
                t.minStopWords = options.integer("min_stop_words")!
                t.stopWordsMinProseWords = options.integer("stop_words_min_prose_words")!
                return GopherQualityFilter(thresholds: t)
            }),
        StageDefinition(
            type: "gopher_repetition",
            summary: "Gopher repetition rules: duplicate lines and paragraphs, top n-grams (n = 2-4), duplicate n-grams (n = 5-10)",
            options: [
                OptionSpec("dup_line_fraction", .float, default: .float(0.3), minimum: 0, help: "largest share of repeated lines (gopher_dup_lines)"),
                OptionSpec("dup_paragraph_fraction", .float, default: .float(0.3), minimum: 0,
                           help: "largest share of repeated paragraphs (gopher_dup_paragraphs)"),
                OptionSpec("dup_line_char_fraction", .float, default: .float(0.2), minimum: 0,
                           help: "largest share of characters in repeated lines (gopher_dup_line_chars)"),
                OptionSpec("dup_paragraph_char_fraction", .float, default: .float(0.2), minimum: 0,
                           help: "largest share of characters in repeated paragraphs (gopher_dup_paragraph_chars)"),
            ] + [(2, 0.20), (3, 0.18), (4, 0.16)].map { n, v in
                OptionSpec("top_\(n)_gram", .float, default: .float(v), minimum: 0,
                           help: "largest share of characters in the most frequent \(n)-gram (Gopher's value) (gopher_top_\(n)_gram)")
            } + [(5, 0.40), (6, 0.38), (7, 0.36), (8, 0.34), (9, 0.32), (10, 0.30)].map { n, v in
                OptionSpec("dup_\(n)_gram", .float, default: .float(v), minimum: 0,
                           help: "largest share of characters in repeated \(n)-grams (Gopher: \(String(format: "%.2f", 0.15 - Double(n - 5) * 0.01)); "
                               + "methods sections repeat procedures) (gopher_dup_\(n)_grams)")
            } + [
                OptionSpec("numeric_ngrams", .boolean, default: .boolean(false),
                           help: "also count n-grams with a number in them, as Gopher does (CIF site rows and tables then repeat)"),
            ],
            build: { options in
                var t = GopherRepetitionThresholds()
                t.dupLineFraction = options.double("dup_line_fraction")!
                t.dupParagraphFraction = options.double("dup_paragraph_fraction")!
                t.dupLineCharFraction = options.double("dup_line_char_fraction")!
                t.dupParagraphCharFraction = options.double("dup_paragraph_char_fraction")!
                for n in 2...4 { t.topNGramFractions[n] = options.double("top_\(n)_gram")! }
                for n in 5...10 { t.dupNGramFractions[n] = options.double("dup_\(n)_gram")! }
                t.numericNGrams = options.bool("numeric_ngrams")!
                return GopherRepetitionFilter(thresholds: t)
            }),
        StageDefinition(
            type: "boilerplate_remove",
            summary: "remove copyright, competing-interest, funding and author-contribution paragraphs (a matching heading removes its section)",
            options: [
                OptionSpec("patterns", .stringArray, default: .stringArray(BoilerplatePattern.defaultPatterns),
                           help: "\"kind: phrase\" matched at a paragraph's or heading's start, ignoring case; \"kind: *phrase\" anywhere in a "
                               + "paragraph of at most 200 characters; setting it replaces the built-in list"),
                OptionSpec("extra_patterns", .stringArray, default: .stringArray([]), help: "patterns added to `patterns`"),
                OptionSpec("max_paragraph_chars", .integer, default: .integer(1500), minimum: 1,
                           help: "never remove a paragraph longer than this (boilerplate is short)"),
            ],
            build: { options in
                try BoilerplateRemover(patternStrings: options.strings("patterns")! + options.strings("extra_patterns")!,
                                       maxParagraphChars: options.integer("max_paragraph_chars")!)
            }),
        StageDefinition(
            type: "pii_redact",
            summary: "replace e-mail addresses and phone numbers with placeholders; science numbers (DOIs, CAS, dates, coordinates) untouched",
            options: [
                OptionSpec("emails", .boolean, default: .boolean(true), help: "redact e-mail addresses"),
                OptionSpec("phones", .boolean, default: .boolean(true),
                           help: "redact phone numbers: international (+country code), after Tel/Phone/Fax/Mobile, or (555) 123-4567"),
                OptionSpec("email_placeholder", .string, default: .string("<EMAIL>"), help: "text put in place of an e-mail address"),
                OptionSpec("phone_placeholder", .string, default: .string("<PHONE>"), help: "text put in place of a phone number"),
            ],
            build: { options in
                PIIRedactStage(redactor: PIIRedactor(emails: options.bool("emails")!, phones: options.bool("phones")!,
                                                     emailPlaceholder: options.string("email_placeholder")!,
                                                     phonePlaceholder: options.string("phone_placeholder")!))
            }),
    ]
}
