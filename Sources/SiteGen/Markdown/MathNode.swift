/// The presentation tree a formula parses into; one case per MathML Core element we emit.
indirect enum MathNode: Equatable {
    /// `<mi>`; `upright` adds mathvariant="normal" to single letters (multi-letter mi are upright anyway).
    case identifier(String, upright: Bool)
    case number(String)
    /// `<mo>` with attributes in the order written, so output is byte-stable.
    case op(String, attributes: [Attribute])
    case text(String)
    case space(width: String)
    case row([MathNode])
    /// `<mfrac>`; `displayStyle` wraps it in an mstyle for \dfrac (true) and \tfrac (false).
    case fraction(MathNode, MathNode, displayStyle: Bool?)
    case sqrt(MathNode)
    case root(MathNode, index: MathNode)
    /// msub/msup/msubsup, or munder/mover/munderover when `limits` (big operators in display style).
    case scripts(base: MathNode, sub: MathNode?, sup: MathNode?, limits: Bool)
    case accent(MathNode, mark: MathNode, under: Bool)
    /// \displaystyle / \textstyle for the rest of a group.
    case style(MathNode, display: Bool)
    /// An environment's grid (`aligned`, `cases`, `pmatrix`, …).
    case table([[MathNode]], align: TableAlignment, display: Bool)

    /// How cells line up. Chromium ignores MathML's columnalign, but honours CSS text-align on `<mtd>`.
    enum TableAlignment: Equatable {
        case center, left
        /// `aligned`: right/left column pairs meeting without a gap, as at `&=`.
        case pairs

        func style(column: Int) -> String {
            switch self {
            case .center: return ""
            case .left: return #" style="text-align: left""#
            case .pairs:
                return column % 2 == 0 ? #" style="text-align: right; padding-right: 0""#
                    : #" style="text-align: left; padding-left: 0""#
            }
        }
    }

    struct Attribute: Equatable {
        let name: String
        let value: String
        init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    /// A list of siblings as one node: a single child stands alone, several share an mrow.
    static func group(_ nodes: [MathNode]) -> MathNode {
        nodes.count == 1 ? nodes[0] : .row(nodes)
    }

    var mathML: String {
        switch self {
        case let .identifier(name, upright):
            let variant = upright && name.count == 1 ? " mathvariant=\"normal\"" : ""
            return "<mi\(variant)>\(HTMLEscaping.escape(name))</mi>"
        case let .number(digits):
            return "<mn>\(HTMLEscaping.escape(digits))</mn>"
        case let .op(text, attributes):
            let attrs = attributes.map { " \($0.name)=\"\($0.value)\"" }.joined()
            return "<mo\(attrs)>\(HTMLEscaping.escape(text))</mo>"
        case let .text(text):
            return "<mtext>\(HTMLEscaping.escape(text))</mtext>"
        case let .space(width):
            return "<mspace width=\"\(width)\"></mspace>"
        case let .row(children):
            return "<mrow>" + children.map(\.mathML).joined() + "</mrow>"
        case let .fraction(num, den, displayStyle):
            let frac = "<mfrac>\(num.mathML)\(den.mathML)</mfrac>"
            guard let displayStyle else { return frac }
            return "<mstyle displaystyle=\"\(displayStyle)\">\(frac)</mstyle>"
        case let .sqrt(body):
            return "<msqrt>\(body.mathML)</msqrt>"
        case let .root(body, index):
            return "<mroot>\(body.mathML)\(index.mathML)</mroot>"
        case let .scripts(base, sub, sup, limits):
            let tag: String
            switch (sub != nil, sup != nil, limits) {
            case (true, true, false): tag = "msubsup"
            case (true, false, false): tag = "msub"
            case (false, _, false): tag = "msup"
            case (true, true, true): tag = "munderover"
            case (true, false, true): tag = "munder"
            case (false, _, true): tag = "mover"
            }
            return "<\(tag)>\(base.mathML)\(sub?.mathML ?? "")\(sup?.mathML ?? "")</\(tag)>"
        case let .accent(base, mark, under):
            return under
                ? "<munder accentunder=\"true\">\(base.mathML)\(mark.mathML)</munder>"
                : "<mover accent=\"true\">\(base.mathML)\(mark.mathML)</mover>"
        case let .style(body, display):
            return "<mstyle displaystyle=\"\(display)\">\(body.mathML)</mstyle>"
        case let .table(rows, align, display):
            let body = rows.map { cells in
                "<mtr>" + cells.enumerated().map { "<mtd\(align.style(column: $0))>\($1.mathML)</mtd>" }.joined()
                    + "</mtr>"
            }
            return "<mtable displaystyle=\"\(display)\">" + body.joined() + "</mtable>"
        }
    }
}
