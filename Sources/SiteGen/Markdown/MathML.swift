import Foundation

/// LaTeX to MathML Core at build time, so pages show formulas with no JavaScript and no network.
public enum MathML {
    public static let namespace = "http://www.w3.org/1998/Math/MathML"

    /// Renders one formula (without its `$` delimiters). The TeX source rides along in an annotation so copying
    /// the formula from the page yields TeX.
    public static func render(_ latex: String, display: Bool) throws -> String {
        var parser = MathParser(latex)
        let nodes = try parser.parseFormula(display: display)
        let body = nodes.map(\.mathML).joined()
        let source = HTMLEscaping.escape(latex.trimmingCharacters(in: .whitespacesAndNewlines))
        let mode = display ? " display=\"block\"" : ""
        return "<math xmlns=\"\(namespace)\"\(mode)><semantics><mrow>\(body)</mrow>"
            + "<annotation encoding=\"application/x-tex\">\(source)</annotation></semantics></math>"
    }
}
