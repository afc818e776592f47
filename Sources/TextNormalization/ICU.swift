#if canImport(Glibc)
import Glibc
#endif
internal import CICU

/// The only file that imports `CICU`.
///
/// ICU renames every C entry point with its major version (`unorm2_normalize` is exported as
/// `unorm2_normalize_72`) through macros that Swift cannot import. The shim header still gives us
/// ICU's types and its version number; the functions are looked up by their versioned names, so
/// the same code works with whatever ICU the machine has. The shim includes only `uvernum.h`:
/// Foundation carries its own copy of ICU's headers, and importing ICU's type headers next to it makes
/// the two `UErrorCode` enums clash, so the few C types needed are spelled here as plain integers
/// (`UErrorCode` is an `int32_t` enum, `UChar` is `uint16_t`, `UNormalizationCheckResult` an enum).
struct ICU: @unchecked Sendable {
    typealias ErrorCode = Int32
    typealias GetInstance = @convention(c) (UnsafeMutablePointer<ErrorCode>?) -> OpaquePointer?
    typealias Normalize = @convention(c) (OpaquePointer?, UnsafePointer<UInt16>?, Int32, UnsafeMutablePointer<UInt16>?, Int32,
                                          UnsafeMutablePointer<ErrorCode>?) -> Int32
    typealias QuickCheck = @convention(c) (OpaquePointer?, UnsafePointer<UInt16>?, Int32, UnsafeMutablePointer<ErrorCode>?) -> Int32

    // Values from ICU's utypes.h and unorm2.h.
    static let zeroError: ErrorCode = 0           // U_ZERO_ERROR; negative values are warnings
    static let bufferOverflow: ErrorCode = 15     // U_BUFFER_OVERFLOW_ERROR
    static let quickCheckYes: Int32 = 1           // UNORM_YES

    let nfc, nfkc, nfd, nfkd: OpaquePointer
    let normalize: Normalize
    let quickCheck: QuickCheck

    /// ICU's major version, from its headers.
    static let majorVersion = Int(U_ICU_VERSION_MAJOR_NUM)

    /// The loaded library, or the reason it could not be loaded.
    static let shared: Result<ICU, NormalizationError> = load()

    private static func load() -> Result<ICU, NormalizationError> {
        let library = "libicuuc.so.\(majorVersion)"
        guard let handle = dlopen(library, RTLD_NOW | RTLD_GLOBAL) ?? dlopen(nil, RTLD_NOW) else {
            return .failure(.icuUnavailable("cannot load \(library)"))
        }
        func symbol<T>(_ name: String, as: T.Type) -> T? {
            guard let p = dlsym(handle, "\(name)_\(majorVersion)") ?? dlsym(handle, name) else { return nil }
            return unsafeBitCast(p, to: T.self)
        }
        guard let nfcGet = symbol("unorm2_getNFCInstance", as: GetInstance.self),
              let nfkcGet = symbol("unorm2_getNFKCInstance", as: GetInstance.self),
              let nfdGet = symbol("unorm2_getNFDInstance", as: GetInstance.self),
              let nfkdGet = symbol("unorm2_getNFKDInstance", as: GetInstance.self),
              let normalize = symbol("unorm2_normalize", as: Normalize.self),
              let quickCheck = symbol("unorm2_quickCheck", as: QuickCheck.self)
        else { return .failure(.icuUnavailable("\(library) lacks the unorm2 functions")) }
        var status = ICU.zeroError
        guard let nfc = nfcGet(&status), let nfkc = nfkcGet(&status), let nfd = nfdGet(&status), let nfkd = nfkdGet(&status),
              status <= ICU.zeroError
        else { return .failure(.icuUnavailable("ICU normalizer data missing (error \(status))")) }
        return .success(ICU(nfc: nfc, nfkc: nfkc, nfd: nfd, nfkd: nfkd, normalize: normalize, quickCheck: quickCheck))
    }

    func instance(_ form: NormalizationForm) -> OpaquePointer {
        switch form {
        case .nfc: return nfc
        case .nfkc: return nfkc
        case .nfd: return nfd
        case .nfkd: return nfkd
        }
    }

    /// Normalizes UTF-16 text; returns nil when it is already normal.
    func normalized(_ utf16: [UInt16], form: NormalizationForm) throws -> [UInt16]? {
        let n = instance(form)
        var status = ICU.zeroError
        let check = utf16.withUnsafeBufferPointer { quickCheck(n, $0.baseAddress, Int32($0.count), &status) }
        if status <= ICU.zeroError, check == ICU.quickCheckYes { return nil }
        var capacity = utf16.count + utf16.count / 2 + 16
        while true {
            var out = [UInt16](repeating: 0, count: capacity)
            status = ICU.zeroError
            let length = utf16.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    normalize(n, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(dst.count), &status)
                }
            }
            if status == ICU.bufferOverflow { capacity = Int(length) + 1; continue }
            if status > ICU.zeroError { throw NormalizationError.icuFailed(code: Int(status)) }
            out.removeLast(out.count - Int(length))
            return out
        }
    }
}
