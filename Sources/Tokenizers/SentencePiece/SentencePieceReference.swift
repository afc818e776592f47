/// The slow reference twin of `SentencePieceEncoder.encode`, written to be obviously right rather than fast:
/// symbols are UTF-8 byte strings (compared byte for byte, as sentencepiece does), the whole text is merged
/// at once (no cutting), and after every merge all adjacent pairs are scanned afresh for the best one (highest
/// score; strictly greater, so the leftmost wins a tie). O(n²). It shares only the parsed piece table with the
/// fast path. It does not model the resegmentation of UNUSED pieces (LLaMA-2 has none): tests compare it
/// with the fast path on models without them.
struct SentencePieceReference {
    let vocabulary: SentencePieceVocabulary

    func encode(_ text: String) -> [Int] {
        let v = vocabulary
        let space = SentencePieceVocabulary.utf8([v.spaceScalar])
        let asciiSpace: [UInt8] = [0x20]
        // Normalize, as sentencepiece's normalizer without a character map: one symbol per scalar.
        var chars: [[UInt8]] = text.unicodeScalars.map { SentencePieceVocabulary.utf8([$0.value]) }
        if v.removeExtraWhitespaces {
            while chars.first == asciiSpace { chars.removeFirst() }
            var collapsed: [[UInt8]] = []
            for c in chars where !(c == asciiSpace && collapsed.last == asciiSpace) { collapsed.append(c) }
            chars = collapsed
        }
        if chars.isEmpty { return [] }
        chars = chars.map { $0 == asciiSpace ? space : $0 }
        if v.addDummyPrefix { chars.insert(space, at: 0) }
        if v.removeExtraWhitespaces {
            while chars.last == space { chars.removeLast() }
            if chars.isEmpty { return [] }
        }

        // Split: user-defined pieces first (longest match, never merged), else one scalar per symbol.
        let userDefined = v.pieces.indices.filter { v.types[$0] == .userDefined }
            .map { v.pieces[$0].unicodeScalars.map { SentencePieceVocabulary.utf8([$0.value]) } }
            .sorted { $0.count > $1.count }
        var symbols: [[UInt8]] = []
        var frozen: [Bool] = []
        var i = 0
        while i < chars.count {
            if let match = userDefined.first(where: { $0.count <= chars.count - i && Array(chars[i..<(i + $0.count)]) == $0 }) {
                symbols.append(match.flatMap { $0 })
                frozen.append(true)
                i += match.count
            } else {
                symbols.append(chars[i])
                frozen.append(false)
                i += 1
            }
        }

        // Merge until no pair is a mergeable piece.
        while true {
            var best: (index: Int, score: Float)? = nil
            for k in 0..<(symbols.count - 1) where !frozen[k] && !frozen[k + 1] {
                guard let id = v.mergeable[symbols[k] + symbols[k + 1]] else { continue }
                let score = v.scores[Int(id)]
                if best == nil || score > best!.score { best = (k, score) }
            }
            guard let (k, _) = best else { break }
            symbols[k] += symbols[k + 1]
            symbols.remove(at: k + 1)
            frozen.remove(at: k + 1)
        }

        // Ids: reserved pieces first, then mergeable ones, else unknown (bytes, or one <unk> per run).
        var ids: [Int] = []
        var previousUnknown = false
        for s in symbols {
            let id = v.reserved[s] ?? v.mergeable[s] ?? v.unknownID
            if id != v.unknownID {
                ids.append(Int(id))
                previousUnknown = false
            } else if v.byteFallback {
                for b in s { ids.append(Int(v.reserved[Array("<0x\(SentencePieceVocabulary.hex(b))>".utf8)]!)) }
                previousUnknown = false
            } else {
                if !previousUnknown { ids.append(Int(v.unknownID)) }
                previousUnknown = true
            }
        }
        return ids
    }
}
