import Foundation
import Testing
import CorpusCore
@testable import CorpusIO
import _CorpusTestSupport

@Suite("Inputs: planning")
struct InputsPlannerTests {
    @Test func folderWalkIsSortedAndFiltered() throws {
        let scratch = try InputsScratch()
        let root = scratch.sub("corpus")
        try InputsTools.write([
            "b.xml": InputsTools.text("<b/>"),
            "a.xml": InputsTools.text("<a/>"),
            "notes.txt": InputsTools.text("skip me"),
            "sub/c.nxml": InputsTools.text("<c/>"),
            "sub/deeper/d.xml": InputsTools.text("<d/>"),
            "sub/draft/e.xml": InputsTools.text("<e/>"),
            "A.xml": InputsTools.text("<A/>"),
            ".hidden/f.xml": InputsTools.text("<f/>"),
            ".g.xml": InputsTools.text("<g/>"),
            "sub/.h.xml": InputsTools.text("<h/>"),
            "single.xml.gz": [0x1F, 0x8B, 8, 0],  // a .gz file is a file, and *.xml does not match it
        ], under: root)
        let spec = InputSpec(path: root.path, include: ["*.{xml,nxml}"], exclude: ["**/draft/**"])
        let units = try InputPlanner.units(for: spec)
        #expect(units.map(\.relativePath) == ["A.xml", "a.xml", "b.xml", "sub/c.nxml", "sub/deeper/d.xml"])
        #expect(units.allSatisfy { $0.kind == .file })
        #expect(units.map(\.path) == units.map { root.path + "/" + $0.relativePath })
        #expect(units.first { $0.relativePath == "b.xml" }?.size == 4)

        // Empty include = everything that is not hidden; a trailing slash on the spec path is fine.
        let everything = try InputPlanner.units(for: InputSpec(path: root.path + "/"))
        #expect(everything.map(\.relativePath) == ["A.xml", "a.xml", "b.xml", "notes.txt", "single.xml.gz",
                                                   "sub/c.nxml", "sub/deeper/d.xml", "sub/draft/e.xml"])
        #expect(everything[0].path == root.path + "/A.xml")

        // Path patterns look at the path relative to the spec root.
        let pathPattern = try InputPlanner.units(for: InputSpec(path: root.path, include: ["sub/*.nxml", "*.txt"]))
        #expect(pathPattern.map(\.relativePath) == ["notes.txt", "sub/c.nxml"])
    }

    @Test func symlinkLoopsEndAndFoldersAreWalkedOnce() throws {
        let scratch = try InputsScratch()
        let root = scratch.sub("tree")
        try InputsTools.write(["a/x.cif": InputsTools.text("data_x"), "b/y.cif": InputsTools.text("data_y")], under: root)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("a/loop").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("c").path, withDestinationPath: "b")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("broken.cif").path, withDestinationPath: "nowhere")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("z.cif").path, withDestinationPath: "a/x.cif")
        let units = try InputPlanner.units(for: InputSpec(path: root.path, include: ["*.cif"]))
        // a/loop -> root (already walked); c -> b (walked as b first, in sorted order); broken link skipped;
        // a symlink to a file is a file.
        #expect(units.map(\.relativePath) == ["a/x.cif", "b/y.cif", "z.cif"])
    }

    @Test func singleFileSpecs() throws {
        let scratch = try InputsScratch()
        try InputsTools.write(["one.cif": InputsTools.text("data_one\n")], under: scratch.url)
        let cif = scratch.sub("one.cif").path
        // A file named directly is read whatever the globs say.
        let units = try InputPlanner.units(for: InputSpec(path: cif, include: ["*.xml"]))
        #expect(units == [InputUnit(path: cif, relativePath: "one.cif", size: 9, kind: .file)])
    }

    @Test(.enabled(if: InputsTools.has("tar", "gzip", "zip"), "tar, gzip or zip is not installed"))
    func archivesAreFoundByMagicBytes() throws {
        let scratch = try InputsScratch()
        let src = scratch.sub("src")
        try InputsTools.write(["m.cif": InputsTools.text("data_m\n")], under: src)
        let dir = scratch.sub("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try InputsTools.run("tar", ["-cf", dir.appendingPathComponent("plain.tar").path, "m.cif"], in: src)
        try InputsTools.run("tar", ["-czf", dir.appendingPathComponent("packed.tgz").path, "m.cif"], in: src)
        try InputsTools.run("tar", ["-czf", dir.appendingPathComponent("misnamed.gz").path, "m.cif"], in: src)
        try InputsTools.run("zip", ["-q", dir.appendingPathComponent("bundle.zip").path, "m.cif"], in: src)
        try FileManager.default.copyItem(at: dir.appendingPathComponent("bundle.zip"), to: dir.appendingPathComponent("noext"))
        try FileManager.default.copyItem(at: dir.appendingPathComponent("plain.tar"), to: dir.appendingPathComponent("tarball.dat"))
        try InputsTools.write([
            "fake.tar.gz": InputsTools.text("not gzip at all"),
            "single.cif.gz": [0x1F, 0x8B, 8, 0, 0, 0, 0, 0],
        ], under: dir)

        let units = try InputPlanner.units(for: InputSpec(path: dir.path, include: ["*.cif"]))
        let kinds = Dictionary(uniqueKeysWithValues: units.map { ($0.relativePath, $0.kind) })
        // Archives are kept although "*.cif" does not match their names: include selects their members.
        #expect(kinds == ["bundle.zip": .archive, "noext": .archive, "packed.tgz": .archive,
                          "plain.tar": .archive, "tarball.dat": .archive])

        let all = try InputPlanner.units(for: InputSpec(path: dir.path))
        let allKinds = Dictionary(uniqueKeysWithValues: all.map { ($0.relativePath, $0.kind) })
        #expect(allKinds["fake.tar.gz"] == .file)      // no gzip magic
        #expect(allKinds["misnamed.gz"] == .file)      // gzip, but not named as a tar
        #expect(allKinds["single.cif.gz"] == .file)
        #expect(allKinds["packed.tgz"] == .archive)

        // Exclude drops archives by their own path.
        let excluded = try InputPlanner.units(for: InputSpec(path: dir.path, exclude: ["*.zip", "noext", "*.gz"]))
        #expect(excluded.map(\.relativePath) == ["packed.tgz", "plain.tar", "tarball.dat"])

        // followArchives: false makes them plain files, filtered like any file.
        let flat = try InputPlanner.units(for: InputSpec(path: dir.path, include: ["*.tar", "*.tgz"], followArchives: false))
        #expect(flat.map(\.relativePath) == ["packed.tgz", "plain.tar"])
        #expect(flat.allSatisfy { $0.kind == .file })

        // A single archive spec.
        let single = try InputPlanner.units(for: InputSpec(path: dir.appendingPathComponent("packed.tgz").path))
        #expect(single.map(\.relativePath) == ["packed.tgz"])
        #expect(single.first?.kind == .archive)
    }

    @Test func missingPathIsAnErrorNamingIt() throws {
        let scratch = try InputsScratch()
        let missing = scratch.sub("no/such/input").path
        let error = #expect(throws: InputPlanError.self) { try InputPlanner.units(for: InputSpec(path: missing)) }
        #expect(error == .missing(path: missing))
        #expect(error?.description.contains(missing) == true)

        // A file used as a folder is missing too.
        try InputsTools.write(["f": [1]], under: scratch.url)
        let notADir = scratch.sub("f").path + "/x"
        #expect(throws: InputPlanError.missing(path: notADir)) { try InputPlanner.units(for: InputSpec(path: notADir)) }
    }

    @Test func invalidGlobIsAnError() throws {
        let scratch = try InputsScratch()
        let error = #expect(throws: InputPlanError.self) {
            try InputPlanner.units(for: InputSpec(path: scratch.path, include: [""]))
        }
        #expect(error?.description.contains("empty") == true)
    }

    @Test func specCodable() throws {
        let decoder = JSONDecoder()
        let full = try decoder.decode(InputSpec.self, from: Data(#"{"path":"x","include":["*.xml"],"exclude":["a*"],"follow_archives":false}"#.utf8))
        #expect(full == InputSpec(path: "x", include: ["*.xml"], exclude: ["a*"], followArchives: false))
        let minimal = try decoder.decode(InputSpec.self, from: Data(#"{"path":"data/"}"#.utf8))
        #expect(minimal == InputSpec(path: "data/"))
        #expect(minimal.followArchives)
        let bare = try decoder.decode([InputSpec].self, from: Data(#"["a.tar", {"path":"b"}]"#.utf8))
        #expect(bare == [InputSpec(path: "a.tar"), InputSpec(path: "b")])
        let roundTrip = try decoder.decode(InputSpec.self, from: JSONEncoder().encode(full))
        #expect(roundTrip == full)

        let unit = InputUnit(path: "d/a.tar", relativePath: "a.tar", size: 10, kind: .archive)
        #expect(try decoder.decode(InputUnit.self, from: JSONEncoder().encode(unit)) == unit)
    }

    /// The real CIF fixtures: the planner finds exactly the files `find` finds.
    @Test(.enabled(if: Fixtures.shared != nil, "\(Fixtures.sharedMissing)"))
    func realCIFFixtures() throws {
        let cif = Fixtures.shared!.appendingPathComponent("fixtures/cif")
        let found = try InputsTools.run("find", [cif.path, "-name", "*.cif", "-not", "-path", "*/.*"], in: cif)
        let expected = found.split(separator: "\n").count
        let spec = InputSpec(path: cif.path, include: ["*.cif"])
        let units = try InputPlanner.units(for: spec)
        #expect(units.count == expected)
        #expect(expected > 0)
        #expect(units.allSatisfy { $0.relativePath.hasSuffix(".cif") && $0.kind == .file })
        #expect(units.map(\.relativePath) == units.map(\.relativePath).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        // Every unit reads back as many bytes as it has on disk (plain CIFs are not compressed).
        var total: Int64 = 0
        for unit in units {
            let r = InputWalker.collect(unit, spec: spec, chunk: 1 << 16)
            #expect(r.error == nil && r.rejections.isEmpty)
            #expect(r.members.count == 1 && Int64(r.members[0].bytes.count) == unit.size, "\(unit.relativePath)")
            total += unit.size
        }
        #expect(total > 0)
    }
}
