/// Markdown shown only when the site is built for one backend, between the lines `::backend <name>` and `::end`.
/// Part A's prose differs between the digit model and DeepFloyd IF (prompts, image size, schedule), while its
/// figures are placed once for both; blocks therefore hold text only.
public struct BackendBlock: Equatable, Sendable {
    public var backend: Backend
    /// 0-based body lines of the `::backend` line and of its `::end`.
    public var openLine: Int
    public var endLine: Int

    /// The body lines a build for `backend` renders: directive lines and other backends' blocks become empty lines.
    /// Blanking instead of deleting keeps markdown errors at their file lines, and makes a block a unit of its own
    /// (its first and last lines never join a paragraph around it).
    static func select(_ lines: [String], blocks: [BackendBlock], for backend: Backend) -> [String] {
        var kept = lines
        for block in blocks {
            let hidden = block.backend == backend ? [block.openLine, block.endLine] : Array(block.openLine...block.endLine)
            for i in hidden { kept[i] = "" }
        }
        return kept
    }
}
