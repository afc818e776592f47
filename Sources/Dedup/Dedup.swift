/// Exact and near-duplicate detection: normalized-text hashes, MinHash signatures over word
/// n-gram shingles, LSH banding, on-disk sorted band files and union-find clustering.
public enum Dedup {}
