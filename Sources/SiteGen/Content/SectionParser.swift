import Yams

/// Reads one content file's front matter into a `Section`, checking every field so a typo stops the build
/// with the file and line instead of producing a silently wrong page.
enum SectionParser {
    static let sectionKeys = ["id", "title", "part", "order", "figures"]

    /// Section ids follow the project's numbering: part letter, dotted numbers, a slug (`b.1.2-denoiser`).
    static func isValidSectionID(_ id: String) -> Bool {
        id.wholeMatch(of: #/[ab](\.[0-9]+)+-[a-z0-9]+(-[a-z0-9]+){0,16}/#) != nil
    }

    /// Figure ids start with their part letter and a dot (`b.noising`, `a.sdedit-web`).
    static func isValidFigureID(_ id: String) -> Bool {
        id.wholeMatch(of: #/[ab]\.[a-z0-9]+([.\-][a-z0-9]+){0,16}/#) != nil
    }

    static func section(from text: String, file: String) throws -> Section {
        let fm = try FrontMatter.split(text, file: file)
        try rejectUnknownKeys(fm, allowed: sectionKeys, file: file)
        let (id, idLine) = try string("id", fm, file: file)
        guard isValidSectionID(id) else {
            throw SourceError(file: file, line: idLine,
                              "section id `\(id)` should look like `b.1.2-denoiser`: part letter a or b, dotted numbers, a lowercase slug")
        }
        let (title, _) = try string("title", fm, file: file)
        let (partText, partLine) = try string("part", fm, file: file)
        guard let part = Section.Part(rawValue: partText.uppercased()) else {
            throw SourceError(file: file, line: partLine, "part must be `A` or `B`, found `\(partText)`")
        }
        guard id.hasPrefix(part.rawValue.lowercased() + ".") else {
            throw SourceError(file: file, line: partLine, "part \(part.rawValue) does not match section id `\(id)`")
        }
        let (orderText, orderLine) = try string("order", fm, file: file)
        guard let order = Int(orderText) else {
            throw SourceError(file: file, line: orderLine, "order must be a whole number, found `\(orderText)`")
        }
        let (figures, figuresLine) = try stringList("figures", fm, file: file)
        for figure in figures where !isValidFigureID(figure) {
            throw SourceError(file: file, line: figuresLine,
                              "figure id `\(figure)` should start with its part letter and a dot, like `b.noising`")
        }
        if let duplicate = figures.firstDuplicate() {
            throw SourceError(file: file, line: figuresLine, "figure `\(duplicate)` is listed twice")
        }
        return Section(id: id, title: title, part: part, order: order, figures: figures, body: fm.body,
                       file: file, bodyFirstLine: fm.bodyFirstLine, figuresLine: figuresLine)
    }

    static func index(from text: String, file: String) throws -> IndexPage {
        let fm = try FrontMatter.split(text, file: file)
        try rejectUnknownKeys(fm, allowed: ["title"], optional: ["author", "course", "date"], file: file)
        let (title, _) = try string("title", fm, file: file)
        func optional(_ key: String) throws -> String? { fm.fields[key] == nil ? nil : try string(key, fm, file: file).0 }
        let directives = try Directives.scan(fm.body, file: file, firstLine: fm.bodyFirstLine)
        if let figure = directives.figures.first {
            throw SourceError(file: file, line: fm.bodyFirstLine + figure.bodyLine,
                              "the index page shows no figures; place `::figure \(figure.figureID)` in a section")
        }
        if let algorithm = directives.algorithms.first {
            throw SourceError(file: file, line: fm.bodyFirstLine + algorithm.openLine,
                              "the index page shows no algorithm boxes; place `::algorithm \(algorithm.title)` in a section")
        }
        return IndexPage(title: title, author: try optional("author"), course: try optional("course"), date: try optional("date"),
                         body: fm.body, file: file, bodyFirstLine: fm.bodyFirstLine)
    }

    /// Every key of `allowed` must be present; `optional` ones may be; any other key is an error.
    private static func rejectUnknownKeys(_ fm: FrontMatter, allowed: [String], optional: [String] = [], file: String) throws {
        for key in fm.keys where !allowed.contains(key) && !optional.contains(key) {
            throw SourceError(file: file, line: fm.fields[key]?.line,
                              "unknown front matter key `\(key)` (expected: \((allowed + optional).joined(separator: ", ")))")
        }
        for key in allowed where fm.fields[key] == nil {
            throw SourceError(file: file, line: 1, "front matter is missing `\(key)`")
        }
    }

    private static func string(_ key: String, _ fm: FrontMatter, file: String) throws -> (String, Int) {
        let (node, line) = fm.fields[key]!
        guard let scalar = node.scalar, !scalar.string.isEmpty else {
            throw SourceError(file: file, line: line, "`\(key)` must be a non-empty single value")
        }
        return (scalar.string, line)
    }

    private static func stringList(_ key: String, _ fm: FrontMatter, file: String) throws -> ([String], Int) {
        let (node, line) = fm.fields[key]!
        if let scalar = node.scalar, scalar.string.isEmpty || scalar.string == "[]" { return ([], line) }
        guard let sequence = node.sequence else {
            throw SourceError(file: file, line: line, "`\(key)` must be a list, e.g. `[b.noising, b.loss]`")
        }
        var values: [String] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                throw SourceError(file: file, line: (item.mark?.line ?? line - 1) + 1, "`\(key)` entries must be plain ids")
            }
            values.append(scalar.string)
        }
        return (values, line)
    }
}

extension Array where Element: Hashable {
    func firstDuplicate() -> Element? {
        var seen = Set<Element>()
        for value in self where !seen.insert(value).inserted { return value }
        return nil
    }
}
