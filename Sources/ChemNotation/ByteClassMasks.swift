#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The scanner's byte classes over 64 bytes of text, one bit per byte (bit `k` is byte `base + k`).
///
/// `MentionScanner.scan` walks words and runs with these masks instead of testing byte after byte:
/// the next run byte, the end of a word's small letters, its trailing stops, whether a run holds a letter
/// or a colon are each a shift and a bit count. On x86-64 the masks come from SSE2 compares (16 bytes at a
/// time); `scalar` computes the same masks byte by byte (other CPUs, the last partial block, and the
/// reference the tests compare the vector version against). Bytes past the end of the text are in no class.
struct ByteClassMasks: Equatable {
    /// ASCII bytes that can appear inside a run (`MentionScanner.asciiRun`).
    var run: UInt64 = 0
    /// Bytes ≥ 0x80 (UTF-8 lead and continuation bytes).
    var high: UInt64 = 0
    /// `a`–`z`.
    var small: UInt64 = 0
    /// `A`–`Z`, `a`–`z` and `$`: what makes a run worth reading.
    var letter: UInt64 = 0
    /// `.`, `:`, `;`: the stops a plain word may end with.
    var stop: UInt64 = 0
    /// `,`.
    var comma: UInt64 = 0
    /// `:`.
    var colon: UInt64 = 0

    /// The masks of `bytes[base..<base + 64]` (fewer bytes when the text ends first).
    @inline(never)
    init(_ bytes: UnsafeBufferPointer<UInt8>, base: Int) {
        #if arch(x86_64)
        if base + 64 <= bytes.count {
            self.init(sse2: UnsafeRawPointer(bytes.baseAddress! + base))
        } else {
            // The last block: its bytes, then zero bytes, which are in no class.
            var padded = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            self = withUnsafeMutableBytes(of: &padded) { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[base...]))
                return ByteClassMasks(sse2: UnsafeRawPointer(raw.baseAddress!))
            }
        }
        #else
        self.init(scalar: bytes, base: base)
        #endif
    }

    init() {}

    /// The masks, byte by byte.
    init(scalar bytes: UnsafeBufferPointer<UInt8>, base: Int) {
        let end = min(bytes.count, base + 64)
        var k = base
        while k < end {
            let b = bytes[k]
            let bit: UInt64 = 1 << UInt64(k - base)
            if b >= 0x80 {
                high |= bit
            } else {
                if MentionScanner.asciiRun[Int(b)] { run |= bit }
                if b >= 97, b <= 122 { small |= bit }
                if (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "$") { letter |= bit }
                if b == UInt8(ascii: ".") || b == UInt8(ascii: ":") || b == UInt8(ascii: ";") { stop |= bit }
                if b == UInt8(ascii: ",") { comma |= bit }
                if b == UInt8(ascii: ":") { colon |= bit }
            }
            k += 1
        }
    }

    #if arch(x86_64)
    /// The masks of the 64 bytes at `p`, sixteen at a time.
    @inline(__always)
    init(sse2 p: UnsafeRawPointer) {
        for q in 0..<4 {
            let v = _mm_loadu_si128(p.advanced(by: 16 * q).assumingMemoryBound(to: __m128i.self))
            let shift = UInt64(16 * q)
            // `lo...hi`: add 128 − lo, so the range lands at the bottom of the signed bytes, and compare.
            @inline(__always) func within(_ lo: Int, _ hi: Int) -> __m128i {
                let t = _mm_add_epi8(v, _mm_set1_epi8(Int8(truncatingIfNeeded: 128 - lo)))
                return _mm_cmplt_epi8(t, _mm_set1_epi8(Int8(truncatingIfNeeded: -128 + hi - lo + 1)))
            }
            @inline(__always) func equal(_ c: UInt8) -> __m128i { _mm_cmpeq_epi8(v, _mm_set1_epi8(Int8(bitPattern: c))) }
            @inline(__always) func bits(_ m: __m128i) -> UInt64 { UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(m))) << shift }
            let smallLetters = within(97, 122)
            let letters = _mm_or_si128(smallLetters, within(65, 90))
            let dollar = equal(UInt8(ascii: "$"))
            let colonBytes = equal(UInt8(ascii: ":"))
            let commaBytes = equal(UInt8(ascii: ","))
            // `(`…`:` without `,`; `@`…`[`; `]` `^`; `a`…`{`; `}`; `$`; `'`.
            var runBytes = _mm_andnot_si128(commaBytes, within(0x28, 0x3A))
            runBytes = _mm_or_si128(runBytes, _mm_or_si128(within(0x40, 0x5B), within(0x5D, 0x5E)))
            runBytes = _mm_or_si128(runBytes, _mm_or_si128(within(0x61, 0x7B), equal(0x7D)))
            runBytes = _mm_or_si128(runBytes, _mm_or_si128(dollar, equal(0x27)))
            let stops = _mm_or_si128(colonBytes, _mm_or_si128(equal(UInt8(ascii: ".")), equal(UInt8(ascii: ";"))))
            high |= bits(v)
            run |= bits(runBytes)
            small |= bits(smallLetters)
            letter |= bits(_mm_or_si128(letters, dollar))
            stop |= bits(stops)
            comma |= bits(commaBytes)
            colon |= bits(colonBytes)
        }
    }
    #endif
}

