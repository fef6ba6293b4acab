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
            throw SourceError(file: file, line: Self.line(of: error).map { $0 + 1 }, "invalid YAML in front matter: \(error)")
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

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }
}
