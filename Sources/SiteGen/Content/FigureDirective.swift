/// A figure is placed in markdown by a line of its own: `::figure b.noising`.
public struct FigureDirective: Equatable, Sendable {
    public var figureID: String
    /// 0-based index of the line in the section body.
    public var bodyLine: Int

    static let prefix = "::"

    /// All figure directives of a body, in order (see `Directives` for the syntax and its errors).
    public static func scan(_ section: Section) throws -> [FigureDirective] {
        try Directives.scan(section.body, file: section.file, firstLine: section.bodyFirstLine).figures
    }

    /// Every figure listed in the front matter is placed exactly once, and only listed figures are placed.
    static func checkPlacement(in section: Section) throws {
        let directives = try scan(section)
        var placed: [String] = []
        for directive in directives {
            let line = section.bodyFirstLine + directive.bodyLine
            guard section.figures.contains(directive.figureID) else {
                throw SourceError(file: section.file, line: line,
                                  "figure `\(directive.figureID)` is placed here but not listed in this section's `figures`")
            }
            guard !placed.contains(directive.figureID) else {
                throw SourceError(file: section.file, line: line, "figure `\(directive.figureID)` is placed twice")
            }
            placed.append(directive.figureID)
        }
        for figure in section.figures where !placed.contains(figure) {
            throw SourceError(file: section.file, line: section.figuresLine,
                              "figure `\(figure)` is listed but never placed; add a line `::figure \(figure)`")
        }
    }
}

import Foundation
