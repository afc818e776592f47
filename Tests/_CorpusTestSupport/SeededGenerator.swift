import CorpusCore

/// A small deterministic pseudo-random generator (SplitMix64), so test failures reproduce.
public typealias SeededGenerator = SplitMix64
