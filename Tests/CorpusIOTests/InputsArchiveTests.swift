import Foundation
import Testing
import CorpusCore
@testable import CorpusIO
import _CorpusTestSupport

/// Archives built at test time with the real tar, gzip, zstd, xz, bzip2 and zip.
@Suite("Inputs: archives")
struct InputsArchiveTests {
    /// Words-like text that compresses with Huffman blocks (so deflate notices damage), deterministic.
    static func prose(_ count: Int, seed: UInt64) -> [UInt8] {
        let words = ["the", "of", "crystal", "lattice", "perovskite", "oxide", "anneal", "sample", "phase",
                     "ion", "doped", "film", "substrate", "temperature", "LiFePO4", "XRD", "SEM", "at", "K"]
        let noise = InputsTools.noise(count, seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count + 16)
        var i = 0
        while out.count < count {
            out += Array(words[Int(noise[i % noise.count]) % words.count].utf8)
            out += Array(String(Int(noise[(i + 1) % noise.count])).utf8)
            out.append(i % 17 == 16 ? 0x0A : 0x20)
            i += 2
        }
        return Array(out[0..<count])
    }

    /// The member tree every format test packs: path → bytes, in archive order.
    static let members: [(String, [UInt8])] = [
        ("docs/a.xml", InputsTools.text("<article>alpha</article>\n")),
        ("docs/b.cif", InputsTools.text("data_b\n_cell_length_a 5.43\n")),
        ("big.bin", InputsTools.noise(3 * (1 << 20) + 12345, seed: 7)),  // larger than the 1 MiB read block
        ("docs/sub/c.xml", prose(70_000, seed: 3)),
        ("empty.txt", []),
        ("skip.pdf", InputsTools.text("%PDF-1.4")),
    ]

    /// Writes the tree under `scratch/tree` and returns the folder.
    static func writeTree(_ scratch: InputsScratch) throws -> URL {
        let tree = scratch.sub("tree")
        try InputsTools.write(Dictionary(uniqueKeysWithValues: members.map { ($0.0, $0.1) }), under: tree)
        return tree
    }

    /// Paths in archive order, with the folder entries first (they must be skipped).
    static let archiveOrder = ["docs", "docs/sub"] + members.map(\.0)

    enum Format: String, CaseIterable, Sendable {
        case tar, tarGz = "tar.gz", tgz, tarZst = "tar.zst", tarXz = "tar.xz", tarBz2 = "tar.bz2", zip
        var tools: [String] {
            switch self {
            case .tar: return ["tar"]
            case .tarGz, .tgz: return ["tar", "gzip"]
            case .tarZst: return ["tar", "zstd"]
            case .tarXz: return ["tar", "xz"]
            case .tarBz2: return ["tar", "bzip2"]
            case .zip: return ["zip"]
            }
        }
    }

    /// Packs the tree in `format` and returns the archive path.
    static func pack(_ format: Format, tree: URL, into dir: URL, name: String = "pack", order: [String] = archiveOrder) throws -> String {
        let tar = dir.appendingPathComponent(name + ".tar").path
        let out = dir.appendingPathComponent(name + "." + format.rawValue).path
        switch format {
        case .zip:
            try InputsTools.run("zip", ["-q", "-X", out] + order, in: tree)  // no -r: folders are entries only
            return out
        default:
            try InputsTools.run("tar", ["--no-recursion", "--format=gnu", "-cf", tar] + order, in: tree)
        }
        switch format {
        case .tar: return tar
        case .tarGz, .tgz: try InputsTools.run("gzip", ["-c", tar], in: dir, to: out)
        case .tarZst: try InputsTools.run("zstd", ["-q", "-c", tar], in: dir, to: out)
        case .tarXz: try InputsTools.run("xz", ["-c", tar], in: dir, to: out)
        case .tarBz2: try InputsTools.run("bzip2", ["-c", tar], in: dir, to: out)
        case .zip: break
        }
        try FileManager.default.removeItem(atPath: tar)
        return out
    }

    static func available(_ format: Format) -> Bool { format.tools.allSatisfy { InputsTools.has($0) } }

