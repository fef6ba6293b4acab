/// Finds Mustache tags that no context in scope provides.
enum TemplateLint {
    static func unknownTags(in template: String, context: [String: Any]) -> [String] {
        var unknown: [String] = []
        // A nil scope is a section whose value is false or empty: its inner tags are never rendered with this
        // context, so they cannot be checked against it.
        var scopes: [[String: Any]?] = [context]
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            var tag = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") {
                tag = String(tag.dropFirst())
                if rest.hasPrefix("}") { rest = rest.dropFirst() }
            }
            guard let sigil = tag.first else { continue }
            let name = String(tag.drop { "#^/&!>".contains($0) }).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", ">": continue
            case "/": if scopes.count > 1 { scopes.removeLast() }
            case "#", "^":
                let value = lookup(name, scopes)
                if value == nil && !scopes.contains(where: { $0 == nil }) { unknown.append(name) }
                scopes.append(sigil == "^" ? [:] : innerScope(value))
            default:
                if name != "." && !scopes.contains(where: { $0 == nil }) && lookup(name, scopes) == nil {
                    unknown.append(name)
                }
            }
        }
        return unknown
    }

    private static func lookup(_ name: String, _ scopes: [[String: Any]?]) -> Any? {
        let first = String(name.split(separator: ".").first ?? "")
        for scope in scopes.reversed() {
            if let value = scope?[first] { return value }
        }
        return nil
    }

    /// Keys visible inside a section: a dictionary's own, those of an array's first dictionary, or none
    /// (nil) when the section will not render.
    private static func innerScope(_ value: Any?) -> [String: Any]? {
        if let dictionary = value as? [String: Any] { return dictionary }
        if let array = value as? [[String: Any]] { return array.first }
        if let flag = value as? Bool, flag { return [:] }
        return nil
    }
}
