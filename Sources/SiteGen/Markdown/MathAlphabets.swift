/// \mathbb, \mathcal, … as Unicode Mathematical Alphanumeric Symbols: Chromium honours only mathvariant="normal",
/// so a script N must be the character 𝒩 itself.
enum MathAlphabet: Equatable {
    case roman, bold, italic, boldItalic, script, doubleStruck, sansSerif, monospace

    static let commands: [String: MathAlphabet] = [
        "mathrm": .roman, "mathbf": .bold, "mathit": .italic, "boldsymbol": .boldItalic, "bm": .boldItalic,
        "mathcal": .script, "mathscr": .script, "mathbb": .doubleStruck, "mathsf": .sansSerif,
        "mathtt": .monospace,
    ]

    /// First code points of capital A, small a and digit 0 in each alphabet (nil: the alphabet has none).
    private var starts: (upper: UInt32, lower: UInt32, digit: UInt32?) {
        switch self {
        case .roman: return (0x41, 0x61, nil)
        case .bold: return (0x1D400, 0x1D41A, 0x1D7CE)
        case .italic: return (0x1D434, 0x1D44E, nil)
        case .boldItalic: return (0x1D468, 0x1D482, 0x1D7CE)
        case .script: return (0x1D49C, 0x1D4B6, nil)
        case .doubleStruck: return (0x1D538, 0x1D552, 0x1D7D8)
        case .sansSerif: return (0x1D5A0, 0x1D5BA, 0x1D7E2)
        case .monospace: return (0x1D670, 0x1D68A, 0x1D7F6)
        }
    }

    /// Letters that Unicode had already encoded elsewhere, leaving reserved holes in the math blocks.
    private var holes: [Character: Character] {
        switch self {
        case .italic: return ["h": "ℎ"]
        case .script: return ["B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
                              "e": "ℯ", "g": "ℊ", "o": "ℴ"]
        case .doubleStruck: return ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
        default: return [:]
        }
    }

    /// The styled form of a letter or digit; Greek only for bold italic (\boldsymbol), as in TeX.
    func map(_ c: Character) -> Character {
        if let hole = holes[c] { return hole }
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return c }
        let v = scalar.value
        let (upper, lower, digit) = starts
        var mapped: UInt32?
        switch v {
        case 0x41...0x5A: mapped = upper + (v - 0x41)
        case 0x61...0x7A: mapped = lower + (v - 0x61)
        case 0x30...0x39: mapped = digit.map { $0 + (v - 0x30) }
        case 0x391...0x3A9 where self == .boldItalic: mapped = 0x1D71C + (v - 0x391)
        case 0x3B1...0x3C9 where self == .boldItalic: mapped = 0x1D736 + (v - 0x3B1)
        default: mapped = nil
        }
        guard let mapped, let styled = Unicode.Scalar(mapped) else { return c }
        return Character(styled)
    }
}
