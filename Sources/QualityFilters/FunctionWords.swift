/// Curated function-word lists for the Latin-script languages the detector tells apart. Function
/// words (articles, prepositions, conjunctions, auxiliaries, pronouns) are the most frequent words of
/// every language and are never technical, so they survive in formula- and number-heavy science
/// text: a methods section still says "the", "of", "was" and "with". Words of one letter are left
/// out (`a`, `y`, `e`, `i`, `o`, `w`, `z` are also variables, units and element symbols).
enum FunctionWords {
    static let lists: [(code: String, words: [String])] = [
        ("en", """
            the of and to in is was were are be been being for with on that by as at from this which it its an or \
            not but have has had these those their they we our also than then there such into can may between both \
            after before under over during while where when about through more most each other only same using used \
            should would could will shall did does do how what who whose upon within without however thus therefore
            """),
        ("de", """
            der die das und ist nicht mit von den dem des ein eine einer eines einem zu auf für sich im auch als \
            werden wurde wurden sind war bei oder aus nach wie durch zum zur noch über unter kann diese dieser \
            dieses wird nur vom sowie zwischen haben hat können es wir sie ich dass aber auch beim ohne gegen
            """),
        ("fr", """
            le la les de des du et est une un dans pour que qui sur par avec au aux ce cette ces sont été pas plus \
            ou être nous il elle ils leur entre mais comme sous ont peut également dont lors aussi se sa son ses \
            cet très sans selon après avant
            """),
        ("es", """
            el la los las de del en que es un una por para con se al lo como su sus más pero fue son han ha sobre \
            entre este esta estos estas sin también cuando donde muy desde hasta ser fueron le les nos durante \
            mediante según tiene pueden
            """),
        ("it", """
            il lo la gli le di del della delle dei degli che un una per con non sono da al alla nel nella si come \
            più anche ma tra fra questo questa stato ed dal dalla sul sulla essere ha hanno alle agli nei nelle \
            degli viene quando dove suo sua loro
            """),
        ("pt", """
            os as de do da dos das que um uma em no na nos nas para com por não se mais como ao à foi são ser pelo \
            pela entre também sua seu suas seus este esta isso foram pode quando onde muito sobre até após
            """),
        ("nl", """
            de het een en van in is op te dat die voor met zijn niet aan er om ook als bij door of naar uit worden \
            wordt werd werden maar deze dit kan tot over onder tussen hun wij ze hij zij wat waar heeft hebben
            """),
        ("sv", """
            och att det som en ett är på för med av till den inte om har de var ska kan från eller men vid också \
            så efter under mellan sin sina detta dessa blev vi jag hon han deras vara sig finns
            """),
        ("pl", """
            się że do nie jest to jak od po przez dla oraz są być był była było ich jego jej które który która tym \
            tego także może między pod przy na ze we czy bardzo jednak już tylko gdy lub
            """),
    ].map { ($0.0, $0.1.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)) }

    /// Codes in list order; the index is the language's bit in `table`.
    static let codes: [String] = lists.map(\.code)

    /// Word hash (lowercase UTF-8 bytes, `TextScan.hash`) → bit set of languages listing it.
    static let table: [UInt64: UInt16] = {
        var t: [UInt64: UInt16] = [:]
        for (index, entry) in lists.enumerated() {
            for word in entry.words {
                var bytes = Array(word.utf8)
                let h = bytes.withUnsafeMutableBufferPointer { TextScan.hash(UnsafeBufferPointer($0), 0, $0.count) }
                t[h, default: 0] |= UInt16(1) << UInt16(index)
            }
        }
        return t
    }()
}
