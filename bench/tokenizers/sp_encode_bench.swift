// In-process encoding benchmark for the SentencePiece encoder (no JSON or process overhead).
// Not part of the package: sp_bench.py compiles it together with Sources/Tokenizers/TokenEncoder.swift and
// Sources/Tokenizers/SentencePiece/*.swift using `swiftc -O -wmo` (the release build's optimization).
//
// Usage: sp_encode_bench MODEL TEXTS RUNS IDS_OUT
//   MODEL: a SentencePiece .model; TEXTS: the texts, each as "<UTF-8 byte length>\n<bytes>".
//   Prints one JSON line {"load_s", "bytes", "tokens", "median_s", "runs_s"} and writes the ids of the
//   last run to IDS_OUT, one line of space-separated ids per text.
import Foundation

let args = CommandLine.arguments
guard args.count == 5, let runs = Int(args[3]), runs > 0 else {
    FileHandle.standardError.write(Data("usage: sp_encode_bench MODEL TEXTS RUNS IDS_OUT\n".utf8))
    exit(2)
}
let clock = ContinuousClock()
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

let loadStart = clock.now
let encoder = try SentencePieceEncoder(contentsOf: args[1])
let load = seconds(clock.now - loadStart)

let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: args[2])))
var texts: [String] = []
var i = 0
while i < raw.count {
    var length = 0
    while raw[i] != 0x0A { length = length * 10 + Int(raw[i] - 0x30); i += 1 }
    i += 1
    texts.append(String(decoding: raw[i..<(i + length)], as: UTF8.self))
    i += length
}
let bytes = texts.reduce(0) { $0 + $1.utf8.count }

var times: [Double] = []
var last: [[Int]] = []
for _ in 0..<runs {
    var out: [[Int]] = []
    out.reserveCapacity(texts.count)
    let start = clock.now
    for text in texts { out.append(encoder.encode(text)) }
    times.append(seconds(clock.now - start))
    last = out
}
var lines = ""
for ids in last { lines += ids.map(String.init).joined(separator: " ") + "\n" }
try Data(lines.utf8).write(to: URL(fileURLWithPath: args[4]))
let tokens = last.reduce(0) { $0 + $1.count }
let median = times.sorted()[times.count / 2]
print("{\"load_s\": \(load), \"bytes\": \(bytes), \"tokens\": \(tokens), \"median_s\": \(median), \"runs_s\": [\(times.map { String($0) }.joined(separator: ", "))]}")
