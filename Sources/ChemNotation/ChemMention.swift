/// One mention of chemical notation in a text.
public struct ChemMention: Sendable, Equatable {
    /// Offsets in Unicode scalars (code points) from the start of the text, as Python's
    /// `text[start:end]` counts them.
    public var start: Int
    /// The offset just after the mention.
    public var end: Int
    /// The mention as written.
    public var text: String
    /// What it denotes.
    public var reading: FormulaReading

    /// A mention of `text` at `start..<end` (Unicode scalar offsets) with its reading.
    public init(start: Int, end: Int, text: String, reading: FormulaReading) {
        self.start = start; self.end = end; self.text = text; self.reading = reading
    }
}
