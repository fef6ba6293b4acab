import Foundation

/// The `::` lines of a page body, read in one pass because they constrain each other:
///
///     ::figure <figure-id>      places a figure (never inside a block: every backend shows every figure)
///     ::backend <name>          opens a block of text for one backend
///     ::algorithm <title>       opens an algorithm box (see `AlgorithmBlock`)
///     ::end                     closes the open block
///
/// Blocks do not nest. Any other `::` line is an error, so a misspelt directive never ends up as literal text on the
/// page. Lines inside code fences are text (outside algorithm boxes; a box holds no fences).
struct Directives {
    var figures: [FigureDirective] = []
    var blocks: [BackendBlock] = []
    var algorithms: [AlgorithmBlock] = []

    private enum Open {
        case backend(Backend)
        case algorithm(String)

        var opener: String {
            switch self {
            case let .backend(backend): return "::backend \(backend.rawValue)"
            case let .algorithm(title): return "::algorithm \(title)"
            }
        }

        var isAlgorithm: Bool { if case .algorithm = self { true } else { false } }
    }

    static func scan(_ body: String, file: String, firstLine: Int) throws -> Directives {
        var found = Directives()
        var open: (block: Open, line: Int)?
        var inFence = false
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") { inFence.toggle() }
            guard !inFence, line.hasPrefix(FigureDirective.prefix) else { continue }
            func error(_ message: String) -> SourceError { SourceError(file: file, line: firstLine + i, message) }
            func insideOpen(_ open: (block: Open, line: Int), _ advice: String) -> SourceError {
                error("`\(line)` is inside the `\(open.block.opener)` block opened on line \(firstLine + open.line); \(advice)")
            }
            let words = line.dropFirst(FigureDirective.prefix.count).split(separator: " ").map(String.init)
            switch words.first {
            case "figure" where words.count == 2:
                if let open {
                    throw insideOpen(open, "figures are shown for every backend and stand on their own, so place them outside blocks")
                }
                found.figures.append(FigureDirective(figureID: words[1], bodyLine: i))
            case "backend":
                guard words.count == 2 else { throw error("`\(line)` needs one backend name (\(Backend.names))") }
                guard let backend = Backend(rawValue: words[1]) else {
                    throw error("unknown backend `\(words[1])` in `\(line)`; expected one of \(Backend.names)")
                }
                if let open { throw insideOpen(open, "blocks do not nest, close it with `::end` first") }
                open = (.backend(backend), i)
            case "algorithm":
                let title = words.dropFirst().joined(separator: " ")
                guard !title.isEmpty else { throw error("`::algorithm` needs a title, e.g. `::algorithm Sampling with guidance`") }
                if let open { throw insideOpen(open, "blocks do not nest, close it with `::end` first") }
                open = (.algorithm(title), i)
            case "end" where words.count == 1:
                guard let opened = open else { throw error("`::end` without an open `::backend` or `::algorithm` block") }
                switch opened.block {
                case let .backend(backend):
                    found.blocks.append(BackendBlock(backend: backend, openLine: opened.line, endLine: i))
                case let .algorithm(title):
                    found.algorithms.append(try AlgorithmBlock.read(
                        title: title, lines: Array(lines[(opened.line + 1)..<i]), openLine: opened.line, endLine: i,
                        file: file, firstLine: firstLine))
                }
                open = nil
            default:
                throw error("unknown directive `\(line)`; expected `::figure <figure-id>`, `::backend <name>`, "
                    + "`::algorithm <title>` or `::end`")
            }
        }
        if let open {
            throw SourceError(file: file, line: firstLine + open.line,
                              "`\(open.block.opener)` is never closed; add a line `::end` after its \(open.block.isAlgorithm ? "steps" : "text")")
        }
        return found
    }
}
