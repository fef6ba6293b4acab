/// TeX's atom classes, reduced to what decides spacing around operator names and where limits go.
enum AtomClass: Equatable {
    case ord, bigOperator, operatorName, open, close, relOrBin, space
}

/// Where a big operator's scripts go: under/over in display style (\sum, \min) or always beside it (\int, \log).
enum LimitsPlacement: Equatable {
    case displayOnly, never, always
}

/// What a symbol command (or a plain character) stands for.
enum MathSymbol: Equatable {
    case identifier(String, upright: Bool)
    case op(String, cls: AtomClass, stretchy: Bool? = nil)
    case bigOperator(String, limits: LimitsPlacement)
    case operatorName(String, limits: LimitsPlacement)

    /// Commands that are a single symbol. Looked up by name only, never iterated, so output stays deterministic.
    static let commands: [String: MathSymbol] = {
        var table: [String: MathSymbol] = [:]
        let lowerGreek: [(String, String)] = [
            ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ϵ"), ("varepsilon", "ε"),
            ("zeta", "ζ"), ("eta", "η"), ("theta", "θ"), ("vartheta", "ϑ"), ("iota", "ι"), ("kappa", "κ"),
            ("varkappa", "ϰ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"), ("omicron", "ο"),
            ("pi", "π"), ("varpi", "ϖ"), ("rho", "ρ"), ("varrho", "ϱ"), ("sigma", "σ"), ("varsigma", "ς"),
            ("tau", "τ"), ("upsilon", "υ"), ("phi", "ϕ"), ("varphi", "φ"), ("chi", "χ"), ("psi", "ψ"),
            ("omega", "ω"),
        ]
        for (name, letter) in lowerGreek { table[name] = .identifier(letter, upright: false) }
        // TeX sets capital Greek upright; MathML would italicise a lone letter without mathvariant="normal".
        let upperGreek: [(String, String)] = [
            ("Gamma", "Γ"), ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"), ("Pi", "Π"),
            ("Sigma", "Σ"), ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"),
        ]
        for (name, letter) in upperGreek { table[name] = .identifier(letter, upright: true) }
        let ordinary: [(String, String, Bool)] = [
            ("infty", "∞", false), ("partial", "∂", false), ("nabla", "∇", true), ("ell", "ℓ", false),
            ("hbar", "ℏ", false), ("emptyset", "∅", true), ("varnothing", "∅", true), ("forall", "∀", true),
            ("exists", "∃", true), ("neg", "¬", true), ("lnot", "¬", true), ("top", "⊤", true), ("bot", "⊥", true),
            ("prime", "′", true), ("%", "%", true), ("_", "_", true), ("$", "$", true), ("#", "#", true),
            ("Re", "ℜ", true), ("Im", "ℑ", true), ("aleph", "ℵ", true),
        ]
        for (name, symbol, upright) in ordinary { table[name] = .identifier(symbol, upright: upright) }
        let relationsAndBinaries: [(String, String)] = [
            ("odot", "⊙"), ("cdot", "⋅"), ("times", "×"), ("div", "÷"), ("pm", "±"), ("mp", "∓"), ("ast", "∗"),
            ("star", "⋆"), ("circ", "∘"), ("bullet", "∙"), ("oplus", "⊕"), ("otimes", "⊗"), ("cup", "∪"),
            ("cap", "∩"), ("setminus", "∖"), ("wedge", "∧"), ("land", "∧"), ("vee", "∨"), ("lor", "∨"),
            ("sim", "∼"), ("simeq", "≃"), ("approx", "≈"), ("cong", "≅"), ("equiv", "≡"), ("propto", "∝"),
            ("le", "≤"), ("leq", "≤"), ("ge", "≥"), ("geq", "≥"), ("ne", "≠"), ("neq", "≠"), ("ll", "≪"),
            ("gg", "≫"), ("in", "∈"), ("notin", "∉"), ("ni", "∋"), ("subset", "⊂"), ("subseteq", "⊆"),
            ("supset", "⊃"), ("supseteq", "⊇"), ("to", "→"), ("rightarrow", "→"), ("leftarrow", "←"),
            ("gets", "←"), ("Rightarrow", "⇒"), ("Leftarrow", "⇐"), ("Leftrightarrow", "⇔"),
            ("leftrightarrow", "↔"), ("implies", "⟹"), ("iff", "⟺"), ("mapsto", "↦"), ("longrightarrow", "⟶"),
            ("longleftarrow", "⟵"), ("mid", "∣"), ("parallel", "∥"), ("perp", "⟂"), ("coloneqq", "≔"),
            ("triangleq", "≜"), ("ldots", "…"), ("dots", "…"), ("cdots", "⋯"), ("vdots", "⋮"), ("ddots", "⋱"),
            ("&", "&"),
        ]
        for (name, symbol) in relationsAndBinaries { table[name] = .op(symbol, cls: .relOrBin) }
        // Written fences do not grow in TeX; only \left/\right ones stretch.
        let fences: [(String, String, AtomClass)] = [
            ("{", "{", .open), ("}", "}", .close), ("lbrace", "{", .open), ("rbrace", "}", .close),
            ("langle", "⟨", .open), ("rangle", "⟩", .close), ("lVert", "‖", .open), ("rVert", "‖", .close),
            ("lvert", "|", .open), ("rvert", "|", .close), ("|", "‖", .ord), ("Vert", "‖", .ord),
            ("vert", "|", .ord), ("lfloor", "⌊", .open), ("rfloor", "⌋", .close), ("lceil", "⌈", .open),
            ("rceil", "⌉", .close),
        ]
        for (name, symbol, cls) in fences { table[name] = .op(symbol, cls: cls, stretchy: false) }
        let big: [(String, String, LimitsPlacement)] = [
            ("sum", "∑", .displayOnly), ("prod", "∏", .displayOnly), ("coprod", "∐", .displayOnly),
            ("bigcup", "⋃", .displayOnly), ("bigcap", "⋂", .displayOnly), ("bigoplus", "⨁", .displayOnly),
            ("bigotimes", "⨂", .displayOnly), ("int", "∫", .never), ("iint", "∬", .never), ("oint", "∮", .never),
        ]
        for (name, symbol, limits) in big { table[name] = .bigOperator(symbol, limits: limits) }
        for name in ["min", "max", "lim", "sup", "inf", "det", "Pr", "gcd", "liminf", "limsup"] {
            table[name] = .operatorName(name, limits: .displayOnly)
        }
        for name in ["log", "ln", "lg", "exp", "sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh",
                     "arcsin", "arccos", "arctan", "arg", "deg", "dim", "ker", "hom"] {
            table[name] = .operatorName(name, limits: .never)
        }
        return table
    }()