    @Test(arguments: Format.allCases)
    func membersStreamWithPathsAndContents(_ format: Format) throws {
        try #require(Self.available(format), "\(format.tools.joined(separator: ", ")) not installed: skipping \(format.rawValue)")
        let scratch = try InputsScratch()
        let tree = try Self.writeTree(scratch)
        let archive = try Self.pack(format, tree: tree, into: scratch.url)
        let spec = InputSpec(path: archive)
        let units = try InputPlanner.units(for: spec)
        #expect(units.count == 1 && units[0].kind == .archive)
        let result = InputWalker.collect(units[0], spec: spec, chunk: 1000)
        #expect(result.error == nil)
        #expect(result.rejections.isEmpty, "\(result.rejections)")
        #expect(result.relativePaths == Self.members.map(\.0))  // folders skipped, archive order kept
        for (path, bytes) in Self.members {
            #expect(result.bytes(of: path) == bytes, "\(format.rawValue): \(path)")
        }
        #expect(result.members.allSatisfy { $0.file == archive && $0.member == $0.relativePath })
        #expect(result.members.first { $0.relativePath == "big.bin" }?.size == Int64(3 * (1 << 20) + 12345))

        // Globs select members; exclude wins.
        let filtered = InputWalker.collect(units[0], spec: InputSpec(path: archive, include: ["*.xml", "*.bin"], exclude: ["big*"]))
        #expect(filtered.relativePaths == ["docs/a.xml", "docs/sub/c.xml"])
        let byPath = InputWalker.collect(units[0], spec: InputSpec(path: archive, include: ["docs/*"]))
        #expect(byPath.relativePaths == ["docs/a.xml", "docs/b.cif"])
        // An archive named by include gives all its members (exclude still applies).
        let named = InputWalker.collect(units[0], spec: InputSpec(path: archive, include: ["pack.*"], exclude: ["*.pdf"]))
        #expect(named.relativePaths == Self.members.map(\.0).filter { $0 != "skip.pdf" })
    }

