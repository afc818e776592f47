import Foundation

/// One running instance of a model: the KV cache for up to `sequenceCount` independent sequences,
/// scratch space for a batch of tokens, and the thread pool.
///
/// `evaluate` runs the forward pass for a batch of tokens, each appended to its own sequence, so the
/// same call serves prompt processing (many tokens of one sequence) and batched decoding (one token
/// of each of several sequences). Activations are quantized per row to the weights' partner format
/// (Q8_0, Q8_1, Q8_K) before each matrix product, as llama.cpp's CPU path does; attention, norms and
/// the K/V cache are f32.
public final class LlamaContext: @unchecked Sendable {
    public let model: LlamaModel
    /// Positions each sequence can hold.
    public let contextLength: Int
    public let sequenceCount: Int
    /// Most tokens one forward pass processes; longer batches are split.
    public let maximumBatch: Int
    public let pool: ThreadPool
    public let kernels: DotKernels
    /// How matrix products treat activations.
    public enum Arithmetic: Sendable {
        /// Quantize each activation row to the weights' partner format and take integer dot products
        /// (llama.cpp's CPU numerics; the fast path).
        case quantizedActivations
        /// Dequantize weights row by row with the scalar reference and multiply in f32 (slow; the
        /// "ideal" arithmetic of an f32 reference implementation, for validation).
        case float32
    }
    public let arithmetic: Arithmetic

    /// Tokens cached so far, per sequence.
    public private(set) var sequenceLengths: [Int]

    private let config: LlamaConfig
    private let rope: RopeTable
    private let keys: ScratchBuffer<Float>
    private let values: ScratchBuffer<Float>
    // Per-token activations, `maximumBatch` rows each.
    private let x, normed, q, k, v, attention, projected, gate, up: ScratchBuffer<Float>
    private let quantized: ScratchBuffer<UInt8>
    private let quantizedStride: Int
    /// The quantized rows of a batch packed for the multi-token kernels (`DotKernels.packTokenRow`).
    private let packed: ScratchBuffer<UInt8>
    private let scores: ScratchBuffer<Float>
    private let dequantized: ScratchBuffer<Float>
    /// Logits of up to 64 rows before they are copied out.
    private let logits: ScratchBuffer<Float>

    /// A context for `sequences` sequences of up to `contextLength` tokens each.
    public init(model: LlamaModel, contextLength: Int, sequences: Int = 1, threads: Int, maximumBatch: Int = 512, kernels: DotKernels = .best, arithmetic: Arithmetic = .quantizedActivations) throws {
        let c = model.config
        guard contextLength > 0, sequences > 0, maximumBatch > 0 else { throw InferenceError.badRequest("context length, sequences and batch size must be positive") }
        self.model = model
        self.config = c
        self.contextLength = contextLength
        self.sequenceCount = sequences
        self.maximumBatch = maximumBatch
        self.kernels = kernels
        self.arithmetic = arithmetic
        pool = ThreadPool(threads: threads)
        sequenceLengths = Array(repeating: 0, count: sequences)
        rope = RopeTable(config: c, positions: contextLength)
        let cacheCount = c.layerCount * sequences * contextLength * c.kvDimension
        keys = ScratchBuffer(count: cacheCount)
        values = ScratchBuffer(count: cacheCount)
        let b = maximumBatch
        x = ScratchBuffer(count: b * c.embeddingLength)
        normed = ScratchBuffer(count: b * max(c.embeddingLength, c.queryDimension))
        q = ScratchBuffer(count: b * c.queryDimension)
        k = ScratchBuffer(count: b * c.kvDimension)
        v = ScratchBuffer(count: b * c.kvDimension)
        attention = ScratchBuffer(count: b * c.queryDimension)
        projected = ScratchBuffer(count: b * c.embeddingLength)
        gate = ScratchBuffer(count: b * c.feedForwardLength)
        up = ScratchBuffer(count: b * c.feedForwardLength)
        let widest = max(c.embeddingLength, c.queryDimension, c.feedForwardLength)
        // The largest quantized row: f32 partners copy the row, q8 partners take at most 292/256 bytes per value.
        quantizedStride = (widest * 4 + 63) / 64 * 64
        quantized = ScratchBuffer(bytes: b * quantizedStride)
        packed = ScratchBuffer(bytes: kernels == .avx512 && b > 1 ? DotKernels.packedTokenBytes(count: widest, tokens: b) : 1)
        scores = ScratchBuffer(count: pool.threadCount * contextLength)
        dequantized = ScratchBuffer(count: arithmetic == .float32 ? pool.threadCount * widest : 1)
        logits = ScratchBuffer(count: min(64, maximumBatch) * c.vocabularySize)
    }

