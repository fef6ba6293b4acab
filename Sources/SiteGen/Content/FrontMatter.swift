import Yams

/// The leading `---` block of a content file, split off by hand (Ink's own metadata is an unordered flat
/// dictionary) and read node by node with Yams so every error can name the line of the offending key.
struct FrontMatter {
    /// Scalar or list values with the 1-based file line on which each key appears.
    var fields: [String: (value: Node, line: Int)]
    /// Keys in file order, so "unknown key" errors are reported deterministically.
    var keys: [String]
    var body: String
    /// File line of the first body line.
    var bodyFirstLine: Int

    static func split(_ text: String, file: String) throws -> FrontMatter {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard lines.first == "---" else {
            throw SourceError(file: file, line: 1, "expected front matter starting with a line `---`")
        }
        guard let end = lines.dropFirst().firstIndex(of: "---") else {
            throw SourceError(file: file, line: 1, "front matter opened with `---` is never closed by a line `---`")
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw Self.sourceError(error, file: file)
        }
        var fields: [String: (Node, Int)] = [:]
        var keys: [String] = []
        if let node {
            guard let mapping = node.mapping else {
                throw SourceError(file: file, line: 2, "front matter must be a mapping of `key: value` lines")
            }
            for (key, value) in mapping {
                let name = key.string ?? "\(key)"
                let line = (key.mark?.line ?? 0) + 1
                if fields[name] != nil {
                    throw SourceError(file: file, line: line, "duplicate front matter key `\(name)`")
                }
                fields[name] = (value, line)
                keys.append(name)
            }
        }
        return FrontMatter(fields: fields, keys: keys,
                           body: lines[(end + 1)...].joined(separator: "\n"), bodyFirstLine: end + 2)
    }

    /// One position per mistake, in file lines: Yams' description mixed three (`file:6`, the front matter's own
    /// `5:12`, and libyaml's context "line 2"). The YAML starts on file line 2, and Yams' marks are 1-based.
    static func sourceError(_ error: YamlError, file: String) -> SourceError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            var message = "invalid YAML in front matter: \(problem) (column \(mark.column))"
            if let context {
                message += ", \(context.text) that starts on line \(context.mark.line + 1)"
            }
            return SourceError(file: file, line: mark.line + 1, message)
        default:
            return SourceError(file: file, "invalid YAML in front matter: \(error)")
        }
    }
}
