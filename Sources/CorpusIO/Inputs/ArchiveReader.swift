// The only file that imports CArchive: every libarchive pointer stays in here.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CArchive
import CorpusCore

/// A libarchive result, named.
enum ArchiveStatus: Sendable, Equatable, CustomStringConvertible {
    case ok, eof, retry, warn, failed, fatal

    init(_ code: Int32) {
        switch code {
        case ARCHIVE_OK: self = .ok
        case ARCHIVE_EOF: self = .eof
        case ARCHIVE_RETRY: self = .retry
        case ARCHIVE_WARN: self = .warn
        case ARCHIVE_FAILED: self = .failed
        default: self = .fatal  // ARCHIVE_FATAL, and anything unknown
        }
    }

    var description: String {
        switch self {
        case .ok: return "ARCHIVE_OK"
        case .eof: return "ARCHIVE_EOF"
        case .retry: return "ARCHIVE_RETRY"
        case .warn: return "ARCHIVE_WARN"
        case .failed: return "ARCHIVE_FAILED"
        case .fatal: return "ARCHIVE_FATAL"
        }
    }
}

/// A libarchive failure: its status and error string.
struct ArchiveFailure: Error, Sendable, Equatable {
    var status: ArchiveStatus
    var message: String
}

/// What an archive entry header says, copied out of libarchive.
struct ArchiveEntryInfo: Sendable {
    /// The entry's name, or nil when libarchive has none.
    var pathname: String?
    /// The size the header declares, or nil when unset or negative.
    var size: Int64?
    /// A regular file with its own data: not a folder, link, hard link or device.
    var isRegularFile: Bool
}

/// The result of reading the next entry header.
enum ArchiveHeader {
    /// An entry; `warning` carries libarchive's message for `ARCHIVE_WARN`.
    case entry(ArchiveEntryInfo, warning: String?)
    /// The end of the archive.
    case end
    /// No usable entry; `entry` has what libarchive read of it, if anything.
    case failure(ArchiveFailure, entry: ArchiveEntryInfo?)
}

/// One archive opened for streaming with libarchive (tar and zip, gzip/bzip2/xz/zstd, 1 MiB reads).
/// Not thread-safe; one reader per archive per thread.
final class ArchiveReader {
    let path: String
    private let fd: Int32
    private let archive: OpaquePointer
    /// The member source of the current entry, invalidated when the reader moves on.
    private weak var currentSource: ArchiveMemberSource?

    /// Read size handed to libarchive.
    static let blockSize = 1 << 20