    /// Forgets every sequence's tokens.
    public func reset() { for i in sequenceLengths.indices { sequenceLengths[i] = 0 } }

    /// Forgets sequence `s`'s tokens from `position` on.
    public func truncate(sequence s: Int, to position: Int) { sequenceLengths[s] = min(sequenceLengths[s], max(0, position)) }

    /// Makes sequence `target` a copy of sequence `source` (its cached tokens), as after a shared prompt.
    public func copySequence(from source: Int, to target: Int) {
        guard source != target else { return }
        let count = sequenceLengths[source] * config.kvDimension
        for l in 0..<config.layerCount {
            let from = cacheOffset(layer: l, sequence: source, position: 0), to = cacheOffset(layer: l, sequence: target, position: 0)
            keys[to].update(from: keys[from], count: count)
            values[to].update(from: values[from], count: count)
        }
        sequenceLengths[target] = sequenceLengths[source]
    }

    /// Which logits `evaluate` returns.
    public enum LogitsRequest: Sendable {
        /// For every token of the batch, in order.
        case all
        /// For the last token of each sequence in the batch, in order of first appearance.
        case lastPerSequence
        /// None (prompt prefill that is followed by more tokens).
        case none
    }

    /// Appends `tokens[i]` to sequence `sequences[i]` for every i (a sequence's tokens in order) and
    /// returns the requested logits, `vocabularySize` floats per row.
    public func evaluate(tokens: [Int], sequences: [Int]? = nil, logits request: LogitsRequest = .lastPerSequence) throws -> [[Float]] {
        let seqs = sequences ?? Array(repeating: 0, count: tokens.count)
        guard seqs.count == tokens.count else { throw InferenceError.badRequest("\(tokens.count) tokens but \(seqs.count) sequence numbers") }
        var needed = sequenceLengths
        for (t, s) in zip(tokens, seqs) {
            guard s >= 0, s < sequenceCount else { throw InferenceError.badRequest("sequence \(s) is not below \(sequenceCount)") }
            guard t >= 0, t < config.vocabularySize else { throw InferenceError.badRequest("token id \(t) is not below the vocabulary size \(config.vocabularySize)") }
            needed[s] += 1
            guard needed[s] <= contextLength else { throw InferenceError.badRequest("sequence \(s) would hold \(needed[s]) tokens; the context holds \(contextLength)") }
        }
        // Which batch rows produce logits.
        var wanted = [Bool](repeating: request == .all, count: tokens.count)
        if request == .lastPerSequence {
            var seen = Set<Int>()
            for i in stride(from: tokens.count - 1, through: 0, by: -1) where seen.insert(seqs[i]).inserted { wanted[i] = true }
        }
        var rows: [(Int, [Float])] = []
        var start = 0
        while start < tokens.count {
            let end = min(tokens.count, start + maximumBatch)
            var positions: [Int] = []
            for i in start..<end { positions.append(sequenceLengths[seqs[i]]); sequenceLengths[seqs[i]] += 1 }
            let out = forward(tokens: Array(tokens[start..<end]), sequences: Array(seqs[start..<end]), positions: positions, wanted: Array(wanted[start..<end]))
            for (j, l) in out { rows.append((start + j, l)) }
            start = end
        }
        if request == .lastPerSequence {
            // Order of first appearance of each sequence.
            var order: [Int: Int] = [:]
            for (i, s) in seqs.enumerated() where order[s] == nil { order[s] = i }
            rows.sort { order[seqs[$0.0]]! < order[seqs[$1.0]]! }
        }
        return rows.map(\.1)
    }

    // MARK: The forward pass

