import Foundation

/// The contents list of a long page: its `<h2>` and `<h3>` headings, each given an `id` so the list can link to it.
/// A page with fewer than `minimumHeadings` gets none: a one-entry list only repeats the heading below it.
struct PageOutline {
    struct Entry: Equatable {
        var level: Int
        var id: String
        /// The heading's inner HTML (it may hold math or code).
        var html: String
    }

    static let minimumHeadings = 2

    /// The body with ids on its headings, and the outline (empty when the page is short).
    static func make(_ body: String) -> (html: String, entries: [Entry]) {
        var entries: [Entry] = []
        var used: Set<String> = []
        var out = ""
        var rest = Substring(body)
        while let open = rest.firstRange(of: #/<h([23])>/#) {
            out += rest[..<open.lowerBound]
            let level = rest[open].dropFirst(2).first == "2" ? 2 : 3
            let close = "</h\(level)>"
            guard let end = rest[open.upperBound...].range(of: close) else { out += rest[open]; rest = rest[open.upperBound...]; continue }
            let inner = String(rest[open.upperBound..<end.lowerBound])
            var id = "sec-" + slug(inner)
            if used.contains(id) {
                var k = 2
                while used.contains("\(id)-\(k)") { k += 1 }
                id = "\(id)-\(k)"
            }
            used.insert(id)
            entries.append(Entry(level: level, id: id, html: inner))
            out += "<h\(level) id=\"\(id)\">\(inner)\(close)"
            rest = rest[end.upperBound...]
        }
        out += rest
        return (out, entries.count >= minimumHeadings ? entries : [])
    }

    /// Lowercase letters and digits of the heading's text (tags and MathML's TeX annotation left out), joined by `-`.
    static func slug(_ html: String) -> String {
        var text = html.replacing(#/<annotation[^>]*>.*?</annotation>/#, with: "")
        text = text.replacing(#/<[^>]*>/#, with: " ")
        var words: [String] = []
        var word = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.isEmpty ? "heading" : words.joined(separator: "-")
    }
}
