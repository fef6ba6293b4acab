import Foundation

/// Reads `content/`: `index.md` plus one markdown file per section.
public enum ContentLoader {
    public static func load(directory: String) throws -> SiteContent {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".md") }.sorted()
        } catch {
            throw SourceError(file: directory, "cannot list the content folder (run sitegen from the project root, or pass --root)")
        }
        guard files.contains("index.md") else {
            throw SourceError(file: directory, "missing index.md (the landing page's title and introduction)")
        }
        var index: IndexPage?
        var sections: [Section] = []
        for name in files {
            let path = (directory as NSString).appendingPathComponent(name)
            let display = displayPath(directory: directory, name: name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw SourceError(file: display, "cannot read the file as UTF-8 text")
            }
            if name == "index.md" {
                index = try SectionParser.index(from: text, file: display)
            } else {
                sections.append(try SectionParser.section(from: text, file: display))
            }
        }
        return try assemble(index: index!, sections: sections)
    }

    /// Orders sections (Part A first, then by `order`) and rejects duplicate ids and misplaced figures.
    static func assemble(index: IndexPage, sections: [Section]) throws -> SiteContent {
        var firstFileOfID: [String: Section] = [:]
        var ownerOfFigure: [String: Section] = [:]
        for section in sections {
            if let earlier = firstFileOfID[section.id] {
                throw SourceError(file: section.file, line: 2,
                                  "duplicate section id `\(section.id)` (already used by \(earlier.file))")
            }
            firstFileOfID[section.id] = section
            for figure in section.figures {
                if let owner = ownerOfFigure[figure] {
                    throw SourceError(file: section.file, line: section.figuresLine,
                                      "figure `\(figure)` is already listed by \(owner.file); a figure belongs to one section")
                }
                ownerOfFigure[figure] = section
                guard figure.hasPrefix(section.part.rawValue.lowercased() + ".") else {
                    throw SourceError(file: section.file, line: section.figuresLine,
                                      "figure `\(figure)` is in a Part \(section.part.rawValue) section but its id names another part")
                }
            }
            try FigureDirective.checkPlacement(in: section)
        }
        let ordered = sections.sorted {
            ($0.part.rawValue, $0.order, $0.id) < ($1.part.rawValue, $1.order, $1.id)
        }
        return SiteContent(index: index, sections: ordered)
    }

    private static func displayPath(directory: String, name: String) -> String {
        let folder = (directory as NSString).lastPathComponent
        return "\(folder)/\(name)"
    }
}
