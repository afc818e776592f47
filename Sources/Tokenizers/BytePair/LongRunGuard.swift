/// Meta's guard against very long inputs and runs (LLaMA-3 `Tokenizer.encode`, after tiktoken#195):
/// the text is cut into slices of 400,000 characters, and inside each slice any run of more than
/// 25,000 consecutive whitespace or non-whitespace characters (Python `str.isspace`, see
/// `ScalarClass.pythonSpace`) is cut after every 25,000th character. The pieces are encoded one
/// after another, as separate texts. Characters are Unicode scalars (Python `str` indexing).
///
/// This changes ids only on pathological input (a run over 25,000 characters, or a text over
/// 400,000 characters where a pre-token straddles a slice boundary), and matches Meta there.
/// Merging itself is O(n log n) for long pieces (`BytePairMerger`), so the guard is about
/// compatibility, not speed.
struct LongRunGuard: Sendable {
    var maxSliceCharacters = 400_000
    var maxRunCharacters = 25_000

    /// The byte ranges of the pieces of the UTF-8 text in `buffer`, in order (none for empty text).
    func pieces(_ buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let n = buffer.count
        guard n > 0, let p = buffer.baseAddress else { return [] }
        if n <= maxRunCharacters { return [0..<n] }  // fewer characters than bytes: nothing to cut
        let classes = ScalarClassTable.shared
        let space = ScalarClass.pythonSpace.rawValue
        var result: [Range<Int>] = []
        var i = 0
        var charsInSlice = 0
        var sliceStart = 0          // start of the current output piece
        var runLength = 0
        var runIsSpace = false
        while i < n {
            if charsInSlice == maxSliceCharacters {  // a new 400,000-character slice
                result.append(sliceStart..<i)
                sliceStart = i
                charsInSlice = 0
            }
            let (v, next) = decodeScalar(p, i)
            let isSpace = classes.bits(v) & space != 0
            if charsInSlice == 0 {
                runIsSpace = isSpace
                runLength = 1
            } else if isSpace != runIsSpace {
                runIsSpace = isSpace
                runLength = 1
            } else {
                runLength += 1
                if runLength > maxRunCharacters {
                    result.append(sliceStart..<i)
                    sliceStart = i
                    runLength = 1
                }
            }
            charsInSlice += 1
            i = next
        }
        result.append(sliceStart..<n)
        return result
    }
}
