// In-process encoding benchmark for the byte-level BPE encoders (no JSON or process overhead).
// Not part of the package: tiktoken_bench.py compiles it together with Sources/Tokenizers/TokenEncoder.swift
// and Sources/Tokenizers/BytePair/*.swift using `swiftc -O -wmo` (the release build's optimization).
//
// Usage: encode_bench TOKENIZER TEXTS.jsonl RUNS IDS_OUT
//   TOKENIZER: a tiktoken ranks file or a byte-level tokenizer.json; TEXTS: lines {"text": ...}.
//   Prints one JSON line {"load_s", "bytes", "tokens", "median_s", "runs_s"} and writes the ids of the
//   last run to IDS_OUT as lines {"ids": [...]}.
import Foundation

let args = CommandLine.arguments
guard args.count == 5, let runs = Int(args[3]), runs > 0 else {
    FileHandle.standardError.write(Data("usage: encode_bench TOKENIZER TEXTS.jsonl RUNS IDS_OUT\n".utf8))
    exit(2)
}
let start = Date()
let head = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: args[1])).read(upToCount: 64)) ?? nil
let isJSON = head.map { $0.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{") } ?? false
let encoder: any TokenEncoder = isJSON ? try HuggingFaceBPE(path: args[1]) : try TiktokenEncoder(path: args[1])
let load = Date().timeIntervalSince(start)

var texts: [String] = []
for line in try Data(contentsOf: URL(fileURLWithPath: args[2])).split(separator: UInt8(ascii: "\n")) {
    if let text = (try? JSONReader.parse(Array(line)))?["text"]?.string { texts.append(text) }
}
let bytes = texts.reduce(0) { $0 + $1.utf8.count }
var times: [Double] = []
var last: [[Int]] = []
for _ in 0..<runs {
    var out: [[Int]] = []
    out.reserveCapacity(texts.count)
    let t = DispatchTime.now().uptimeNanoseconds
    for text in texts { out.append(encoder.encode(text)) }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
    last = out
}
var idsText = ""
for ids in last { idsText += "{\"ids\":[" + ids.map(String.init).joined(separator: ",") + "]}\n" }
try Data(idsText.utf8).write(to: URL(fileURLWithPath: args[4]))
let median = times.sorted()[times.count / 2]
let tokens = last.reduce(0) { $0 + $1.count }
print("{\"load_s\": \(load), \"bytes\": \(bytes), \"tokens\": \(tokens), \"median_s\": \(median), \"runs_s\": \(times)}")
