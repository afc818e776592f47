import Foundation
import Testing
import CorpusCore
@testable import CorpusIO
import _CorpusTestSupport

/// Hand-made and hostile archives: odd names, absurd sizes, links, garbage, vanished files.
@Suite("Inputs: hostile archives")
struct InputsHostileTests {
    /// One 512-byte ustar header; `size` is the raw 12-byte size field when given.
    static func tarHeader(name: String, size: Int = 0, rawSize: [UInt8]? = nil, type: Character = "0", link: String = "") -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { h[offset + i] = b } }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
        }
        put(Array(name.utf8.prefix(100)), at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(rawSize ?? octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(Array(repeating: 0x20, count: 8), at: 148)
        h[156] = type.asciiValue!
        put(Array(link.utf8.prefix(100)), at: 157)
        put(Array("ustar\u{0}00".utf8), at: 257)
        let sum = h.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + [0x20], at: 148)
        return h
    }

    /// A regular member: header, data, padding to 512.
    static func tarMember(_ name: String, _ data: [UInt8]) -> [UInt8] {
        var out = tarHeader(name: name, size: data.count) + data
        out += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
        return out
    }

    static let tarEnd = [UInt8](repeating: 0, count: 1024)

    static func write(_ bytes: [UInt8], _ name: String, in scratch: InputsScratch) throws -> String {
        let url = scratch.sub(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func traversalNamesAreOnlyNamesAndLinksAreSkipped() throws {
        let scratch = try InputsScratch()
        var tar: [UInt8] = []
        tar += Self.tarMember("../../escape.txt", Array("up and out".utf8))
        tar += Self.tarMember("/abs/olute.txt", Array("rooted".utf8))
        tar += Self.tarMember("./dot/slash.txt", Array("dotted".utf8))
        tar += Self.tarHeader(name: "sym.txt", type: "2", link: "/etc/passwd")
        tar += Self.tarHeader(name: "hard.txt", type: "1", link: "../../escape.txt")
        tar += Self.tarHeader(name: "dev", type: "3")
        tar += Self.tarHeader(name: "fifo", type: "6")
        tar += Self.tarHeader(name: "folder/", type: "5")
        tar += Self.tarMember("folder/naïve café.cif", Array("data_é".utf8))
        tar += Self.tarMember("__MACOSX/folder/._naïve café.cif", Array("resource fork".utf8))
        tar += Self.tarMember("repo/.git/config", Array("hidden".utf8))
        tar += Self.tarMember(".hidden.cif", Array("hidden".utf8))
        tar += Self.tarEnd
        let path = try Self.write(tar, "hostile.tar", in: scratch)
        let spec = InputSpec(path: path)
        let units = try InputPlanner.units(for: spec)
        #expect(units.first?.kind == .archive)
        let result = try InputWalker.collectAll(spec)
        #expect(result.rejections.isEmpty, "\(result.rejections)")
        #expect(result.members.map { $0.member ?? "" } == ["../../escape.txt", "/abs/olute.txt", "./dot/slash.txt", "folder/naïve café.cif"])
        #expect(result.relativePaths == ["../../escape.txt", "abs/olute.txt", "dot/slash.txt", "folder/naïve café.cif"])
        #expect(result.bytes(of: "../../escape.txt") == Array("up and out".utf8))
        #expect(result.bytes(of: "folder/naïve café.cif") == Array("data_é".utf8))
        // Nothing was written anywhere.
        #expect(!FileManager.default.fileExists(atPath: scratch.url.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("escape.txt").path))
        // Globs see the normalized path.
        let filtered = try InputWalker.collectAll(InputSpec(path: path, include: ["dot/*", "*.cif"]))
        #expect(filtered.relativePaths == ["dot/slash.txt", "folder/naïve café.cif"])
    }

    @Test func absurdSizesEndInARejectionNotACrash() throws {
        let scratch = try InputsScratch()
        // An 8 GiB header over 1000 bytes of data, then the file ends.
        let huge = Self.tarMember("first.txt", Array("fine".utf8))
            + Self.tarHeader(name: "huge.bin", rawSize: Array("77777777777\u{0}".utf8))
            + InputsTools.noise(1000, seed: 5)
        let hugePath = try Self.write(huge, "huge.tar", in: scratch)
        let r1 = try InputWalker.collectAll(InputSpec(path: hugePath))
        #expect(r1.relativePaths == ["first.txt"])
        #expect(r1.rejections.count == 1)
        let rejection = try #require(r1.rejections.first)
        #expect(rejection.member == "huge.bin")
        #expect((rejection.offset ?? -1) >= 0 && (rejection.offset ?? .max) <= 1000)

        // GNU base-256 sizes: the largest positive, and a negative one (all bits set).
        for raw in [[0x80 as UInt8, 0x7F] + [UInt8](repeating: 0xFF, count: 10), [UInt8](repeating: 0xFF, count: 12)] {
            let bytes = Self.tarHeader(name: "b256.bin", rawSize: raw) + InputsTools.noise(700, seed: 9)
            let path = try Self.write(bytes, "b256.tar", in: scratch)
            var sizes: [Int64?] = []
            var rejections: [InputRejection] = []
            let unit = InputUnit(path: path, relativePath: "b256.tar", size: Int64(bytes.count), kind: .archive)
            try InputWalker.forEachMember(of: unit, spec: InputSpec(path: path)) { member in
                sizes.append(member.size)
                _ = try? member.source.readAll(limit: 1 << 20)
            } onReject: { rejections.append($0) }
            // Observed: libarchive refuses both headers ("Tar entry size overflow", "Tar entry has negative size").
            #expect(sizes.allSatisfy { ($0 ?? 0) >= 0 })
            #expect(rejections.count == 1 && rejections.first?.member == nil, "\(rejections)")
        }
    }

    /// A tar header with a bad checksum: libarchive says "Damaged tar archive" (ARCHIVE_RETRY) for it
    /// and for each data block after it, until the next valid header; one rejection, then the walk goes on.
    @Test func damagedTarHeaderIsSkippedAndTheWalkResynchronizes() throws {
        let scratch = try InputsScratch()
        var second = Self.tarMember("two.txt", InputsTools.noise(3000, seed: 12))
        second[0] ^= 0x01  // the name changes, the checksum no longer matches
        let tar = Self.tarMember("one.txt", Array("first".utf8)) + second
            + Self.tarMember("three.txt", Array("third".utf8)) + Self.tarEnd
        let path = try Self.write(tar, "resync.tar", in: scratch)
        let result = try InputWalker.collectAll(InputSpec(path: path))
        #expect(result.relativePaths == ["one.txt", "three.txt"])
        #expect(result.bytes(of: "three.txt") == Array("third".utf8))
        #expect(result.rejections.count == 1)
        let rejection = try #require(result.rejections.first)
        #expect(rejection.member == nil && rejection.offset != nil)
        #expect(rejection.reason.contains("after member one.txt") && rejection.reason.contains("ARCHIVE_RETRY"))
    }

    @Test func garbageBehindArchiveMagicIsRejected() throws {
        let scratch = try InputsScratch()
        let gz = try Self.write([0x1F, 0x8B, 8, 0] + InputsTools.noise(5000, seed: 3), "garbage.tar.gz", in: scratch)
        let zip = try Self.write(Array("PK\u{3}\u{4}".utf8) + InputsTools.noise(5000, seed: 4), "garbage.zip", in: scratch)
        let ustar = try Self.write(InputsTools.noise(257, seed: 6) + Array("ustar".utf8) + InputsTools.noise(2000, seed: 8), "garbage.tar", in: scratch)
        let zeroTar = try Self.write(Self.tarEnd, "empty.tar", in: scratch)  // no magic: a plain file
        for path in [gz, zip, ustar] {
            let units = try InputPlanner.units(for: InputSpec(path: path))
            #expect(units.first?.kind == .archive, "\(path)")
            let result = try InputWalker.collectAll(InputSpec(path: path))
            #expect(result.members.isEmpty)
            #expect(result.rejections.count == 1)
            #expect(result.rejections.first?.file == path)
            #expect(result.rejections.first?.member == nil)
        }
        #expect(try InputPlanner.units(for: InputSpec(path: zeroTar)).first?.kind == .file)
    }

    @Test(.enabled(if: InputsTools.has("tar", "gzip"), "tar or gzip not installed"))
    func emptyArchivesYieldNothing() throws {
        let scratch = try InputsScratch()
        try FileManager.default.createDirectory(at: scratch.sub("nothing"), withIntermediateDirectories: true)
        try InputsTools.run("tar", ["-czf", "empty.tar.gz", "--files-from", "/dev/null"], in: scratch.url)
        try InputsTools.run("tar", ["-cf", "dirs.tar", "nothing"], in: scratch.url)
        for name in ["empty.tar.gz", "dirs.tar"] {
            let result = try InputWalker.collectAll(InputSpec(path: scratch.sub(name).path))
            #expect(result.members.isEmpty && result.rejections.isEmpty, "\(name): \(result.rejections)")
        }
    }

    @Test(.enabled(if: InputsTools.has("zip"), "zip not installed"))
    func zipNamesInUTF8() throws {
        let scratch = try InputsScratch()
        try InputsTools.write(["naïve café.cif": Array("data_z".utf8), "plain.txt": Array("p".utf8)], under: scratch.sub("z"))
        try InputsTools.run("zip", ["-q", "../u.zip", "naïve café.cif", "plain.txt"], in: scratch.sub("z"))
        let result = try InputWalker.collectAll(InputSpec(path: scratch.sub("u.zip").path, include: ["*.cif"]))
        #expect(result.rejections.isEmpty)
        #expect(result.relativePaths == ["naïve café.cif"])
        #expect(result.members.first?.bytes == Array("data_z".utf8))
    }

    @Test func vanishedFilesThrow() throws {
        let scratch = try InputsScratch()
        let tar = try Self.write(Self.tarMember("a.txt", [1, 2, 3]) + Self.tarEnd, "gone.tar", in: scratch)
        let file = try Self.write([1, 2, 3], "gone.txt", in: scratch)
        let units = try InputPlanner.units(for: InputSpec(path: scratch.path))
        #expect(units.map(\.kind) == [.archive, .file])
        try FileManager.default.removeItem(atPath: tar)
        try FileManager.default.removeItem(atPath: file)
        for unit in units {
            var rejections: [InputRejection] = []
            let error = #expect(throws: InputError.self) {
                try InputWalker.forEachMember(of: unit, spec: InputSpec(path: scratch.path)) { _ in } onReject: { rejections.append($0) }
            }
            if case .system(let call, let errno, let path)? = error {
                #expect(call == "open" && errno == ENOENT && path == unit.path)
            } else {
                Issue.record("expected a system error, got \(String(describing: error))")
            }
            #expect(rejections.isEmpty)
        }
    }
}