/// Walks a text's byte-class masks forward, one 64-byte block at a time; the scanner asks only about
/// positions at or after the ones it asked about before, so the current block is all it keeps.
struct ByteClassCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var base = -64
    private(set) var masks = ByteClassMasks()

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Makes `masks` the block holding `p`.
    @inline(__always)
    mutating func load(_ p: Int) {
        let b = p & ~63
        if b != base {
            base = b
            masks = ByteClassMasks(bytes, base: b)
        }
    }

    /// The classes a query can ask about.
    enum Class { case runOrHigh, run, small, stop, comma, colon, letter }

    @inline(__always)
    func mask(_ c: Class) -> UInt64 {
        switch c {
        case .runOrHigh: return masks.run | masks.high
        case .run: return masks.run
        case .small: return masks.small
        case .stop: return masks.stop
        case .comma: return masks.comma
        case .colon: return masks.colon
        case .letter: return masks.letter
        }
    }

    /// The first position at or after `p` whose byte is in the class (`bytes.count` when none).
    @inline(__always)
    mutating func nextIn(_ p: Int, _ c: Class) -> Int { next(p, c, inside: true) }

    /// The first position at or after `p` whose byte is not in the class (`bytes.count` when none).
    @inline(__always)
    mutating func nextOutside(_ p: Int, _ c: Class) -> Int { next(p, c, inside: false) }

    @inline(__always)
    private mutating func next(_ p: Int, _ c: Class, inside: Bool) -> Int {
        var p = p
        let n = bytes.count
        while p < n {
            load(p)
            let m = (inside ? mask(c) : ~mask(c)) >> UInt64(p & 63)
            // Past the text's end every byte is outside every class.
            if m != 0 { return min(n, p + m.trailingZeroBitCount) }
            p = base + 64
        }
        return n
    }

    /// Whether the byte at `p` (before the end) is in the class.
    @inline(__always)
    mutating func contains(_ p: Int, _ c: Class) -> Bool {
        load(p)
        return mask(c) >> UInt64(p & 63) & 1 != 0
    }

    /// Whether a byte of `s..<e` is in the class.
    @inline(__always)
    mutating func any(_ s: Int, _ e: Int, _ c: Class) -> Bool {
        var p = s
        while p < e {
            load(p)
            let to = min(e, base + 64)
            let width = UInt64(to - p)
            var m = mask(c) >> UInt64(p & 63)
            if width < 64 { m &= (1 << width) &- 1 }
            if m != 0 { return true }
            p = to
        }
        return false
    }
}
