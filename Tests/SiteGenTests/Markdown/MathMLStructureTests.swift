import Foundation
import Testing
@testable import SiteGen

/// tidy does not look inside `<math>`, so this checks what browsers need: balanced tags, only MathML Core
/// elements, and the child counts each element requires (an `<mfrac>` with three children renders garbage).
/// Our output has no comments, CDATA or `>` in attribute values, so a tag scanner is enough.
private enum MathMLShape {
    static let arity: [String: ClosedRange<Int>] = [
        "mfrac": 2...2, "mroot": 2...2, "msub": 2...2, "msup": 2...2, "msubsup": 3...3, "munder": 2...2,
        "mover": 2...2, "munderover": 3...3, "semantics": 2...2, "mspace": 0...0, "math": 1...1, "mstyle": 1...1,
    ]
    static let core: Set<String> = [
        "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "mfrac", "msqrt",
        "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mstyle", "mtable", "mtr", "mtd",
    ]
    static let tag = try! NSRegularExpression(pattern: "<(/?)([a-z]+)[^>]*>")

    static func problems(in xml: String) -> [String] {
        var problems: [String] = []
        var stack: [(name: String, children: Int)] = []
        let ns = xml as NSString
        for match in tag.matches(in: xml, range: NSRange(location: 0, length: ns.length)) {
            let closing = match.range(at: 1).length == 1
            let name = ns.substring(with: match.range(at: 2))
            if !closing {
                if !core.contains(name) { problems.append("<\(name)> is not MathML Core") }
                if !stack.isEmpty { stack[stack.count - 1].children += 1 }
                stack.append((name, 0))
                continue
            }
            guard let element = stack.popLast(), element.name == name else {
                problems.append("</\(name)> does not close the open element")
                continue
            }
            if let allowed = arity[name], !allowed.contains(element.children) {
                problems.append("<\(name)> has \(element.children) children")
            }
        }
        problems += stack.map { "<\($0.name)> is never closed" }
        return problems
    }
}

@Suite struct MathMLStructureTests {
    @Test func checkerCatchesWrongShapes() {
        #expect(!MathMLShape.problems(in: "<math><mfrac><mi>a</mi></mfrac></math>").isEmpty)
        #expect(!MathMLShape.problems(in: "<math><menclose><mi>a</mi></menclose></math>").isEmpty)
        #expect(!MathMLShape.problems(in: "<math><mi>a</math>").isEmpty)
    }

    @Test(arguments: [
        #"x_t = \sqrt{\bar\alpha_t} x_0 + \sqrt{1-\bar\alpha_t}\,\epsilon"#,
        #"\hat{x}_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\epsilon_\theta(x_t, t)}{\sqrt{\bar\alpha_t}}"#,
        #"\sum_{i=1}^{n} \frac{1}{2^i} = 1 - \left( \frac{1}{2} \right)^n"#,
        #"\arg\min_\theta \mathbb{E}\left[ \lVert \epsilon - \epsilon_\theta \rVert^2 \right] + f''(x)^2_t"#,
        #"\sqrt[3]{x} \le \tilde{x}'' \quad \dfrac{a}{b} \mathop{\mathrm{E}}\limits_{x} {}_t \text{ if } \vec v"#,
        #"\left\{ x \middle| x \in \mathbb{R} \right\} \overline{x+y} \underline{z} \displaystyle\prod_i x_i"#,
        #"\begin{aligned} L &= \sum_t \lVert x \rVert \\ &\le 1 \end{aligned} \begin{bmatrix} a & b \\ c & d \end{bmatrix}"#,
    ])
    func renderedFormulasHaveValidShapes(_ tex: String) throws {
        for display in [false, true] {
            #expect(MathMLShape.problems(in: try MathML.render(tex, display: display)) == [])
        }
    }
}