    private func forward(tokens: [Int], sequences: [Int], positions: [Int], wanted: [Bool]) -> [(Int, [Float])] {
        let c = config, d = c.embeddingLength, n = tokens.count
        for (i, t) in tokens.enumerated() {
            Dequantize.row(model.tokenEmbedding.type, from: model.tokenEmbedding.row(t), count: d, into: x[i * d])
        }
        for (l, layer) in model.layers.enumerated() {
            // Attention block.
            layer.attentionNorm.withUnsafeBufferPointer { w in
                for i in 0..<n { VectorMath.rmsNorm(x[i * d], weight: w.baseAddress!, count: d, epsilon: c.rmsEpsilon, into: normed[i * d]) }
            }
            multiply([(layer.query, q.pointer), (layer.key, k.pointer), (layer.value, v.pointer)], input: normed.pointer, tokens: n)
            addBias(layer.queryBias, q.pointer, width: c.queryDimension, tokens: n)
            addBias(layer.keyBias, k.pointer, width: c.kvDimension, tokens: n)
            addBias(layer.valueBias, v.pointer, width: c.kvDimension, tokens: n)
            for i in 0..<n {
                rope.apply(q[i * c.queryDimension], heads: c.headCount, headDimension: c.headDimension, position: positions[i])
                rope.apply(k[i * c.kvDimension], heads: c.kvHeadCount, headDimension: c.headDimension, position: positions[i])
                let slot = cacheOffset(layer: l, sequence: sequences[i], position: positions[i])
                keys[slot].update(from: k[i * c.kvDimension], count: c.kvDimension)
                values[slot].update(from: v[i * c.kvDimension], count: c.kvDimension)
            }
            attend(layer: l, sequences: sequences, positions: positions)
            multiply([(layer.attentionOutput, projected.pointer)], input: attention.pointer, tokens: n)
            for i in 0..<n { VectorMath.add(x[i * d], projected[i * d], count: d) }
            // Feed-forward block.
            layer.feedForwardNorm.withUnsafeBufferPointer { w in
                for i in 0..<n { VectorMath.rmsNorm(x[i * d], weight: w.baseAddress!, count: d, epsilon: c.rmsEpsilon, into: normed[i * d]) }
            }
            multiply([(layer.gate, gate.pointer), (layer.up, up.pointer)], input: normed.pointer, tokens: n)
            let f = c.feedForwardLength
            perToken(n) { i in VectorMath.swiGLU(gate[i * f], up[i * f], count: f) }
            multiply([(layer.down, projected.pointer)], input: gate.pointer, tokens: n)
            for i in 0..<n { VectorMath.add(x[i * d], projected[i * d], count: d) }
        }
        // Output head for the wanted rows only: gather them to the front of `normed`.
        let rows = wanted.indices.filter { wanted[$0] }
        guard !rows.isEmpty else { return [] }
        model.outputNorm.withUnsafeBufferPointer { w in
            for (j, i) in rows.enumerated() { VectorMath.rmsNorm(x[i * d], weight: w.baseAddress!, count: d, epsilon: c.rmsEpsilon, into: normed[j * d]) }
        }
        let vocab = c.vocabularySize
        var result: [(Int, [Float])] = []
        var j = 0
        while j < rows.count {
            let chunk = min(rows.count - j, 64)
            multiply(model.output, input: normed[j * d], tokens: chunk, outputs: logits.pointer)
            for m in 0..<chunk { result.append((rows[j + m], Array(UnsafeBufferPointer(start: logits[m * vocab], count: vocab)))) }
            j += chunk
        }
        return result
    }

    @inline(__always) private func cacheOffset(layer: Int, sequence: Int, position: Int) -> Int {
        ((layer * sequenceCount + sequence) * contextLength + position) * config.kvDimension
    }

    private func addBias(_ bias: [Float]?, _ out: UnsafeMutablePointer<Float>, width: Int, tokens: Int) {
        guard let bias else { return }
        bias.withUnsafeBufferPointer { b in for i in 0..<tokens { VectorMath.add(out + i * width, b.baseAddress!, count: width) } }
    }

