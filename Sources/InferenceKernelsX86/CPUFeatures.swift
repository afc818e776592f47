#if arch(x86_64)
import _Builtin_intrinsics.intel.cpuid
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What the running CPU (and operating system) supports, detected once at run time.
///
/// This file is compiled with the module's `-target-cpu icelake-server` like the kernels, but does only
/// scalar work (CPUID and reading a file); callers consult it before calling any AVX-512 kernel.
public enum CPUFeatures {
    /// AVX-512 F, BW, VL and VNNI: what `AVX512Dot` needs. On Linux the kernel's `/proc/cpuinfo` flags must
    /// agree as well (the kernel lists AVX-512 only when it has enabled the ZMM register state, which
    /// CPUID alone does not tell without XGETBV, a macro Swift cannot import). False on other architectures.
    public static let hasAVX512VNNI: Bool = detect()

    static func detect() -> Bool {
        #if arch(x86_64)
        var a: UInt32 = 0, b: UInt32 = 0, c: UInt32 = 0, d: UInt32 = 0
        guard __get_cpuid(1, &a, &b, &c, &d) != 0, (c >> 27) & 1 == 1 else { return false } // OSXSAVE
        guard __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0 else { return false }
        let f = (b >> 16) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1, vnni = (c >> 11) & 1
        guard f & bw & vl & vnni == 1 else { return false }
        #if os(Linux)
        let flags = cpuinfoFlags()
        return ["avx512f", "avx512bw", "avx512vl", "avx512_vnni"].allSatisfy { flags.contains($0) }
        #else
        return true
        #endif
        #else
        return false
        #endif
    }

    #if os(Linux)
    /// The `flags` of the first processor in /proc/cpuinfo (empty when unreadable).
    static func cpuinfoFlags() -> Set<Substring> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil, capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("flags"), let colon = text.firstIndex(of: ":") else { continue }
            return Set(text[text.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }))
        }
        return []
    }
    #endif
}
