import Foundation
import CIF
import CorpusCore
import CorpusIO

/// `matcorpus-bench cif`: our CIF reading against gemmi and pymatgen on the same files.
///
/// Every pass reads the same list of files from the page cache, one after the other, on one
/// thread. Ours: (a) parse only (`CIFDocument(reading:)`), structure (`+ CrystalStructure(block:)`
/// for every structure block), full read (`+ summary()`: expansion into the full cell,
/// composition, reduced formula, density), canonical (`CanonicalCIF.render`). The peers run in
/// `bench/cif/peers.py`, started once per repetition after our passes, which times its own loops:
/// (b) gemmi `cif.read_file`, `+ make_small_structure_from_block`, `+ get_all_unit_cell_sites`;
/// (c) pymatgen `CifFile.from_file` and `CifParser(...).parse_structures(primitive=False)`.
struct CIFBenchmark {
    var repetitions = 5
    var megabytes = 50.0
    var directory: String?
    var python = "python3"
    var peersScript = "bench/cif/peers.py"
    var runsPeers = true
    var pymatgenCopies = 1

    init(arguments: [String]) throws {
        var cursor = ArgumentCursor(arguments, usage: usage)
        while let option = cursor.next() {
            switch option {
            case "--repeat": repetitions = Int(try cursor.value()) ?? -1
            case "--mb": megabytes = Double(try cursor.value()) ?? -1
            case "--files": directory = try cursor.value()
            case "--python": python = try cursor.value()
            case "--peers": peersScript = try cursor.value()
            case "--no-peers": runsPeers = false
            case "--pymatgen-copies": pymatgenCopies = Int(try cursor.value()) ?? -1
            default: throw cursor.unknown(option)
            }
        }
        guard repetitions > 0, megabytes > 0, pymatgenCopies >= 0 else { throw Usage(description: usage) }
    }

    typealias File = (path: String, size: Int)

    /// What one pass saw; equal passes over equal lists must see equal counts.
    struct Counts: Equatable {
        var files = 0, blocks = 0, filesWithErrors = 0, structures = 0, sites = 0, canonicalBytes = 0

        static func * (c: Counts, n: Int) -> Counts {
            Counts(files: c.files * n, blocks: c.blocks * n, filesWithErrors: c.filesWithErrors * n,
                   structures: c.structures * n, sites: c.sites * n, canonicalBytes: c.canonicalBytes * n)
        }
    }

    enum Pass: String, CaseIterable {
        case parse = "parse only: CIFDocument(reading:)"
        case structure = "structure: + CrystalStructure(block:)"
        case full = "full read: + summary() (expansion, composition)"
        case canonical = "canonical: + CanonicalCIF.render(block)"
    }