    /// Causal attention of every batch token over its own sequence's cache, one task per (token, head).
    private func attend(layer: Int, sequences: [Int], positions: [Int]) {
        let c = config, hd = c.headDimension, group = c.headCount / c.kvHeadCount
        let scale = 1 / Float(hd).squareRoot()
        let n = positions.count
        let keys = self.keys, values = self.values, q = self.q, out = self.attention, scores = self.scores
        let kernels = self.kernels
        let ctx = contextLength
        pool.run(tasks: n * c.headCount) { task, worker in
            let i = task / c.headCount, h = task % c.headCount
            let kvHead = h / group
            let query = q[i * c.queryDimension + h * hd]
            let base = self.cacheOffset(layer: layer, sequence: sequences[i], position: 0) + kvHead * hd
            let s = scores[worker * ctx]
            let last = positions[i]
            var maxScore = -Float.infinity
            for p in 0...last {
                let score = kernels.dot(query, keys[base + p * c.kvDimension], count: hd) * scale
                s[p] = score
                maxScore = max(maxScore, score)
            }
            var total: Float = 0
            for p in 0...last { let e = expf(s[p] - maxScore); s[p] = e; total += e }
            let o = out[i * c.queryDimension + h * hd]
            o.update(repeating: 0, count: hd)
            let inv = 1 / total
            for p in 0...last { kernels.axpy(s[p] * inv, values[base + p * c.kvDimension], o, count: hd) }
        }
    }

    /// A slice of a weight matrix's rows and where their products go; plain values, no reference
    /// counting in the hot loop.
    private struct RowJob {
        let type: GGMLType
        let weights: UnsafeRawPointer   // the first row of the slice
        let rowStride: Int
        let rows: Int
        /// Output of the slice's first row for token 0; token t adds `t * outputStride`.
        let out: UnsafeMutablePointer<Float>
        let outputStride: Int
    }

    /// Splits `matrix`'s rows into jobs of `chunk` rows; the product for token t, row r lands at
    /// `out + t * outputStride + r`.
    private static func jobs(_ m: WeightMatrix, chunk: Int, out: UnsafeMutablePointer<Float>, outputStride: Int, into jobs: inout [RowJob]) {
        var r = 0
        while r < m.rows {
            jobs.append(RowJob(type: m.type, weights: m.row(r), rowStride: m.rowBytes, rows: min(chunk, m.rows - r),
                               out: out + r, outputStride: outputStride))
            r += chunk
        }
    }

    /// `outputs[m]` = `matrices[m]` × each of the `tokens` input rows (row stride = the matrices' width).
    /// All matrices share the input; their rows are split into chunks that run in parallel.
    private func multiply(_ matrices: [(WeightMatrix, UnsafeMutablePointer<Float>)], input: UnsafeMutablePointer<Float>, tokens: Int) {
        let width = matrices[0].0.columns
        let partner = arithmetic == .float32 ? .f32 : matrices[0].0.type.dotPartner
        var jobs: [RowJob] = []
        jobs.reserveCapacity(256)
        for (m, out) in matrices {
            precondition(m.columns == width && (arithmetic == .float32 || m.type.dotPartner == partner), "matrices sharing an input must agree in width and activation format")
            Self.jobs(m, chunk: chunkRows(m.rows, tokens: tokens), out: out, outputStride: m.rows, into: &jobs)
        }
        run(jobs, input: input, width: width, tokens: tokens, partner: partner)
    }

    /// The output head: `outputs[t]` (each `matrix.rows` long) = matrix × input row t.
    private func multiply(_ matrix: WeightMatrix, input: UnsafeMutablePointer<Float>, tokens: Int, outputs: UnsafeMutablePointer<Float>) {
        var jobs: [RowJob] = []
        Self.jobs(matrix, chunk: chunkRows(matrix.rows, tokens: tokens), out: outputs, outputStride: matrix.rows, into: &jobs)
        run(jobs, input: input, width: matrix.columns, tokens: tokens, partner: arithmetic == .float32 ? .f32 : matrix.type.dotPartner)
    }

    /// Rows per job. Decoding (one token per sequence, up to 16 sequences) is bound by reading the
    /// weights: each thread gets one contiguous stretch per matrix, a single stream the hardware
    /// prefetcher follows (interleaved 16-row jobs made two threads slower than one). Prompt batches
    /// are bound by arithmetic: smaller jobs balance better.
    /// Up to this many tokens a matrix product streams its weights (one stretch per thread); more are arithmetic-bound.
    static let streamingTokens = 16

