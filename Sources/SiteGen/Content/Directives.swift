import Foundation

/// The `::` lines of a page body, read in one pass because they constrain each other:
///
///     ::figure <figure-id>      places a figure (never inside a backend block: every backend shows every figure)
///     ::backend <name>          opens a block of text for one backend (blocks do not nest)
///     ::end                     closes it
///
/// Any other `::` line is an error, so a misspelt directive never ends up as literal text on the page. Lines inside
/// code fences are text.
struct Directives {
    var figures: [FigureDirective] = []
    var blocks: [BackendBlock] = []

    static func scan(_ body: String, file: String, firstLine: Int) throws -> Directives {
        var found = Directives()
        var open: (backend: Backend, line: Int)?
        var inFence = false
        for (i, raw) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") { inFence.toggle() }
            guard !inFence, line.hasPrefix(FigureDirective.prefix) else { continue }
            func error(_ message: String) -> SourceError { SourceError(file: file, line: firstLine + i, message) }
            let words = line.dropFirst(FigureDirective.prefix.count).split(separator: " ").map(String.init)
            switch words.first {
            case "figure" where words.count == 2:
                if let open {
                    throw error("`\(line)` is inside the `::backend \(open.backend.rawValue)` block opened on line "
                        + "\(firstLine + open.line); figures are shown for every backend, so place them outside backend blocks")
                }
                found.figures.append(FigureDirective(figureID: words[1], bodyLine: i))
            case "backend":
                guard words.count == 2 else { throw error("`\(line)` needs one backend name (\(Backend.names))") }
                guard let backend = Backend(rawValue: words[1]) else {
                    throw error("unknown backend `\(words[1])` in `\(line)`; expected one of \(Backend.names)")
                }
                if let open {
                    throw error("`\(line)` is inside the `::backend \(open.backend.rawValue)` block opened on line "
                        + "\(firstLine + open.line); blocks do not nest, close it with `::end` first")
                }
                open = (backend, i)
            case "end" where words.count == 1:
                guard let opened = open else { throw error("`::end` without an open `::backend` block") }
                found.blocks.append(BackendBlock(backend: opened.backend, openLine: opened.line, endLine: i))
                open = nil
            default:
                throw error("unknown directive `\(line)`; expected `::figure <figure-id>`, `::backend <name>` or `::end`")
            }
        }
        if let open {
            throw SourceError(file: file, line: firstLine + open.line,
                              "`::backend \(open.backend.rawValue)` is never closed; add a line `::end` after its text")
        }
        return found
    }
}