    @Test(.enabled(if: InputsTools.has("tar", "gzip", "zstd", "zip"), "tar, gzip, zstd or zip not installed"))
    func folderWithArchivesAndLooseFiles() throws {
        let scratch = try InputsScratch()
        let tree = try Self.writeTree(scratch)
        let input = scratch.sub("input")
        try FileManager.default.createDirectory(at: input.appendingPathComponent("batch"), withIntermediateDirectories: true)
        _ = try Self.pack(.tarGz, tree: tree, into: input.appendingPathComponent("batch"), name: "one")
        _ = try Self.pack(.zip, tree: tree, into: input, name: "two")
        try InputsTools.write(["loose.xml": InputsTools.text("<x/>"), "loose.txt": InputsTools.text("t")], under: input)
        let spec = InputSpec(path: input.path, include: ["*.xml"], exclude: ["**/sub/**"])
        let units = try InputPlanner.units(for: spec)
        #expect(units.map(\.relativePath) == ["batch/one.tar.gz", "loose.xml", "two.zip"])
        let all = try InputWalker.collectAll(spec)
        #expect(all.members.map(\.description) == [
            "docs/a.xml [25 bytes]", "\(input.path)/loose.xml [4 bytes]", "docs/a.xml [25 bytes]",
        ])
        #expect(all.members.map(\.relativePath) == ["docs/a.xml", "loose.xml", "docs/a.xml"])
        #expect(all.members[1].member == nil && all.members[1].size == 4)
    }

    @Test(.enabled(if: InputsTools.has("tar"), "tar not installed"))
    func partialReadsAreSkippedAndSourcesExpire() throws {
        let scratch = try InputsScratch()
        let tree = try Self.writeTree(scratch)
        let archive = try Self.pack(.tar, tree: tree, into: scratch.url)
        let spec = InputSpec(path: archive)
        let unit = try #require(try InputPlanner.units(for: spec).first)
        var firstBytes: [String: [UInt8]] = [:]
        var kept: [any ByteSource] = []
        var rejections: [InputRejection] = []
        try InputWalker.forEachMember(of: unit, spec: spec) { member in
            // Read up to 10 bytes; a source may return fewer per call (decompression sniffing peeks first).
            var buffer = [UInt8](repeating: 0, count: 10)
            var n = 0
            while n < buffer.count {
                let got = try buffer.withUnsafeMutableBytes { try member.source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[n...])) }
                if got == 0 { break }
                n += got
            }
            firstBytes[member.relativePath] = Array(buffer[0..<n])
            kept.append(member.source)
        } onReject: { rejections.append($0) }
        #expect(rejections.isEmpty)
        #expect(firstBytes.count == Self.members.count)
        for (path, bytes) in Self.members { #expect(firstBytes[path] == Array(bytes.prefix(10)), "\(path)") }
        // A source kept past its body call throws instead of touching libarchive.
        var buffer = [UInt8](repeating: 0, count: 10)
        #expect(throws: InputError.self) { _ = try buffer.withUnsafeMutableBytes { try kept[0].read(into: $0) } }
    }

    struct Stop: Error, Equatable { var at: String }

    @Test(.enabled(if: InputsTools.has("tar", "gzip"), "tar or gzip not installed"))
    func bodyErrorsPropagateUnchanged() throws {
        let scratch = try InputsScratch()
        let tree = try Self.writeTree(scratch)
        let archive = try Self.pack(.tarGz, tree: tree, into: scratch.url)
        let spec = InputSpec(path: archive)
        let unit = try #require(try InputPlanner.units(for: spec).first)
        var seen: [String] = []
        var rejections: [InputRejection] = []
        #expect(throws: Stop(at: "docs/b.cif")) {
            try InputWalker.forEachMember(of: unit, spec: spec) { member in
                seen.append(member.relativePath)
                if member.relativePath == "docs/b.cif" { throw Stop(at: member.relativePath) }
            } onReject: { rejections.append($0) }
        }
        #expect(seen == ["docs/a.xml", "docs/b.cif"])
        #expect(rejections.isEmpty)
        // Even an InputError the body makes up itself is the body's, not a rejection.
        let own = InputError.invalidUTF8(offset: 3)
        #expect(throws: own) {
            try InputWalker.forEachMember(of: unit, spec: spec) { _ in throw own } onReject: { rejections.append($0) }
        }
        #expect(rejections.isEmpty)
    }

    @Test(.enabled(if: InputsTools.has("tar", "gzip"), "tar or gzip not installed"))
    func compressedMembersGoThroughDecompression() throws {
        let scratch = try InputsScratch()
        let text = Self.prose(5000, seed: 11)
        try InputsTools.write(["m/a.xml": text], under: scratch.url)
        try InputsTools.run("gzip", ["-k", "m/a.xml"], in: scratch.url)
        let gz = try [UInt8](Data(contentsOf: scratch.sub("m/a.xml.gz")))
        try InputsTools.run("tar", ["-cf", "m.tar", "m/a.xml.gz"], in: scratch.url)
        let spec = InputSpec(path: scratch.sub("m.tar").path)
        let result = try InputWalker.collectAll(spec)
        // Whatever Decompression.open does to the .gz bytes (the codecs decompress them), the member
        // yields the same as Decompression.open over the same bytes in memory.
        let expected = try Decompression.open(MemoryByteSource(gz)).readAll()
        #expect(result.members.map(\.relativePath) == ["m/a.xml.gz"])
        #expect(result.members.first?.bytes == expected)
        #expect(result.members.first?.size == Int64(gz.count))
        #expect(expected == text || expected == gz)
        // A loose .gz file goes through the same door.
        let loose = try InputWalker.collectAll(InputSpec(path: scratch.sub("m/a.xml.gz").path))
        #expect(loose.members.first?.bytes == expected)
        #expect(loose.members.first?.member == nil)
    }

    // MARK: - Damaged archives

    /// Five members of compressible prose, the middle one large, for damage tests.
    static let damageMembers: [(String, [UInt8])] = [
        ("m1.txt", prose(30_000, seed: 21)), ("m2.txt", prose(30_000, seed: 22)),
        ("m3.txt", prose(400_000, seed: 23)),
        ("m4.txt", prose(30_000, seed: 24)), ("m5.txt", prose(30_000, seed: 25)),
    ]

    static func packDamageSet(_ format: Format, _ scratch: InputsScratch) throws -> String {
        let tree = scratch.sub("dtree")
        try InputsTools.write(Dictionary(uniqueKeysWithValues: damageMembers.map { ($0.0, $0.1) }), under: tree)
        return try pack(format, tree: tree, into: scratch.url, name: "damaged", order: damageMembers.map(\.0))
    }

    /// Members as "name [n bytes] intact|DAMAGED" against `damageMembers`.
    static func describe(_ members: [InputsWalkResult.Member]) -> String {
        members.map { member in
            let original = damageMembers.first { $0.0 == member.relativePath }?.1
            return "\(member) \(member.bytes == original ? "intact" : "DAMAGED")"
        }.joined(separator: ", ")
    }

    static func modify(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Flips 64 bytes in the middle of the file.
    static func damageMiddle(_ path: String) throws -> Int {
        var at = 0
        try modify(path) { bytes in
            at = bytes.count / 2
            for i in at..<(at + 64) { bytes[i] ^= 0x5A }
        }
        return at
    }

    static func original(_ member: InputsWalkResult.Member) -> [UInt8]? {
        damageMembers.first { $0.0 == member.relativePath }?.1
    }

    /// tar.gz damaged in the middle (inside m3's compressed data). Observed with libarchive 3.6.2: the
    /// damaged deflate data still inflates (to garbage) and libarchive does not check the gzip CRC, so
    /// m3 arrives with wrong bytes; the damage shows at the next tar header ("Damaged tar archive",
    /// ARCHIVE_RETRY), tar resynchronizes through garbage to the end, and m4 and m5 are lost.
    @Test(.enabled(if: InputsTools.has("tar", "gzip"), "tar or gzip not installed"))
    func corruptTarGz() throws {
        let scratch = try InputsScratch()
        let archive = try Self.packDamageSet(.tarGz, scratch)
        let damageAt = try Self.damageMiddle(archive)
        let size = try FileManager.default.attributesOfItem(atPath: archive)[.size] as! Int
        let result = try InputWalker.collectAll(InputSpec(path: archive))
        // The members before the damage arrive intact.
        #expect(result.relativePaths.starts(with: ["m1.txt", "m2.txt"]))
        for member in result.members.prefix(2) { #expect(member.bytes == Self.original(member)) }
        #expect(!result.relativePaths.contains("m5.txt"))
        // One rejection: the archive, the compressed position reached, the last member, the reason.
        #expect(result.rejections.count == 1)
        let rejection = try #require(result.rejections.first)
        #expect(rejection.file == archive)
        #expect(rejection.member == nil)
        let offset = try #require(rejection.offset)
        #expect(offset >= Int64(damageAt) && offset <= Int64(size))
        #expect(rejection.reason.contains("after member m3.txt"))
        #expect(rejection.reason.contains("Damaged tar archive"))
    }

    /// xz, zstd and bzip2 check their data, so damage never yields wrong bytes. Observed: xz fails
    /// inside m3 (m1, m2 delivered); zstd (one frame, whose window covers this small archive) and bzip2
    /// (one 900 kB block) fail before delivering anything: the rejection comes from opening the archive.
    @Test(arguments: [Format.tarXz, .tarZst, .tarBz2])
    func corruptCheckedCompression(_ format: Format) throws {
        try #require(Self.available(format), "\(format.tools.joined(separator: ", ")) not installed: skipping \(format.rawValue)")
        let scratch = try InputsScratch()
        let archive = try Self.packDamageSet(format, scratch)
        _ = try Self.damageMiddle(archive)
        let result = try InputWalker.collectAll(InputSpec(path: archive))
        for member in result.members { #expect(member.bytes == Self.original(member), "\(member)") }
        #expect(!result.relativePaths.contains("m3.txt"))
        #expect(result.rejections.count == 1)
        let rejection = try #require(result.rejections.first)
        #expect(rejection.file == archive)
        #expect(!rejection.reason.isEmpty)
        if rejection.member == nil {
            #expect(result.members.isEmpty)
            #expect(rejection.reason.hasPrefix("cannot read archive"))
        } else {
            #expect(rejection.member == "m3.txt")
            #expect(result.relativePaths == ["m1.txt", "m2.txt"])
            #expect((rejection.offset ?? -1) >= 0 && (rejection.offset ?? .max) < 400_000)
        }
    }

    /// Plain tar has no checksum over data: damage inside a member's data goes unnoticed.
    @Test(.enabled(if: InputsTools.has("tar"), "tar not installed"))
    func corruptPlainTarDataIsNotDetected() throws {
        let scratch = try InputsScratch()
        let archive = try Self.packDamageSet(.tar, scratch)
        _ = try Self.damageMiddle(archive)
        let result = try InputWalker.collectAll(InputSpec(path: archive))
        #expect(result.rejections.isEmpty)
        #expect(result.relativePaths == Self.damageMembers.map(\.0))
        #expect(result.members.filter { $0.bytes != Self.original($0) }.map(\.relativePath) == ["m3.txt"])
    }

    /// Archives cut at 60 %: the members before the cut arrive intact; the one being read is rejected
    /// with the bytes read so far. Observed: gzip, zstd, xz, tar and zip all fail inside m3 with
    /// ARCHIVE_FATAL; bzip2 fails when opening (the archive is one bzip2 block, which decodes whole).
    @Test(arguments: [Format.tarGz, .tarZst, .tarXz, .tarBz2, .tar, .zip])
    func truncated(_ format: Format) throws {
        try #require(Self.available(format), "\(format.tools.joined(separator: ", ")) not installed: skipping \(format.rawValue)")
        let scratch = try InputsScratch()
        let archive = try Self.packDamageSet(format, scratch)
        try Self.modify(archive) { bytes in bytes.removeLast(bytes.count * 4 / 10) }
        let result = try InputWalker.collectAll(InputSpec(path: archive))
        for member in result.members { #expect(member.bytes == Self.original(member), "\(member)") }
        #expect(result.rejections.count == 1)
        let rejection = try #require(result.rejections.first)
        #expect(rejection.file == archive)
        #expect(!rejection.reason.isEmpty)
        if format == .tarBz2 {
            #expect(result.members.isEmpty)
            #expect(rejection.member == nil && rejection.reason.contains("before the first member"))
        } else {
            #expect(result.relativePaths == ["m1.txt", "m2.txt"])
            #expect(rejection.member == "m3.txt")
            let offset = try #require(rejection.offset)
            #expect(offset > 0 && offset < 400_000)
            #expect(rejection.reason.contains("ARCHIVE_FATAL"))
        }
    }

    @Test(.enabled(if: InputsTools.has("zip"), "zip not installed"))
    func zipWithOneCorruptMember() throws {
        let scratch = try InputsScratch()
        let archive = try Self.packDamageSet(.zip, scratch)
        try Self.modify(archive) { bytes in
            // Find m3.txt's local header (PK\3\4 + name) and damage the middle of its compressed data.
            let name = Array("m3.txt".utf8)
            var i = 0
            while i + 30 + name.count < bytes.count {
                if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 3, bytes[i + 3] == 4,
                   Array(bytes[(i + 30)..<(i + 30 + name.count)]) == name {
                    let compressed = Int(bytes[i + 18]) | Int(bytes[i + 19]) << 8 | Int(bytes[i + 20]) << 16 | Int(bytes[i + 21]) << 24
                    let nameLength = Int(bytes[i + 26]) | Int(bytes[i + 27]) << 8
                    let extraLength = Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8
                    let middle = i + 30 + nameLength + extraLength + compressed / 2
                    for k in middle..<(middle + 32) { bytes[k] ^= 0xA5 }
                    return
                }
                i += 1
            }
            Issue.record("m3.txt not found in the zip")
        }
        // Observed: the damaged deflate data inflates to garbage of the wrong length; libarchive stops
        // m3 with ARCHIVE_WARN "ZIP uncompressed data is wrong size" after 256 KiB were delivered, and
        // the seekable zip reader goes on with m4 and m5 from the central directory.
        let result = try InputWalker.collectAll(InputSpec(path: archive))
        let rejection = try #require(result.rejections.first)
        #expect(result.rejections.count == 1)
        #expect(rejection.file == archive)
        #expect(rejection.member == "m3.txt")
        #expect((rejection.offset ?? -1) >= 0 && (rejection.offset ?? .max) <= 400_000)
        #expect(rejection.reason.contains("ZIP"))
        // The other members still arrive, intact; m3 is not delivered (its read threw, the body stopped).
        #expect(result.relativePaths == ["m1.txt", "m2.txt", "m4.txt", "m5.txt"])
        for member in result.members { #expect(member.bytes == Self.original(member)) }

        // A body that swallows the read error: the walker still reports it, once, and goes on.
        var delivered: [String] = []
        var rejections: [InputRejection] = []
        let unit = try #require(try InputPlanner.units(for: InputSpec(path: archive)).first)
        try InputWalker.forEachMember(of: unit, spec: InputSpec(path: archive)) { member in
            _ = try? member.source.readAll()
            delivered.append(member.relativePath)
        } onReject: { rejections.append($0) }
        #expect(delivered == Self.damageMembers.map(\.0))
        // The offset is how far into the member the reader got, which depends on its read sizes;
        // everything else about the rejection is the same.
        #expect(rejections.count == 1)
        var withoutOffset = rejections.first
        withoutOffset?.offset = rejection.offset
        #expect(withoutOffset == rejection)
    }
}
