import Foundation

/// Site-wide figure numbers, in reading order (sections in order, figures in the order their `::figure` lines
/// appear), and the `@fig:ID` references in the text that become "Figure N" links to them.
struct FigureNumbers {
    /// Figure id → its number (1-based).
    var number: [String: Int] = [:]
    /// Figure id → the page that shows it.
    var page: [String: String] = [:]

    init(_ content: SiteContent) throws {
        for section in content.sections {
            for directive in try Directives.scan(section.body, file: section.file, firstLine: section.bodyFirstLine).figures
            where number[directive.figureID] == nil {
                number[directive.figureID] = number.count + 1
                page[directive.figureID] = section.pageName
            }
        }
    }

    static let marker = "@fig:"

    /// Replaces each `@fig:ID` outside code with a markdown link "[Figure N](page#fig-ID)"; an id no page shows
    /// is an error naming the file and line. `lines` start at body line `firstBodyLine` (an algorithm step is one line).
    func resolvingReferences(_ lines: [String], from section: Section, firstBodyLine: Int = 0) throws -> [String] {
        var inFence = false
        return try lines.enumerated().map { i, line in
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle() }
            guard !inFence, line.contains(Self.marker) else { return line }
            var out = "", rest = Substring(line), inCode = false
            while let at = rest.firstIndex(where: { $0 == "`" || $0 == "@" }) {
                out += rest[..<at]
                if rest[at] == "`" {
                    inCode.toggle()
                    out.append("`")
                    rest = rest[rest.index(after: at)...]
                    continue
                }
                guard !inCode, rest[at...].hasPrefix(Self.marker) else {
                    out.append("@")
                    rest = rest[rest.index(after: at)...]
                    continue
                }
                let idStart = rest.index(at, offsetBy: Self.marker.count)
                var idEnd = rest[idStart...].firstIndex { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") } ?? rest.endIndex
                // A sentence may end right after the id: "… in @fig:b.class-loss."
                while idEnd > idStart, rest[rest.index(before: idEnd)] == "." { idEnd = rest.index(before: idEnd) }
                let id = String(rest[idStart..<idEnd])
                guard let n = number[id], let target = page[id] else {
                    throw SourceError(file: section.file, line: section.bodyFirstLine + firstBodyLine + i,
                                      "`\(Self.marker)\(id)` refers to no figure placed on any page (figures: \(number.keys.sorted().joined(separator: ", ")))")
                }
                out += "[Figure \(n)](\(target == section.pageName ? "" : target)#fig-\(id))"
                rest = rest[idEnd...]
            }
            return out + rest
        }
    }
}
