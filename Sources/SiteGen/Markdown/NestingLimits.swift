/// Refuses markdown nested absurdly deep before Ink reads it.
///
/// Ink 0.6.0 reads a nested list by recursion, re-reading each line's indentation at every level: a list nested
/// 10,000 levels took 65-134 s and 2.5-5 GB (and a deeper one would overflow the stack). No write-up needs more
/// than a few levels, so a list deeper than `maxListDepth` is an error naming the file and line.
enum NestingLimits {
    static let maxListDepth = 16

    /// Checks list nesting outside ``` fences; lines are 0-based from the start of `markdown`.
    static func checkLists(_ markdown: String, source: String, firstLine: Int) throws {
        var indents: [Int] = []  // indentation of each open list level, increasing
        var fence = 0  // backticks of the open code fence, 0 outside one
        var lineNumber = -1
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let body = line.dropFirst(indent)
            let ticks = body.prefix { $0 == "`" }.count
            if fence > 0 {
                if ticks >= fence { fence = 0 }
                continue
            }
            if ticks >= 3, indent <= 3 { fence = ticks; continue }
            if body.isEmpty { indents.removeAll(); continue }
            guard startsListItem(body) else { continue }
            while let last = indents.last, last >= indent { indents.removeLast() }
            indents.append(indent)
            if indents.count > maxListDepth {
                throw MarkdownError(source: source, line: firstLine + lineNumber,
                                    message: "list nested \(indents.count) levels deep; at most \(maxListDepth) are allowed")
            }
        }
    }

    private static func startsListItem(_ body: Substring) -> Bool {
        if let marker = body.first, "-*+".contains(marker) { return body.dropFirst().first == " " }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return false }
        let rest = body.dropFirst(digits.count)
        return (rest.first == "." || rest.first == ")") && rest.dropFirst().first == " "
    }
}
