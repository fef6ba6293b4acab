import Foundation

/// Checks a template's text before the Mustache parser sees it, each with file:line.
///
/// - Not UTF-8: said so, with the first bad byte's offset (it was reported as "missing or unreadable").
/// - Partials (`{{> name}}`): templates are rendered alone, so a partial rendered as nothing, silently, while
///   an unknown `{{var}}` was an error. No template uses one; each is now an error.
/// - Sections nested deeper than `maxSectionDepth`: the parser recurses per level, and 3000 levels crashed
///   it (exit 139, no message).
enum TemplateStructure {
    static let maxSectionDepth = 64

    /// The text, or an error naming the offset and line of the first byte that is not UTF-8.
    static func decode(_ bytes: [UInt8], file: String) throws -> String {
        if let offset = firstInvalidUTF8(bytes) {
            let line = 1 + bytes[..<offset].filter { $0 == UInt8(ascii: "\n") }.count
            throw SourceError(file: file, line: line, "not UTF-8: byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) "
                + "at offset \(offset) cannot start or continue a character; save the template as UTF-8")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset where the first ill-formed UTF-8 sequence starts, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var k = 0
        while k < bytes.count {
            let lead = bytes[k]
            let (length, low, high): (Int, UInt8, UInt8)
            switch lead {
            case 0x00...0x7F: k += 1; continue
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)  // no surrogates
            case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            default: return k
            }
            guard k + length <= bytes.count else { return k }
            // The second byte has the lead's own range (overlong and out-of-range forms); the rest are 80...BF.
            guard (low...high).contains(bytes[k + 1]) else { return k }
            for j in (k + 2)..<(k + length) where !(0x80...0xBF).contains(bytes[j]) { return k }
            k += length
        }
        return nil
    }

    /// Refuses partials and over-deep sections, in one pass over the tags.
    static func check(_ template: String, file: String) throws {
        var depth = 0
        var line = 1
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].utf8.filter { $0 == UInt8(ascii: "\n") }.count
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { return }  // the parser reports the unclosed tag
            let tag = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            line += rest[..<close.lowerBound].utf8.filter { $0 == UInt8(ascii: "\n") }.count
            rest = rest[close.upperBound...]
            switch tag.first {
            case ">":
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                throw SourceError(file: file, line: line, "partial `{{> \(name)}}` cannot be used: each template is rendered alone "
                    + "and no partials are loaded (templates are \(Templates.names.map { "\($0).mustache" }.joined(separator: ", ")))")
            case "#", "^":
                depth += 1
                if depth > maxSectionDepth {
                    throw SourceError(file: file, line: line, "sections nested more than \(maxSectionDepth) deep")
                }
            case "/":
                depth = max(0, depth - 1)
            default:
                break
            }
        }
    }
}
