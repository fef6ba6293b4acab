import Foundation

/// Code blocks and spans: cut out whole, so neither Ink nor the math scanner reads inside them.
extension MarkdownCutter {
    struct Fence { let indent: Int; let ticks: Int; let infoEnd: Int }

    func fenceAt(_ start: Int) -> Fence? {
        var j = start
        while j < chars.count, chars[j] == " ", j - start < 3 { j += 1 }
        let indent = j - start
        var ticks = 0
        while j < chars.count, chars[j] == "`" { ticks += 1; j += 1 }
        guard ticks >= 3 else { return nil }
        var end = j
        while end < chars.count, chars[end] != "\n" {
            if chars[end] == "`" { return nil }  // CommonMark: an info string may not contain backticks
            end += 1
        }
        return Fence(indent: indent, ticks: ticks, infoEnd: end)
    }

    mutating func readCodeBlock(_ fence: Fence) {
        let startLine = line
        let infoStart = i + fence.indent + fence.ticks
        let info = String(chars[infoStart..<fence.infoEnd]).trimmingCharacters(in: .whitespaces)
        let language = info.split(separator: " ").first.map(String.init) ?? ""
        advance(to: min(fence.infoEnd + 1, chars.count))
        var lines: [String] = []
        while i < chars.count {
            var end = i
            while end < chars.count, chars[end] != "\n" { end += 1 }
            let lineText = String(chars[i..<end])
            advance(to: min(end + 1, chars.count))
            let trimmed = lineText.drop { $0 == " " }
            if lineText.count - trimmed.count <= 3, trimmed.prefix(while: { $0 == "`" }).count >= fence.ticks,
               trimmed.drop(while: { $0 == "`" }).allSatisfy(\.isWhitespace) {
                break
            }
            // Content is indented relative to the fence, as CommonMark strips the fence's own indentation.
            let strip = min(fence.indent, lineText.prefix { $0 == " " }.count)
            lines.append(String(lineText.dropFirst(strip)))
        }
        let code = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        cut(.codeBlock(code: code, language: language), at: startLine)
    }

    mutating func readCodeSpan() {
        var ticks = 0
        while i + ticks < chars.count, chars[i + ticks] == "`" { ticks += 1 }
        var j = i + ticks
        while j < chars.count {
            if chars[j] == "`" {
                var run = 0
                while j + run < chars.count, chars[j + run] == "`" { run += 1 }
                if run == ticks {
                    var code = String(chars[(i + ticks)..<j]).replacingOccurrences(of: "\n", with: " ")
                    if code.count >= 2, code.first == " ", code.last == " ", !code.allSatisfy({ $0 == " " }) {
                        code = String(code.dropFirst().dropLast())
                    }
                    cut(.codeSpan(code), at: line)
                    advance(to: j + run)
                    return
                }
                j += run
            } else if chars[j] == "\n", isBlankLine(after: j) {
                break
            } else {
                j += 1
            }
        }
        cut(.literal(String(repeating: "`", count: ticks)), at: line)
        advance(to: i + ticks)
    }
}
