/// The byte-level BPE model shared by `TiktokenEncoder` and `HuggingFaceBPE`: token ids for single
/// bytes, an optional whole-piece lookup, the merge table, and the bytes of every id for decoding.
final class BytePairModel: @unchecked Sendable {  // immutable once built
    static let missing = UInt32.max

    /// The id of each single byte (`missing` when the vocabulary lacks it).
    let byteIDs: [UInt32]
    /// When set, a piece whose bytes are one token is that token, without merging (tiktoken always;
    /// `ignore_merges` in `tokenizer.json`). This also reaches tokens that merging cannot build.
    let wholePieces: ByteSequenceTable?
    let merger: BytePairMerger
    /// Stand-in for a byte without an id (Hugging Face `unk_token`; nil: such bytes are dropped),
    /// and whether consecutive stand-ins fuse into one (`fuse_unk`).
    let unknownID: UInt32?
    let fusesUnknown: Bool
    /// The bytes of id `i` are `decodeBytes[decodeStart[i]..<decodeStart[i + 1]]`.
    let decodeBytes: [UInt8]
    let decodeStart: [Int]

    init(byteIDs: [UInt32], wholePieces: ByteSequenceTable?, merges: MergeTable, unknownID: UInt32? = nil,
         fusesUnknown: Bool = false, decodeBytes: [UInt8], decodeStart: [Int]) {
        self.byteIDs = byteIDs
        self.wholePieces = wholePieces
        self.merger = BytePairMerger(merges: merges)
        self.unknownID = unknownID
        self.fusesUnknown = fusesUnknown
        self.decodeBytes = decodeBytes
        self.decodeStart = decodeStart
    }

    /// Appends the ids of the `count` bytes at `p` (one pre-token) to `ids`.
    @inline(__always)
    func encodePiece(_ p: UnsafePointer<UInt8>, _ count: Int, into ids: inout [Int], scratch: inout BytePairMerger.Scratch) {
        if let wholePieces, let id = wholePieces.lookup(p, count) {
            ids.append(Int(id))
            return
        }
        scratch.symbols.removeAll(keepingCapacity: true)
        var previousUnknown = false
        byteIDs.withUnsafeBufferPointer { byteIDs in
            for i in 0..<count {
                let id = byteIDs[Int(p[i])]
                if id != Self.missing {
                    scratch.symbols.append(id)
                    previousUnknown = false
                } else if let unknownID {
                    if !(fusesUnknown && previousUnknown) { scratch.symbols.append(unknownID) }
                    previousUnknown = true
                }
            }
        }
        merger.merge(&scratch)
        for id in scratch.symbols { ids.append(Int(id)) }
    }

    /// The bytes of `ids` (ids without bytes add nothing).
    func bytes(of ids: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        let limit = decodeStart.count - 1
        for id in ids where id >= 0 && id < limit {
            out.append(contentsOf: decodeBytes[decodeStart[id]..<decodeStart[id + 1]])
        }
        return out
    }
}
