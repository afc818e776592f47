import ArgumentParser

@main
struct MatCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matcorpus",
        abstract: "Turn materials-science literature into LLM training data.",
        discussion: """
        Exit status of `run`: 0 success; 3 partial success (some inputs rejected or tasks failed, the rest \
        written); 1 failure (nothing completed, or the run could not start); 2 invalid pipeline (nothing run); \
        64 invalid command line.
        """,
        subcommands: [Run.self, Stats.self, XML.self, CIFCommand.self, ChemCommand.self, DedupCommand.self, TokenizerCommand.self, ShardCommand.self, GenerateCommand.self, PerplexityCommand.self, QACommand.self])
}
