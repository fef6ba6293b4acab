/// The models Part A can run on. `--backend` and the content's `::backend` blocks accept exactly these names, so a
/// block for a misspelt backend is an error instead of text that no build ever shows.
public enum Backend: String, CaseIterable, Sendable {
    /// Part B's class-conditioned digit model; a class label plays the prompt.
    case digits
    /// DeepFloyd IF stage I, the seed project's model.
    case deepfloyd

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
