/// The parts of a SentencePiece `ModelProto` (sentencepiece_model.proto) that encoding and decoding need,
/// read with `ProtobufReader`. Unknown fields are skipped; known fields must have their wire type.
struct SentencePieceModelFile: Sendable {
    enum PieceType: UInt8, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    struct Piece: Sendable {
        var text: String
        var score: Float
        var type: PieceType
        /// Offset of the piece's message in the file (for error messages).
        var offset: Int
    }

    /// `TrainerSpec.ModelType`.
    enum ModelType: Int, Sendable {
        case unigram = 1, bpe = 2, word = 3, char = 4
    }

    var pieces: [Piece] = []
    // TrainerSpec (field 2). Defaults are the proto's.
    var modelType: Int = ModelType.unigram.rawValue
    var byteFallback = false
    var treatWhitespaceAsSuffix = false
    var unknownSurface = " \u{2047} "
    // NormalizerSpec (field 3).
    var normalizerName = ""
    var precompiledCharsmapLength = 0
    var addDummyPrefix = true
    var removeExtraWhitespaces = true
    var escapeWhitespaces = true
    // DenormalizerSpec (field 5).
    var denormalizerCharsmapLength = 0

    init(bytes: [UInt8], path: String) throws {
        var reader = ProtobufReader(bytes: bytes, path: path)
        guard !bytes.isEmpty else { throw reader.malformed(at: 0, "empty file") }
        var sawTrainerSpec = false, sawNormalizerSpec = false
        while let (field, wire, offset) = try reader.readTag() {
            switch field {
            case 1:
                try reader.expect(wire, .lengthDelimited, field: "ModelProto.pieces", at: offset)
                let range = try reader.readLengthDelimited()
                pieces.append(try Self.readPiece(reader.reader(for: range), offset: offset))
            case 2:
                try reader.expect(wire, .lengthDelimited, field: "ModelProto.trainer_spec", at: offset)
                try readTrainerSpec(reader.reader(for: try reader.readLengthDelimited()))
                sawTrainerSpec = true
            case 3:
                try reader.expect(wire, .lengthDelimited, field: "ModelProto.normalizer_spec", at: offset)
                try readNormalizerSpec(reader.reader(for: try reader.readLengthDelimited()), denormalizer: false)
                sawNormalizerSpec = true
            case 5:
                try reader.expect(wire, .lengthDelimited, field: "ModelProto.denormalizer_spec", at: offset)
                try readNormalizerSpec(reader.reader(for: try reader.readLengthDelimited()), denormalizer: true)
            default:
                try reader.skip(wire)
            }
        }
        // sentencepiece writes both specs after the pieces; a file cut between two fields parses cleanly
        // as far as it goes, so their absence is how such a truncation shows.
        guard sawTrainerSpec else {
            throw reader.malformed(at: bytes.count, "the file ends without a trainer_spec (field 2): truncated, or not a SentencePiece model")
        }
        guard sawNormalizerSpec else {
            throw reader.malformed(at: bytes.count, "the file ends without a normalizer_spec (field 3): truncated, or not a SentencePiece model")
        }
    }

    private static func readPiece(_ reader: ProtobufReader, offset: Int) throws -> Piece {
        var reader = reader
        var text: String?
        var score: Float = 0
        var type = PieceType.normal
        while let (field, wire, at) = try reader.readTag() {
            switch field {
            case 1:
                try reader.expect(wire, .lengthDelimited, field: "SentencePiece.piece", at: at)
                text = try reader.string(try reader.readLengthDelimited(), field: "SentencePiece.piece")
            case 2:
                try reader.expect(wire, .fixed32, field: "SentencePiece.score", at: at)
                score = Float(bitPattern: try reader.readFixed32())
                guard !score.isNaN else { throw reader.malformed(at: at, "piece score is NaN") }
            case 3:
                try reader.expect(wire, .varint, field: "SentencePiece.type", at: at)
                let raw = try reader.readVarint()
                guard raw <= 6, let t = PieceType(rawValue: UInt8(raw)) else {
                    throw reader.malformed(at: at, "unknown piece type \(Int64(bitPattern: raw))")
                }
                type = t
            default:
                try reader.skip(wire)
            }
        }
        guard let text, !text.isEmpty else { throw reader.malformed(at: offset, "piece without text") }
        return Piece(text: text, score: score, type: type, offset: offset)
    }

    private mutating func readTrainerSpec(_ reader: ProtobufReader) throws {
        var reader = reader
        while let (field, wire, at) = try reader.readTag() {
            switch field {
            case 3:  // model_type
                try reader.expect(wire, .varint, field: "TrainerSpec.model_type", at: at)
                modelType = Int(Int32(truncatingIfNeeded: try reader.readVarint()))
            case 24:  // treat_whitespace_as_suffix
                try reader.expect(wire, .varint, field: "TrainerSpec.treat_whitespace_as_suffix", at: at)
                treatWhitespaceAsSuffix = try reader.readVarint() != 0
            case 35:  // byte_fallback
                try reader.expect(wire, .varint, field: "TrainerSpec.byte_fallback", at: at)
                byteFallback = try reader.readVarint() != 0
            case 44:  // unk_surface
                try reader.expect(wire, .lengthDelimited, field: "TrainerSpec.unk_surface", at: at)
                unknownSurface = try reader.string(try reader.readLengthDelimited(), field: "TrainerSpec.unk_surface")
            default:
                try reader.skip(wire)
            }
        }
    }

    private mutating func readNormalizerSpec(_ reader: ProtobufReader, denormalizer: Bool) throws {
        var reader = reader
        let spec = denormalizer ? "denormalizer_spec" : "NormalizerSpec"
        while let (field, wire, at) = try reader.readTag() {
            switch field {
            case 1 where !denormalizer:
                try reader.expect(wire, .lengthDelimited, field: "\(spec).name", at: at)
                normalizerName = try reader.string(try reader.readLengthDelimited(), field: "\(spec).name")
            case 2:
                try reader.expect(wire, .lengthDelimited, field: "\(spec).precompiled_charsmap", at: at)
                let length = try reader.readLengthDelimited().count
                if denormalizer { denormalizerCharsmapLength = length } else { precompiledCharsmapLength = length }
            case 3 where !denormalizer:
                try reader.expect(wire, .varint, field: "\(spec).add_dummy_prefix", at: at)
                addDummyPrefix = try reader.readVarint() != 0
            case 4 where !denormalizer:
                try reader.expect(wire, .varint, field: "\(spec).remove_extra_whitespaces", at: at)
                removeExtraWhitespaces = try reader.readVarint() != 0
            case 5 where !denormalizer:
                try reader.expect(wire, .varint, field: "\(spec).escape_whitespaces", at: at)
                escapeWhitespaces = try reader.readVarint() != 0
            default:
                try reader.skip(wire)
            }
        }
    }
}