    /// What a character typed in math mode means; nil for characters with a structural role or none at all.
    static func character(_ c: Character) -> MathSymbol? {
        switch c {
        case "+", "=", "<", ">", ",", ";", ":", "!", "?", "/", "@": return .op(String(c), cls: .relOrBin)
        case "-": return .op("−", cls: .relOrBin)
        case "*": return .op("∗", cls: .relOrBin)
        case ".": return .op(".", cls: .ord)
        case "(", "[": return .op(String(c), cls: .open, stretchy: false)
        case ")", "]": return .op(String(c), cls: .close, stretchy: false)
        case "|": return .op("|", cls: .ord, stretchy: false)
        default:
            if c.isLetter { return .identifier(String(c), upright: false) }
            if c.isSymbol || c.isMathSymbol || c.isPunctuation { return .op(String(c), cls: .relOrBin) }
            return nil
        }
    }

    /// Accent commands: the mark and whether it stretches over the whole base. Marks were picked by looking at
    /// Chromium with DejaVu Math TeX Gyre: spacing characters sit well over one letter, but only combining ones
    /// (U+0302, U+0332) have stretch variants, and U+0332 is the one that stretches for a bar over a group.
    /// No tilde stretches in that font, so \widetilde is a centred, unstretched `~`.
    static let accents: [String: (mark: String, stretchy: Bool, under: Bool)] = [
        "bar": ("¯", false, false), "overline": ("\u{332}", true, false), "hat": ("^", false, false),
        "widehat": ("\u{302}", true, false), "tilde": ("~", false, false), "widetilde": ("~", true, false),
        "dot": ("˙", false, false), "ddot": ("¨", false, false), "vec": ("→", false, false),
        "overrightarrow": ("→", true, false), "check": ("ˇ", false, false), "breve": ("˘", false, false),
        "acute": ("´", false, false), "grave": ("`", false, false), "underline": ("\u{332}", true, true),
    ]

    /// Spacing commands, widths in em as TeX's mu (1/18 em).
    static let spaces: [String: String] = [
        ",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em", "medspace": "0.2222em",
        ";": "0.2778em", "thickspace": "0.2778em", "!": "-0.1667em", "negthinspace": "-0.1667em",
        " ": "0.3333em", "quad": "1em", "qquad": "2em", "enspace": "0.5em",
    ]

    /// What may follow \left, \right or \middle; "" is the invisible `.` delimiter.
    static func delimiter(_ token: String) -> String? {
        switch token {
        case "(", ")", "[", "]", "|", "/": return token
        case ".": return ""
        case "\\{", "\\lbrace": return "{"
        case "\\}", "\\rbrace": return "}"
        case "\\|", "\\Vert", "\\lVert", "\\rVert": return "‖"
        case "\\vert", "\\lvert", "\\rvert": return "|"
        case "\\langle": return "⟨"
        case "\\rangle": return "⟩"
        case "\\lfloor": return "⌊"
        case "\\rfloor": return "⌋"
        case "\\lceil": return "⌈"
        case "\\rceil": return "⌉"
        default: return nil
        }
    }
}
