/// Valid TOML 1.0 documents covering the whole grammar. `TOMLConformanceTests` parses each one and
/// compares the result with Python's `tomllib`; each is also tried with CRLF line ends.
enum TOMLValidDocuments {
    static let all: [(name: String, text: String)] = [
        ("empty", ""),
        ("only-comments-and-blank-lines", #"""
        # a comment

        	# an indented comment after a tab
        #no space after hash ## with # more # hashes
        """#),
        ("no-trailing-newline", "a = 1"),
        ("basic-key-values", #"""
        title = "TOML Example" # trailing comment
        count=3
        	indented	=	"tabs around"
        flag = true
        off = false
        """#),
        ("bare-keys", #"""
        key = 1
        bare_key = 2
        bare-key = 3
        1234 = 4
        -_- = 5
        true = 6
        false = 7
        inf = 8
        nan = 9
        ABC_def-09 = 10
        """#),
        ("quoted-keys", #"""
        "127.0.0.1" = "value"
        "character encoding" = "value"
        "ʎǝʞ" = "value"
        'key2' = "value"
        'quoted "value"' = "value"
        "" = "empty basic key"
        "\u0041\t\"\\" = "escaped key"
        'C:\Users' = "literal key keeps backslash"
        """#),
        ("empty-literal-key", #"""
        '' = 'blank'
        """#),
        ("dotted-keys", #"""
        name = "Orange"
        physical.color = "orange"
        physical.shape = "round"
        site."google.com" = true
        fruit . flavour	.	sweetness = 7
        3.14159 = "pi"
        a.b.c.d.e = 1
        a.b.x = 2
        a.y = 3
        """#),
        ("dotted-keys-out-of-order", #"""
        apple.type = "fruit"
        orange.type = "fruit"
        apple.skin = "thin"
        orange.skin = "thick"
        apple.color = "red"
        orange.color = "orange"
        """#),
        ("basic-strings-escapes", #"""
        backspace = "a\bb"
        tab = "a\tb"
        newline = "a\nb"
        formfeed = "a\fb"
        carriage = "a\rb"
        quote = "a\"b"
        backslash = "a\\b"
        unicode4 = "caf\u00E9 \u00e9 \u20AC"
        unicode8 = "\U0001F600 and \U00000041"
        nul = "\u0000"
        del = "\u007F"
        max = "\U0010FFFF"
        mixed = "tab\tthen literal	tab"
        empty = ""
        unicode-raw = "naïve café 日本語 🙂"
        hash = "# not a comment"
        brackets = "[not] {a} table, = 1"
        """#),
        ("literal-strings", #"""
        winpath = 'C:\Users\nodejs\templates'
        winpath2 = '\\ServerX\admin$\system32\'
        quoted = 'Tom "Dubs" Preston-Werner'
        regex = '<\i\c*\s*>'
        tab = 'a	b'
        empty = ''
        hash = '# nope'
        """#),
        ("multiline-basic-strings", #"""
        str1 = """
        Roses are red
        Violets are blue"""
        str2 = """Roses are red
        Violets are blue
        """
        empty = """"""
        only-newline = """
        """
        two-newlines = """

        """
        """#),
        ("multiline-basic-line-ending-backslash", #"""
        str1 = "The quick brown fox jumps over the lazy dog."

        str2 = """
        The quick brown \


          fox jumps over \
            the lazy dog."""

        str3 = """\
               The quick brown \
               fox jumps over \
               the lazy dog.\
               """
        trailing-ws = """a \   	
            b"""
        escapes = """\tTab\n\u00e9\"quoted\"\\"""
        """#),
        ("multiline-basic-quotes", #"""
        str4 = """Here are two quotation marks: "". Simple enough."""
        str5 = """Here are three quotation marks: ""\"."""
        str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
        str7 = """"This," she said, "is just a pointless statement.""""
        one = """a""""
        two = """a"""""
        starts = """"a"""
        starts2 = """""a"""
        """#),
        ("multiline-literal-strings", #"""
        regex2 = '''I [dw]on't need \d{2} apples'''
        lines  = '''
        The first newline is
        trimmed in raw strings.
           All other whitespace
           is preserved.
        '''
        quot15 = '''Here are fifteen quotation marks: """""""""""""""'''
        apos15 = "Here are fifteen apostrophes: '''''''''''''''"
        str = ''''That,' she said, 'is still pointless.''''
        one = '''a''''
        empty = ''''''
        backslash = '''a \
        b'''
        """#),
        ("integers", #"""
        int1 = +99
        int2 = 42
        int3 = 0
        int4 = -17
        int5 = 1_000
        int6 = 5_349_221
        int7 = 53_49_221
        int8 = 1_2_3_4_5
        zero-plus = +0
        zero-minus = -0
        max = 9223372036854775807
        min = -9223372036854775808
        max-underscored = 9_223_372_036_854_775_807
        hex1 = 0xDEADBEEF
        hex2 = 0xdeadbeef
        hex3 = 0xdead_beef
        hex4 = 0x00000000000000001
        hex-max = 0x7FFFFFFFFFFFFFFF
        oct1 = 0o01234567
        oct2 = 0o755
        oct-max = 0o777777777777777777777
        bin1 = 0b11010110
        bin2 = 0b1_0_1
        bin-zero = 0b0
        hex-zero = 0x0
        """#),
        ("floats", #"""
        flt1 = +1.0
        flt2 = 3.1415
        flt3 = -0.01
        flt4 = 5e+22
        flt5 = 1e06
        flt6 = -2E-2
        flt7 = 6.626e-34
        flt8 = 224_617.445_991_228
        flt9 = 0.0
        flt10 = -0.0
        flt11 = +0.0
        flt12 = 0e0
        flt13 = 1e1_0
        flt14 = 1_0.0_1e-0_1
        flt15 = 9_007_199_254_740_993.0
        flt16 = 1.7976931348623157e308
        flt17 = 5e-324
        flt18 = 1e400
        flt19 = 0.1
        flt20 = 123456789.123456789e-5
        flt21 = 1E+5
        """#),
        ("special-floats", #"""
        sf1 = inf
        sf2 = +inf
        sf3 = -inf
        sf4 = nan
        sf5 = +nan
        sf6 = -nan
        arr = [inf, -inf, nan]
        """#),
        ("booleans", #"""
        t = true
        f = false
        arr = [true, false, true]
        """#),
        ("offset-datetimes", #"""
        odt1 = 1979-05-27T07:32:00Z
        odt2 = 1979-05-27T00:32:00-07:00
        odt3 = 1979-05-27T00:32:00.999999-07:00
        odt4 = 1979-05-27 07:32:00Z
        odt5 = 1979-05-27t07:32:00z
        odt6 = 2000-01-01T00:00:00+00:00
        odt7 = 2000-01-01T23:59:59.5+05:30
        odt8 = 1979-05-27T00:32:00.123-00:00
        odt9 = 2024-02-29T12:00:00+14:00
        """#),
        ("local-datetimes", #"""
        ldt1 = 1979-05-27T07:32:00
        ldt2 = 1979-05-27T00:32:00.999999
        ldt3 = 1979-05-27 07:32:00
        ldt4 = 1979-05-27t07:32:00.5
        ldt5 = 1979-05-27T07:32:00.1234567
        """#),
        ("local-dates-and-times", #"""
        ld1 = 1979-05-27
        ld2 = 2000-02-29
        ld3 = 2024-02-29
        ld4 = 1999-12-31
        lt1 = 07:32:00
        lt2 = 00:32:00.999999
        lt3 = 23:59:59.0
        lt4 = 00:00:00
        lt5 = 12:34:56.78901234
        date-then-comment = 1979-05-27 # a date, not a date-time
        arr = [1979-05-27, 07:32:00, 1979-05-27 07:32:00]
        """#),
        ("arrays", #"""
        integers = [ 1, 2, 3 ]
        colors = [ "red", "yellow", "green" ]
        nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
        nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
        string_array = [ "all", 'strings', """are the same""", '''type''' ]
        numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
        contributors = [
          "Foo Bar <foo@example.com>",
          { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
        ]
        integers2 = [
          1, 2, 3
        ]
        integers3 = [
          1,
          2, # this is ok
        ]
        empty = []
        empty-spaced = [ ]
        empty-lines = [

        ]
        trailing = [1,2,]
        nested-empty = [[], [[]], [[], []]]
        comments = [ # opening comment
          # line comment
          1, # after one
          # between
          2 # before comma
          , 3
          # before close
        ]
        strings-with-syntax = [ "a]", "b,", 'c#', "[d]" ]
        deep = [[[[[[1]]]]]]
        """#),
        ("inline-tables", #"""
        name = { first = "Tom", last = "Preston-Werner" }
        point = { x = 1, y = 2 }
        animal = { type.name = "pug" }
        empty = {}
        empty-spaced = {   }
        nested = { a = { b = { c = 1 } }, d = [1, { e = 2 }] }
        dotted = { a.b = 1, a.c = 2, "quoted key" = 3, 'lit' = 4 }
        points = [ { x = 1, y = 2, z = 3 },
                   { x = 7, y = 8, z = 9 },
                   { x = 2, y = 4, z = 8 } ]
        with-multiline-array = { list = [
            1,
            2,
        ], after = true }
        with-multiline-string = { s = """
        line""" }
        """#),
        ("tables", #"""
        [table]

        [table-1]
        key1 = "some string"
        key2 = 123

        [table-2]
        key1 = "another string"
        key2 = 456

        [dog."tater.man"]
        type.name = "pug"

        [a.b.c]            # this is best practice
        [ d.e.f ]          # same as [d.e.f]
        [ g .  h  . i ]    # same as [g.h.i]
        [ j . "ʞ" . 'l' ]  # same as [j."ʞ".'l']
        [""]
        empty-key-table = true
        ["quoted.dot"]
        x = 1
        """#),
        ("implied-super-tables", #"""
        # [x] you
        # [x.y] don't
        # [x.y.z] need these
        [x.y.z.w] # for this to work
        a = 1
        [x] # defining a super-table afterward is ok
        b = 2
        [x.y.q]
        c = 3
        """#),
        ("tables-out-of-order", #"""
        [fruit.apple]
        color = "red"
        [animal]
        legs = 4
        [fruit.orange]
        color = "orange"
        """#),
        ("root-keys-then-tables", #"""
        top = "level"
        [a]
        in-a = 1
        [a.b]
        in-b = 2
        [c]
        """#),
        ("dotted-keys-then-subtables", #"""
        [fruit]
        apple.color = "red"
        apple.taste.sweet = true

        [fruit.apple.texture]  # you can add sub-tables
        smooth = true
        """#),
        ("root-dotted-then-header-subtable", #"""
        x.y.z = 1
        [x.q]
        a = 2
        [x.y.r]
        b = 3
        """#),
        ("implied-table-extended-by-dotted-keys", #"""
        [a.b.c]
        z = 9
        [a]
        b.d = 1
        """#),
        ("arrays-of-tables", #"""
        [[products]]
        name = "Hammer"
        sku = 738594937

        [[products]]  # empty table within the array

        [[products]]
        name = "Nail"
        sku = 284758393

        color = "gray"
        """#),
        ("nested-arrays-of-tables", #"""
        [[fruits]]
        name = "apple"

        [fruits.physical]  # subtable
        color = "red"
        shape = "round"

        [[fruits.varieties]]  # nested array of tables
        name = "red delicious"

        [[fruits.varieties]]
        name = "granny smith"


        [[fruits]]
        name = "banana"

        [[fruits.varieties]]
        name = "plantain"
        """#),
        ("array-of-tables-with-dotted-keys", #"""
        [[stages]]
        kind = "read"
        options.path = "in/"
        options.glob = "*.xml"

        [[stages]]
        kind = "filter"
        options.min = 1
        [stages.extra]
        note = "belongs to the second stage"
        [[stages.extra.items]]
        n = 1
        [[stages.extra.items]]
        n = 2
        """#),
        ("array-of-tables-inside-implied", #"""
        [[a.b]]
        x = 1
        [a]
        y = 2
        [[a.b]]
        x = 3
        """#),
        ("whitespace-variety", "a\t=\t1\t# tab-separated\n  [ t ]  \n\tb = 2\n  [[ arr ]]\t\n c = 3\n"),
        ("unicode-everywhere", #"""
        # Kommentar mit Umlauten: äöü, and emoji 🎉
        "ключ" = "значение"
        [ "表" ]
        "鍵" = '値'
        emoji = "🙂\U0001F642"
        """#),
        ("key-value-ordering", #"""
        z = 1
        a = 2
        [m]
        y = 1
        b = 2
        [b.c]
        [m.n]
        """#),
        ("pipeline-like", #"""
        # A MatCorpus pipeline.
        name = "demo"
        version = 1

        [input]
        paths = ["data/raw/*.xml.gz", "data/extra/"]
        format = "publisher-xml"

        [[stages]]
        kind = "unicode_normalize"
        form = "NFC"

        [[stages]]
        kind = "length_filter"
        min_chars = 200
        max_chars = 1_000_000
        drop_reason = 'too_short'

        [[stages]]
        kind = "dedup"
        options = { ngram = 5, threshold = 0.8, bands = 20 }

        [output]
        dir = "out/demo"
        shard_size = 50_000
        compress = true
        started = 2024-06-01T12:00:00Z
        """#),
    ]
}
