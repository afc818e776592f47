import ArgumentParser

@main
struct MatCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "matcorpus", abstract: "Materials-science literature to LLM training data.")
}
