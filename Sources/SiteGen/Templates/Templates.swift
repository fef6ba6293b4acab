import Foundation
import Mustache

/// The page templates of `templates/`, parsed once per build. Mustache escapes HTML in `{{x}}`; trusted HTML
/// (rendered markdown, figure markup) goes through `{{{x}}}`.
public struct Templates: Sendable {
    public static let names = ["base", "section", "index", "figure", "algorithm"]

    var parsed: [String: MustacheTemplate]
    /// Template sources by name, kept for `TemplateLint`.
    var sources: [String: String]
    public var stylesheet: [UInt8]
    let folderName: String

    public static func load(directory: String) throws -> Templates {
        let folder = (directory as NSString).lastPathComponent
        var parsed: [String: MustacheTemplate] = [:]
        var sources: [String: String] = [:]
        for name in names {
            let file = "\(folder)/\(name).mustache"
            guard let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("\(name).mustache")) else {
                throw SourceError(file: file, "missing or unreadable template (expected one of: \(names.map { "\($0).mustache" }.joined(separator: ", ")))")
            }
            let text = try TemplateStructure.decode([UInt8](data), file: file)
            try TemplateStructure.check(text, file: file)
            do {
                parsed[name] = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                throw SourceError(file: file, line: error.context.lineNumber,
                                  "template syntax error: \(error.error) near `\(error.context.line.trimmingCharacters(in: .whitespaces))`")
            }
            sources[name] = text
        }
        guard let css = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("style.css")) else {
            throw SourceError(file: "\(folder)/style.css", "missing stylesheet")
        }
        return Templates(parsed: parsed, sources: sources, stylesheet: Array(css), folderName: folder)
    }

    /// Renders `name` after checking that every tag it uses is a key of `context`: Mustache renders a missing key
    /// as nothing, which would silently drop content from the page.
    func render(_ name: String, _ context: [String: Any]) throws -> String {
        let unknown = TemplateLint.unknownTags(in: sources[name]!, context: context)
        guard unknown.isEmpty else {
            throw SourceError(file: "\(folderName)/\(name).mustache",
                              "unknown tag(s) \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")); available: \(context.keys.sorted().joined(separator: ", "))")
        }
        return parsed[name]!.render(context)
    }
}