    /// Opens the file; throws `InputError.system` when it cannot be opened (missing, unreadable).
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError.system(call: "open", errno: errno, path: path) }
        guard let archive = archive_read_new() else {
            close(fd)
            throw InputError.archive(offset: nil, detail: "archive_read_new failed (out of memory) for \(path)")
        }
        self.fd = fd
        self.archive = archive
        // Only what InputPlanner hands over: tar and zip, raw or under gzip, bzip2, xz or zstd. Not
        // `_all`: every extra format is one more parser exposed to hostile bytes, and some accept
        // nearly anything (a gzip'd text line `./x type=file` reads as an mtree listing with a member
        // `./x`; with its checkfs option mtree even opens the files it names on this machine); some
        // `_all` filters (lrzip, lzop, grzip, lz4 without the library) run external programs.
        archive_read_support_filter_gzip(archive)
        archive_read_support_filter_bzip2(archive)
        archive_read_support_filter_xz(archive)
        archive_read_support_filter_zstd(archive)
        archive_read_support_format_tar(archive)   // ustar, pax, GNU, v7
        archive_read_support_format_zip(archive)   // streamable and seekable readers
        archive_read_support_format_empty(archive) // a compressed tar of nothing
    }

    deinit {
        currentSource?.invalidate()
        archive_read_free(archive)
        close(fd)
    }

    /// Starts reading: detects the filters and the format. A failure means the file is not an archive
    /// libarchive can read (or its first bytes are damaged).
    func start() -> ArchiveFailure? {
        let code = archive_read_open_fd(archive, fd, Self.blockSize)
        return code == ARCHIVE_OK ? nil : failure(code)
    }

    /// Moves to the next entry; any unread data of the current one is skipped by libarchive.
    func nextHeader() -> ArchiveHeader {
        currentSource?.invalidate()
        currentSource = nil
        var entry: OpaquePointer?
        let code = archive_read_next_header(archive, &entry)
        let status = ArchiveStatus(code)
        let info = entry.map(Self.info(of:))
        switch status {
        case .ok:
            return info.map { .entry($0, warning: nil) } ?? .failure(ArchiveFailure(status: .fatal, message: "libarchive returned no entry"), entry: nil)
        case .warn:
            return info.map { .entry($0, warning: errorString(code)) } ?? .failure(failure(code), entry: nil)
        case .eof:
            return .end
        case .retry, .failed, .fatal:
            return .failure(failure(code), entry: info)
        }
    }

    /// A source over the current entry's data, valid until the next `nextHeader()` or `skipData()`.
    func memberSource(member: String) -> ArchiveMemberSource {
        currentSource?.invalidate()
        let source = ArchiveMemberSource(reader: self, archivePath: path, member: member)
        currentSource = source
        return source
    }

    /// Skips what is left of the current entry's data.
    func skipData() -> ArchiveFailure? {
        currentSource?.invalidate()
        currentSource = nil
        let code = archive_read_data_skip(archive)
        return code == ARCHIVE_OK || code == ARCHIVE_EOF ? nil : failure(code)
    }

    /// Bytes of the archive file consumed so far (the compressed position); nil before the archive is
    /// open or after opening failed, when libarchive has no filter chain to ask.
    var compressedPosition: Int64? {
        let position = Int64(archive_filter_bytes(archive, -1))
        return position >= 0 ? position : nil
    }

    /// Bytes handed to the format reader so far (the uncompressed position), or nil.
    var uncompressedPosition: Int64? {
        let position = Int64(archive_filter_bytes(archive, 0))
        return position >= 0 ? position : nil
    }

    /// The format libarchive detected, such as "POSIX ustar format" or "ZIP 2.0 (deflation)".
    var formatName: String? { archive_format_name(archive).map { String(cString: $0) } }

    // MARK: - Data, for ArchiveMemberSource

    /// `archive_read_data`: a byte count (0 at the end of the entry) or a failure.
    fileprivate func readData(into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, ArchiveFailure> {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(0) }
        let n = archive_read_data(archive, base, buffer.count)
        if n >= 0 { return .success(n) }
        return .failure(failure(Int32(truncatingIfNeeded: n)))
    }

    // MARK: - Helpers

    private func failure(_ code: Int32) -> ArchiveFailure {
        ArchiveFailure(status: ArchiveStatus(code), message: errorString(code))
    }

    private func errorString(_ code: Int32) -> String {
        if let cString = archive_error_string(archive) {
            let text = String(decoding: UnsafeRawBufferPointer(start: cString, count: strlen(cString)), as: UTF8.self)
                .split(whereSeparator: { $0.isNewline || $0 == " " }).joined(separator: " ")
            if !text.isEmpty { return text }
        }
        let number = archive_errno(archive)
        return number > 0 ? "\(ArchiveStatus(code)): \(String(cString: strerror(number)))" : "\(ArchiveStatus(code)) without a message"
    }

    private static func info(of entry: OpaquePointer) -> ArchiveEntryInfo {
        let isRegular = archive_entry_filetype(entry) & 0o170000 == 0o100000  // AE_IFREG && archive_entry_hardlink(entry) == nil
        var size: Int64?
        if archive_entry_size_is_set(entry) != 0 {
            let s = Int64(archive_entry_size(entry))
            size = s >= 0 ? s : nil
        }
        return ArchiveEntryInfo(pathname: pathname(of: entry), size: size, isRegularFile: isRegular)
    }

    /// The entry name as UTF-8: the raw name when it is valid UTF-8 (nearly always), else libarchive's
    /// conversion to UTF-8 (which knows the archive's declared charset), else the raw bytes repaired.
    private static func pathname(of entry: OpaquePointer) -> String? {
        let raw = archive_entry_pathname(entry)
        if let raw, let text = String(validatingCString: raw) { return text }
        if let utf8 = archive_entry_pathname_utf8(entry), let text = String(validatingCString: utf8) { return text }
        if let raw { return String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self) }
        return nil
    }
}

/// The bytes of one archive member, read straight from libarchive (`archive_read_data`).
///
/// Valid only while the walker is on that member (during the body call); reading it afterwards
/// throws. A read failure (a corrupt or truncated member) throws `InputError.archive` with the
/// member offset reached, and every later read throws the same error.
public final class ArchiveMemberSource: ByteSource {
    /// The archive file.
    public let archivePath: String
    /// The member's name as stored in the archive.
    public let member: String
    /// Bytes of the member delivered so far.
    public private(set) var bytesRead: Int64 = 0

    private weak var reader: ArchiveReader?
    private var reachedEnd = false
    /// The libarchive failure met while reading, with the error thrown for it.
    private(set) var failure: (failure: ArchiveFailure, offset: Int64, compressedPosition: Int64?, error: InputError)?

    fileprivate init(reader: ArchiveReader, archivePath: String, member: String) {
        self.reader = reader
        self.archivePath = archivePath
        self.member = member
    }

    /// Called by the reader when it moves past this member.
    fileprivate func invalidate() { reader = nil }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let failure { throw failure.error }
        if reachedEnd || buffer.count == 0 { return 0 }
        guard let reader else {
            throw InputError.archive(offset: bytesRead, detail: "member \(member) of \(archivePath) read after the walker moved past it")
        }
        switch reader.readData(into: buffer) {
        case .success(let n):
            if n == 0 { reachedEnd = true }
            bytesRead += Int64(n)
            return n
        case .failure(let failure):
            let position = reader.compressedPosition
            let error = InputError.archive(offset: bytesRead, detail: failure.message)
            self.failure = (failure, bytesRead, position, error)
            throw error
        }
    }
}
