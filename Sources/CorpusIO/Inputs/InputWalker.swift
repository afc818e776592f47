import CorpusCore

/// Reads the members of input units: a file is one member; an archive is streamed member by member
/// through libarchive, never unpacked to disk.
///
/// Errors are split in two:
/// - **Data problems** (a corrupt or truncated archive or member, an unreadable compressed header) are
///   reported through `onReject` and the walk goes on where it can. They are never thrown.
/// - **Everything else is thrown**: the unit's file cannot be opened (vanished, permissions), a glob is
///   invalid, or the `body` closure threw; errors thrown by `body` propagate unchanged.
///
/// Read failures of an archive member's bytes are reported by the walker, exactly once, whether the
/// body let the `InputError` from the member source propagate (the walker then does not rethrow it)
/// or swallowed it. A body should therefore not report them itself.
///
/// What damage can and cannot be seen (libarchive 3.6.2, observed in the tests): plain tar has no
/// checksum over data, and libarchive does not verify the gzip CRC, so damaged bytes inside a tar or
/// tar.gz member can be delivered as they are; with gzip the damage usually shows at the next tar
/// header. xz, zstd, bzip2 and zip check their data. zstd and bzip2 decode in large units (a frame
/// window, a 900 kB block), so damage can stop a small archive before its first member.
public struct InputWalker: Sendable {
    /// The spec the units came from; its globs select archive members.
    public let spec: InputSpec
    /// The spec's globs, compiled once.
    public let filter: GlobFilter

    /// Compiles the spec's globs; throws `InputPlanError.invalidPattern` for a bad one.
    public init(spec: InputSpec) throws {
        self.spec = spec
        do { filter = try spec.compiledFilter() } catch let error as Glob.PatternError {
            throw InputPlanError.invalidPattern(error)
        }
    }

    /// Calls `body` for each member of `unit`, using the globs of `spec`; see `forEachMember(of:body:onReject:)`.
    /// Compiles the globs on every call: keep an `InputWalker` to walk many units of one spec.
    public static func forEachMember(
        of unit: InputUnit, spec: InputSpec,
        body: (InputMember) throws -> Void,
        onReject: (InputRejection) -> Void
    ) throws {
        try InputWalker(spec: spec).forEachMember(of: unit, body: body, onReject: onReject)
    }

    /// Calls `body` for each member of `unit`, in archive order.
    ///
    /// - A `.file` unit is one member: `member` is nil, `relativePath` is the unit's, `size` its size on
    ///   disk, and the source yields the file's bytes, decompressed when they are gzip or zstd.
    /// - An `.archive` unit yields each regular-file entry (folders, symbolic links, hard links and
    ///   devices are skipped) whose path passes the globs (see `InputSpec`) and has no hidden segment
    ///   (one starting with `.`, as in the folder walk: `.git/...`, the `__MACOSX/._x.xml` resource forks
    ///   of macOS zips). `member` is the entry name as stored, `relativePath` the same without a leading
    ///   `./` or `/`, `size` the size the header declares, and the source an `ArchiveMemberSource`
    ///   wrapped by `Decompression.open`, so `.gz` and `.zst` members are decompressed. The source is
    ///   valid only during the `body` call; what the body leaves unread is skipped.
    ///
    /// Rejections:
    /// - A member whose data cannot be read (`ARCHIVE_WARN`/`ARCHIVE_FAILED` from `archive_read_data`,
    ///   say a zip entry that inflates to the wrong size or CRC) names the archive, the member, the
    ///   member bytes read so far (as stored, before `Decompression`) and libarchive's message; the walk
    ///   goes on with the next member. With `ARCHIVE_FATAL` (truncation, corrupt xz/zstd/gzip data inside
    ///   the member) the rejection is the same and the walk of this archive ends.
    /// - A damaged archive outside member data (not an archive libarchive can open, a broken header)
    ///   gives a rejection with `member` nil, `offset` the compressed position reached in the archive
    ///   file (`archive_filter_bytes`), and a reason naming the last member delivered. A broken tar
    ///   header (`ARCHIVE_RETRY`) is reported once and tar resynchronizes on the next valid header;
    ///   anything fatal ends the walk of this archive.
    ///
    /// Entry names such as `../../x` are only names: nothing is ever written to disk.
    public func forEachMember(
        of unit: InputUnit,
        body: (InputMember) throws -> Void,
        onReject: (InputRejection) -> Void
    ) throws {
        switch unit.kind {
        case .file: try readFile(unit, body: body, onReject: onReject)
        case .archive: try readArchive(unit, body: body, onReject: onReject)
        }
    }

    // MARK: - Files

    private func readFile(_ unit: InputUnit, body: (InputMember) throws -> Void, onReject: (InputRejection) -> Void) throws {
        let file = try FileByteSource(path: unit.path)
        let source: any ByteSource
        do {
            source = try Decompression.open(file)
        } catch let error as InputError {
            if case .system = error { throw error }
            onReject(InputRejection(file: unit.path, offset: error.offset, reason: error.description))
            return
        }
        try body(InputMember(file: unit.path, member: nil, relativePath: unit.relativePath, size: unit.size, source: source))
    }

    // MARK: - Archives

    /// Whether the archive's own path is named by an include pattern: then all its members are read.
    private func archiveIsNamed(_ unit: InputUnit) -> Bool { filter.isIncluded(unit.relativePath) }

    private func selects(member path: String, archiveNamed: Bool) -> Bool {
        if filter.isExcluded(path) { return false }
        return archiveNamed || filter.include.isEmpty || filter.isIncluded(path)
    }