    func run() throws {
        let dir = try BenchSupport.fixtures("cif", explicit: directory, kind: "CIF")
        var files: [File] = []
        let fm = FileManager.default
        if let e = fm.enumerator(atPath: dir) {
            while let rel = e.nextObject() as? String {
                guard rel.hasSuffix(".cif") else { continue }
                let path = dir + "/" + rel
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
                files.append((path, (try fm.attributesOfItem(atPath: path)[.size] as? Int) ?? 0))
            }
        }
        files.sort { $0.path < $1.path }
        guard !files.isEmpty else { throw Usage(description: "no .cif files under \(dir)") }
        let setBytes = files.reduce(0) { $0 + $1.size }
        // Replicate the list until one repetition reads at least --mb MB.
        let copies = max(1, Int((megabytes * 1e6 / Double(setBytes)).rounded(.up)))
        let work = Array(repeating: files, count: copies).flatMap { $0 }
        let mb = Double(setBytes * copies) / 1e6
        print("matcorpus-bench cif: \(files.count) files, \(String(format: "%.2f", Double(setBytes) / 1e6)) MB, from \(dir)")
        print("work per repetition: the list \(copies) times = \(work.count) files, \(String(format: "%.1f", mb)) MB"
              + (runsPeers ? "; pymatgen: the list \(pymatgenCopies) time(s)" : "") + "; \(repetitions) repetitions; one thread each")
        print("load average: \(BenchSupport.loadAverage())")

        // Untimed warm-up over one copy: page cache, and the counts every pass must reproduce.
        var check: [Pass: Counts] = [:]
        for pass in Pass.allCases { check[pass] = try run(pass, files) }
        let full = check[.full]!
        print("check (one copy): \(full.blocks) blocks, \(full.filesWithErrors) files with syntax errors, "
              + "\(full.structures) structure blocks, \(check[.structure]!.sites) asymmetric-unit sites, "
              + "\(full.sites) sites in the full cells, \(check[.canonical]!.canonicalBytes) bytes of canonical CIF")

        // The peers' file lists.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("matcorpus-bench-cif-\(getpid())")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let workList = scratch.appendingPathComponent("work.txt").path
        let pymatgenList = scratch.appendingPathComponent("pymatgen.txt").path
        try (work.map(\.path).joined(separator: "\n") + "\n").write(toFile: workList, atomically: true, encoding: .utf8)
        let pymatgenWork = Array(repeating: files, count: pymatgenCopies).flatMap { $0 }
        try (pymatgenWork.map(\.path).joined(separator: "\n") + "\n").write(toFile: pymatgenList, atomically: true, encoding: .utf8)
        let peerPasses = ["gemmi_parse", "gemmi_structure", "gemmi_expand"] + (pymatgenCopies > 0 ? ["pymatgen_parse", "pymatgen_full"] : [])
        let peerCommand = [python, peersScript, "--once", "--list", workList, "--pymatgen-list", pymatgenList,
                           "--passes", peerPasses.joined(separator: ",")].map(Shell.quote).joined(separator: " ")

        var ours: [Pass: [Double]] = [:]
        var peers: [String: [Double]] = [:]
        var peerCounts: [String: [String: Any]] = [:]
        var peerVersions = ""
        for r in 1...repetitions {
            var line = "run \(r):"
            for pass in Pass.allCases {
                let (t, counts) = try timeResult { try run(pass, work) }
                guard counts == check[pass]! * copies else {
                    throw Usage(description: "repetition \(r), \(pass): counts \(counts), expected \(check[pass]! * copies)")
                }
                ours[pass, default: []].append(t)
                line += String(format: " %@ %.3f s", String(pass.rawValue.prefix { $0 != ":" }), t)
            }
            if runsPeers {
                let result = try Shell.run(peerCommand)
                guard result.status == 0,
                      let object = try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
                      let passes = object["passes"] as? [String: [String: Any]] else {
                    throw Usage(description: "the peer script failed (status \(result.status)): \(peerCommand)\n\(result.output)")
                }
                if let v = object["versions"] as? [String: String] {
                    peerVersions = "gemmi \(v["gemmi"] ?? "?"), pymatgen \(v["pymatgen"] ?? "?"), Python \(v["python"] ?? "?")"
                }
                line += " |"
                for name in peerPasses {
                    guard let p = passes[name], let s = (p["seconds"] as? NSNumber)?.doubleValue else { continue }
                    peers[name, default: []].append(s)
                    peerCounts[name] = p
                    line += String(format: " %@ %.3f s", name, s)
                }
            }
            print(line)
            fflush(nil)
        }
        print("load average: \(BenchSupport.loadAverage())")
        if runsPeers {
            print("peers: \(peerVersions)")
            for name in peerPasses {
                guard let p = peerCounts[name] else { continue }
                let n = name.hasPrefix("pymatgen") ? pymatgenCopies : copies
                func per(_ key: String) -> Int { ((p[key] as? NSNumber)?.intValue ?? 0) / max(1, n) }
                print("  \(name) per copy: \(per("failed")) files rejected, \(per("blocks")) blocks, \(per("structures")) structures, \(per("sites")) sites")
            }
        }

        // Figures.
        let filesPerCopy = Double(files.count), mbPerCopy = Double(setBytes) / 1e6
        func rate(_ times: [Double], copies n: Int) -> (files: Double, mb: Double) {
            let t = median(times)
            return (filesPerCopy * Double(n) / t, mbPerCopy * Double(n) / t)
        }
        func pad(_ s: String, _ w: Int = 58) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        print("medians over \(repetitions) runs; MB = 10^6 bytes of CIF input; one thread each:")
        func row(_ label: String, _ times: [Double]?, copies n: Int) {
            guard let times, !times.isEmpty else { return }
            let r = rate(times, copies: n)
            print("  " + pad(label) + String(format: "%9.1f files/s %8.2f MB/s", r.files, r.mb))
        }
        for pass in Pass.allCases { row("ours   " + pass.rawValue, ours[pass], copies: copies) }
        row("gemmi  parse only: cif.read_file", peers["gemmi_parse"], copies: copies)
        row("gemmi  structure: + make_small_structure_from_block", peers["gemmi_structure"], copies: copies)
        row("gemmi  + get_all_unit_cell_sites()", peers["gemmi_expand"], copies: copies)
        row("pymatgen parse only: CifFile.from_file", peers["pymatgen_parse"], copies: pymatgenCopies)
        row("pymatgen full read: CifParser.parse_structures", peers["pymatgen_full"], copies: pymatgenCopies)

        guard runsPeers else { return }
        // Speed ratios ours/peer (> 1: ours is faster): of the medians, and the median of each run's ratio.
        print("speed ratios ours/peer (> 1 means ours is faster; per run = median of each repetition's ratio):")
        func ratio(_ label: String, _ mine: Pass, _ peer: String, peerCopies: Int) {
            guard let a = ours[mine], let b = peers[peer], a.count == b.count else { return }
            let scale = Double(copies) / Double(max(1, peerCopies))
            let medians = scale * median(b) / median(a)
            let perRun = median(zip(a, b).map { scale * $1 / $0 })
            print("  " + pad(label) + String(format: "%6.2f   (per run %.2f; best of each %.2f)", medians, perRun, scale * b.min()! / a.min()!))
        }
        ratio("parse only: ours / gemmi read_file", .parse, "gemmi_parse", peerCopies: copies)
        ratio("full read: ours (+ expansion) / gemmi small structure", .full, "gemmi_structure", peerCopies: copies)
        ratio("  like for like: structure / small structure", .structure, "gemmi_structure", peerCopies: copies)
        ratio("  like for like: full / small structure + expansion", .full, "gemmi_expand", peerCopies: copies)
        if pymatgenCopies > 0 {
            ratio("parse only: ours / pymatgen CifFile", .parse, "pymatgen_parse", peerCopies: pymatgenCopies)
            ratio("full read: ours / pymatgen parse_structures", .full, "pymatgen_full", peerCopies: pymatgenCopies)
        }
    }

    /// One pass of `kind` over `files`.
    func run(_ kind: Pass, _ files: [File]) throws -> Counts {
        var c = Counts()
        for file in files {
            let document = try CIFDocument(reading: FileByteSource(path: file.path), file: file.path)
            c.files += 1
            c.blocks += document.blocks.count
            if !document.errors.isEmpty { c.filesWithErrors += 1 }
            guard kind != .parse else { continue }
            for block in document.blocks where CIFBlockKind(block) == .structure {
                c.structures += 1
                switch kind {
                case .parse: break
                case .structure:
                    c.sites += CrystalStructure(block: block).sites.count
                case .full:
                    c.sites += CrystalStructure(block: block).summary().siteCount ?? 0
                case .canonical:
                    // render builds the structure, rounds it and expands it itself.
                    c.canonicalBytes += ((try? CanonicalCIF.render(block)) ?? "").utf8.count
                }
            }
        }
        return c
    }

}
