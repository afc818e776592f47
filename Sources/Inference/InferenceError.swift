/// Why a model cannot be loaded or run: the file and the reason.
public enum InferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The GGUF file lacks something the architecture needs, or holds something inconsistent.
    case badModel(path: String, reason: String)
    /// The architecture or a tensor type is one the engine does not run.
    case unsupported(path: String, reason: String)
    /// A request the loaded model or context cannot serve (too long a prompt, an id past the vocabulary).
    case badRequest(String)

    public var description: String {
        switch self {
        case .badModel(let path, let reason): return "\(path): not a usable model: \(reason)"
        case .unsupported(let path, let reason): return "\(path): unsupported: \(reason)"
        case .badRequest(let reason): return reason
        }
    }
}
