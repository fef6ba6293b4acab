import Foundation

/// Cuts math and code out of markdown before Ink sees it: Ink reads `_` and `*` inside TeX as emphasis
/// (`\epsilon_\theta` -> `epsilon<em>theta`) and does not know `$`. Each piece is replaced by an alphanumeric
/// placeholder, which no markdown rule touches, and rendered separately.
///
/// Rules (a subset of pandoc's `tex_math_dollars`):
/// - ```` ``` ```` fences (up to 3 spaces indented) open a code block that runs to a line starting with at least as
///   many backticks, or to the end of the file. `~~~` fences and indented code blocks are not code.
/// - A run of N backticks opens a code span closed by the next run of exactly N; unmatched backticks are literal.
/// - `$$` opens display math, closed by the next `$$` (may span lines; unclosed is an error).
/// - `$` opens inline math only if the next character is not whitespace; it closes at the next `$` that is not
///   preceded by whitespace and not followed by a digit, within the same paragraph. So "costs $5 and $10" stays
///   text. An unmatched `$` is literal text.
/// - `\$` is a literal dollar everywhere outside code (inside math it is TeX's `\$`); `` \` `` a literal backtick.
///
/// It also shields Ink 0.6.0 from input it gets wrong (each case is a test in MarkdownRendererTests):
/// - backslash escapes of ASCII punctuation become literal (Ink drops the text of `\\` and keeps `\*`);
/// - `_` between letters or digits is literal (Ink turns `snake_case_name` into `snake<em>case</em>name`);
/// - `<` that cannot open a tag is literal (Ink emits `x < y` raw);
/// - void tags such as `<br>` and `<img …>` pass through verbatim (Ink waits for their closing tag and swallows
///   the rest of the document as raw HTML);
/// - autolinks `<https://…>` become links (Ink emits them as unknown tags).
struct MarkdownCutter {
    enum Piece: Equatable {
        case inlineMath(String)
        case displayMath(String)
        case codeSpan(String)
        case codeBlock(code: String, language: String)
        /// Text shown as is (HTML-escaped on the way back).
        case literal(String)
        /// HTML passed through verbatim.
        case rawHTML(String)

        /// Pieces that are blocks of their own: Ink's `<p>` around their lone placeholder must go.
        var isBlock: Bool {
            switch self {
            case .displayMath, .codeBlock: return true
            default: return false
            }
        }
    }

    struct Cutout: Equatable {
        let piece: Piece
        /// 0-based line of the markdown where the piece starts.
        let line: Int
    }

    var text = ""
    private(set) var cutouts: [Cutout] = []
    let prefix: String

    let chars: [Character]
    var i = 0
    /// No inline math closer exists between the last failed search's start and this index.
    var inlineMathNoCloseBefore = 0
    /// The last `-->` search: from where, and the `-->` found (nil: none to the end).
    var commentCloseMemo: (from: Int, at: Int?)?
    var line = 0

    /// Fails only on unclosed `$$`; everything else has a literal reading.
    init(_ markdown: String) throws {
        let normalized = markdown.replacingOccurrences(of: "\r\n", with: "\n")
        chars = Array(normalized)
        var prefix = "sgcut"
        while normalized.contains(prefix) { prefix += "q" }
        self.prefix = prefix
        try scan()
        literalizeNonLinkBrackets()
    }

    /// Placeholders end in a letter so that `…1z` is never mistaken for the start of `…12z`.
    func placeholder(_ index: Int) -> String { "\(prefix)\(index)z" }

    mutating func cut(_ piece: Piece, at line: Int) {
        cutouts.append(Cutout(piece: piece, line: line))
        let token = placeholder(cutouts.count - 1)
        // A fence may follow a paragraph line directly; blank lines keep Ink from merging the two.
        if case .codeBlock = piece { text += "\n\(token)\n\n" } else { text += token }
    }

    func isLineStart(_ index: Int) -> Bool { index == 0 || chars[index - 1] == "\n" }

    private mutating func scan() throws {
        while i < chars.count {
            let c = chars[i]
            if isLineStart(i), let fence = fenceAt(i) {
                readCodeBlock(fence)
            } else if c == "\\", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                cut(.literal(String(chars[i + 1])), at: line)
                i += 2
            } else if c == "_", i > 0, i + 1 < chars.count, chars[i - 1].isLetter || chars[i - 1].isNumber,
                      chars[i + 1].isLetter || chars[i + 1].isNumber {
                cut(.literal("_"), at: line)
                i += 1
            } else if c == "<" {
                readAngle()
            } else if c == "&", !startsEntity(i) {
                cut(.literal("&"), at: line)
                i += 1
            } else if c == "`" {
                readCodeSpan()
            } else if c == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                try readDisplayMath()
            } else if c == "$", let close = inlineMathClose(from: i) {
                cut(.inlineMath(String(chars[(i + 1)..<close])), at: line)
                advance(to: close + 1)
            } else {
                text.append(c)
                advance(to: i + 1)
            }
        }
    }

    /// Moves to `index`, counting the newlines passed over.
    mutating func advance(to index: Int) {
        while i < index {
            if chars[i] == "\n" { line += 1 }
            i += 1
        }
    }

    // MARK: math

    private mutating func readDisplayMath() throws {
        var j = i + 2
        while j + 1 < chars.count {
            if chars[j] == "\\" { j += 2; continue }
            if chars[j] == "$", chars[j + 1] == "$" {
                cut(.displayMath(String(chars[(i + 2)..<j])), at: line)
                advance(to: j + 2)
                return
            }
            j += 1
        }
        throw MarkdownCutterError.unclosedDisplayMath(line: line)
    }

    /// The index of the `$` closing inline math opened at `open`, or nil when the `$` is literal.
    ///
    /// Whether a `$` can close does not depend on where the search started, so when one search finds no closer
    /// up to the paragraph's end, every later `$` before that end has none either: `inlineMathNoCloseBefore`
    /// remembers it, which keeps a paragraph of 8,000 unclosed `$a ` linear (it took 2.6 s, 4x per doubling).
    private mutating func inlineMathClose(from open: Int) -> Int? {
        guard open + 1 < chars.count, !chars[open + 1].isWhitespace, open >= inlineMathNoCloseBefore else { return nil }
        var j = open + 1
        while j < chars.count {
            switch chars[j] {
            case "\\":
                j += 2
                continue
            case "\n" where isBlankLine(after: j):
                inlineMathNoCloseBefore = j
                return nil
            case "$":
                let afterIsDigit = j + 1 < chars.count && chars[j + 1].isNumber
                if !chars[j - 1].isWhitespace, !afterIsDigit { return j }
            default:
                break
            }
            j += 1
        }
        inlineMathNoCloseBefore = chars.count
        return nil
    }

    /// Whether the line after the newline at `index` is blank, i.e. a paragraph ends here.
    func isBlankLine(after index: Int) -> Bool {
        var j = index + 1
        while j < chars.count, chars[j] != "\n" {
            if !chars[j].isWhitespace { return false }
            j += 1
        }
        return true
    }
}

enum MarkdownCutterError: Error {
    case unclosedDisplayMath(line: Int)
}