    private func chunkRows(_ rows: Int, tokens: Int) -> Int {
        if tokens <= Self.streamingTokens { return max(16, ((rows + pool.threadCount - 1) / pool.threadCount + 15) / 16 * 16) }
        return 64
    }

    /// Weight bytes per row tile when a job serves several tokens: about a third of a 32–48 KB L1 data cache.
    private static let tileBytes = 16 << 10

    private func run(_ jobs: [RowJob], input: UnsafeMutablePointer<Float>, width: Int, tokens: Int, partner: GGMLType) {
        let multiToken = tokens > 1 && arithmetic == .quantizedActivations
        let pack = multiToken && jobs.contains { kernels.packsTokens($0.type) }
        let (activations, stride) = quantize(input, width: width, tokens: tokens, as: partner, pack: pack)
        let packed = UnsafeRawPointer(self.packed.raw)
        jobs.withUnsafeBufferPointer { jobs in
            pool.run(tasks: jobs.count) { task, worker in
                let job = jobs[task]
                guard multiToken else {
                    for t in 0..<tokens {
                        self.dotRows(job, count: width, activations: activations + t * stride, out: job.out + t * job.outputStride, worker: worker)
                    }
                    return
                }
                // A tile of rows small enough to stay in L1 meets every token before the next tile is read.
                let tile = max(4, Self.tileBytes / job.rowStride / 4 * 4)
                let packs = pack && self.kernels.packsTokens(job.type)
                var r = 0
                while r < job.rows {
                    let rows = min(tile, job.rows - r)
                    if packs {
                        self.kernels.dotRows(job.type, count: width, weights: job.weights + r * job.rowStride, rowStride: job.rowStride,
                                             rows: rows, packedActivations: packed, tokens: tokens, out: job.out + r, outStride: job.outputStride)
                    } else {
                        self.kernels.dotRows(job.type, count: width, weights: job.weights + r * job.rowStride, rowStride: job.rowStride,
                                             rows: rows, activations: activations, activationStride: stride, tokens: tokens,
                                             out: job.out + r, outStride: job.outputStride)
                    }
                    r += tile
                }
            }
        }
    }

    /// `out[i] = row i of the job · activations`, in the context's arithmetic.
    @inline(__always)
    private func dotRows(_ job: RowJob, count: Int, activations: UnsafeRawPointer, out: UnsafeMutablePointer<Float>, worker: Int) {
        switch arithmetic {
        case .quantizedActivations:
            kernels.dotRows(job.type, count: count, weights: job.weights, rowStride: job.rowStride, rows: job.rows, activations: activations, out: out)
        case .float32:
            let w = dequantized[worker * dequantized.count / pool.threadCount]
            let a = activations.assumingMemoryBound(to: Float.self)
            for i in 0..<job.rows {
                Dequantize.row(job.type, from: job.weights + i * job.rowStride, count: count, into: w)
                out[i] = FloatVector.dot(w, a, count: count)
            }
        }
    }

    /// Runs `body` for every token of a batch: on the pool when there are several (row-wise work that
    /// would otherwise be a serial stretch between parallel matrix products), inline for one.
    @inline(__always)
    private func perToken(_ tokens: Int, _ body: (Int) -> Void) {
        if tokens > 1 && pool.threadCount > 1 { pool.run(tasks: tokens) { t, _ in body(t) } } else { for t in 0..<tokens { body(t) } }
    }

    /// Quantizes `tokens` rows of `width` floats to `format` into the shared buffer, and with `pack` also
    /// into the packed buffer of the multi-token kernels.
    private func quantize(_ input: UnsafeMutablePointer<Float>, width: Int, tokens: Int, as format: GGMLType, pack: Bool) -> (UnsafeRawPointer, Int) {
        let stride = quantizedStride
        let buffer = quantized.raw
        if format == .f32 {
            for t in 0..<tokens { (buffer + t * stride).copyMemory(from: input + t * width, byteCount: width * 4) }
        } else {
            let kernels = self.kernels, packed = self.packed.raw
            perToken(tokens) { t in
                kernels.quantize(input + t * width, count: width, as: format, into: buffer + t * stride)
                if pack { kernels.packTokenRow(format, count: width, row: buffer + t * stride, token: t, tokens: tokens, into: packed) }
            }
        }
        return (UnsafeRawPointer(buffer), stride)
    }
}
