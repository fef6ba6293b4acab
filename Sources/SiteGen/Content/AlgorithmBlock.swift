/// An algorithm box, written in a page's markdown between `::algorithm <title>` and `::end`:
///
///     ::algorithm Training the time-conditioned UNet
///     repeat
///       $x_0 \sim$ a batch of training digits
///       take a gradient step on $\nabla_\theta \lVert \epsilon - \epsilon_\theta(x_t, t) \rVert^2$
///     until the last epoch
///     ::end
///
/// Each non-empty line is one numbered step of the box; two leading spaces per level indent it (the body of a loop),
/// so the text reads like the seed's pseudocode. A step is inline markdown with `$…$` math (rendered to MathML like
/// the rest of the page). The seed's Part B shows its training and sampling loops this way (Algorithms B.1-B.4),
/// and typesetting them keeps their formulas searchable and crisp where the seed had pictures of them.
public struct AlgorithmBlock: Equatable, Sendable {
    public struct Step: Equatable, Sendable {
        /// Indentation level: leading spaces / 2.
        public var depth: Int
        /// The step's markdown, without its indentation.
        public var text: String
        /// 0-based body line.
        public var bodyLine: Int
    }

    public var title: String
    public var steps: [Step]
    /// 0-based body lines of the `::algorithm` line and of its `::end`.
    public var openLine: Int
    public var endLine: Int

    /// Deeper than this is more likely a mistake (a tab, a pasted block) than pseudocode.
    static let maxDepth = 4

    /// The block's steps from its body lines; a block without steps, an odd indentation, a tab or a jump of more
    /// than one level is an error at its file line.
    static func read(title: String, lines: [String], openLine: Int, endLine: Int, file: String, firstLine: Int) throws -> AlgorithmBlock {
        var steps: [Step] = []
        for (offset, raw) in lines.enumerated() where !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let bodyLine = openLine + 1 + offset
            func error(_ message: String) -> SourceError { SourceError(file: file, line: firstLine + bodyLine, message) }
            let indent = raw.prefix { $0 == " " || $0 == "\t" }
            guard !indent.contains("\t") else { throw error("an algorithm step is indented with a tab; indent with two spaces per level") }
            guard indent.count % 2 == 0 else {
                throw error("an algorithm step is indented by \(indent.count) spaces; indent by two spaces per level")
            }
            let depth = indent.count / 2
            let previous = steps.last?.depth ?? 0
            guard depth <= previous + 1 else {
                throw error("an algorithm step is indented \(depth - previous) levels deeper than the step before it; indent one level (two spaces) at a time")
            }
            guard depth <= maxDepth else { throw error("an algorithm step is nested deeper than \(maxDepth) levels") }
            steps.append(Step(depth: depth, text: raw.trimmingCharacters(in: .whitespaces), bodyLine: bodyLine))
        }
        guard !steps.isEmpty else {
            throw SourceError(file: file, line: firstLine + openLine,
                              "`::algorithm \(title)` has no steps; write one step per line before its `::end`")
        }
        return AlgorithmBlock(title: title, steps: steps, openLine: openLine, endLine: endLine)
    }
}