    /// Consecutive header failures (`ARCHIVE_RETRY`/`ARCHIVE_FAILED`) without the archive position moving
    /// after which the walk gives up on an archive.
    static let maximumStalledHeaderFailures = 8

    private func readArchive(_ unit: InputUnit, body: (InputMember) throws -> Void, onReject: (InputRejection) -> Void) throws {
        let reader = try ArchiveReader(path: unit.path)
        let archiveNamed = archiveIsNamed(unit)
        var lastMember: String?

        /// " at compressed byte N" when libarchive knows the position.
        func at(_ position: Int64?) -> String { position.map { ", at compressed byte \($0)" } ?? "" }

        /// An archive-level rejection: member nil, offset = compressed position in the archive file; the
        /// reason names the last member delivered (whose bytes may be damaged too when a gzip stream is:
        /// libarchive does not check gzip CRCs).
        func rejectArchive(_ failure: ArchiveFailure, _ what: String) {
            let position = reader.compressedPosition
            let after = lastMember.map { "after member \($0)" } ?? "before the first member"
            onReject(InputRejection(
                file: unit.path, offset: position,
                reason: "\(what): \(failure.message) (\(failure.status), \(after)\(at(position)))"))
        }

        if let failure = reader.start() {
            rejectArchive(failure, "cannot read archive")
            return
        }

        var stalledFailures = 0
        var lastFailurePosition: (Int64?, Int64?) = (-1, -1)
        var inRetryRun = false
        while true {
            let header = reader.nextHeader()
            let info: ArchiveEntryInfo
            switch header {
            case .end:
                return
            case .entry(let entry, _):
                info = entry
                inRetryRun = false
                stalledFailures = 0
            case .failure(let failure, let entry):
                if failure.status == .fatal {
                    rejectArchive(failure, "damaged archive")
                    return
                }
                // ARCHIVE_RETRY or ARCHIVE_FAILED: this header is unusable, the next may be readable.
                let position = (reader.compressedPosition, reader.uncompressedPosition)
                stalledFailures = position == lastFailurePosition ? stalledFailures + 1 : 0
                lastFailurePosition = position
                if stalledFailures >= Self.maximumStalledHeaderFailures {
                    rejectArchive(failure, "damaged archive, giving up after repeated header failures")
                    return
                }
                if failure.status == .retry {
                    // A run of retries is one damaged stretch (tar resynchronizing): report it once.
                    if !inRetryRun { rejectArchive(failure, "damaged entry header, skipped") }
                    inRetryRun = true
                } else if let name = entry?.pathname {
                    onReject(InputRejection(file: unit.path, member: name, offset: 0,
                                            reason: "unreadable entry header: \(failure.message) (\(failure.status))"))
                } else {
                    rejectArchive(failure, "unreadable entry header")
                }
                continue
            }

            guard info.isRegularFile else { continue }
            guard let name = info.pathname, !name.isEmpty else {
                rejectArchive(ArchiveFailure(status: .failed, message: "entry has no name"), "skipped an entry")
                continue
            }
            let relative = Self.normalizedMemberPath(name)
            guard !Self.isHidden(relative), selects(member: relative, archiveNamed: archiveNamed) else { continue }
            lastMember = name

            let source = reader.memberSource(member: name)
            var bodyError: (any Error)?
            var openRejection: InputRejection?
            var opened: (any ByteSource)?
            do {
                opened = try Decompression.open(source)
            } catch let error as InputError where source.failure == nil {
                // Decompression.open itself rejected the bytes (say a damaged gzip header).
                if case .system = error { bodyError = error } else {
                    openRejection = InputRejection(file: unit.path, member: name, offset: error.offset, reason: error.description)
                }
            } catch {
                // A read failure of the member is reported below; anything else is not ours to hide.
                if source.failure == nil { bodyError = error }
            }
            if let opened {
                do {
                    try body(InputMember(file: unit.path, member: name, relativePath: relative, size: info.size, source: opened))
                } catch {
                    bodyError = error
                }
            }

            if let failure = source.failure {
                onReject(InputRejection(
                    file: unit.path, member: name, offset: failure.offset,
                    reason: "\(failure.failure.message) (\(failure.failure.status)\(at(failure.compressedPosition)))"))
                if let bodyError, (bodyError as? InputError) != failure.error { throw bodyError }
                if failure.failure.status == .fatal { return }
                continue  // libarchive skips to the next header
            }
            if let bodyError { throw bodyError }
            if let openRejection { onReject(openRejection) }

            if let failure = reader.skipData() {
                onReject(InputRejection(
                    file: unit.path, member: name, offset: source.bytesRead,
                    reason: "\(failure.message) (\(failure.status), while skipping the unread rest of the member\(at(reader.compressedPosition)))"))
                if failure.status == .fatal { return }
            }
        }
    }

    /// Whether a segment of the path starts with `.` (`.git/x`, `__MACOSX/._a.xml`); `.` and `..`
    /// segments are not hidden, only odd.
    static func isHidden(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0.hasPrefix(".") && $0 != "." && $0 != ".." }
    }

    /// A member name without leading `/` and `./`: the path globs and locators use.
    static func normalizedMemberPath(_ name: String) -> String {
        var path = Substring(name)
        while true {
            if path.hasPrefix("./") { path = path.dropFirst(2) } else if path.hasPrefix("/") { path = path.dropFirst() } else { break }
        }
        return path.isEmpty ? name : String(path)
    }
}
