import Foundation
import Testing
@testable import SiteGen

/// The presentation markup of a rendered formula: what sits between `<semantics><mrow>` and the annotation.
private func presentation(_ tex: String, display: Bool = false) throws -> String {
    let math = try MathML.render(tex, display: display)
    guard let open = math.range(of: "<semantics><mrow>"), let close = math.range(of: "</mrow><annotation") else {
        Issue.record("no semantics wrapper in \(math)")
        return math
    }
    return String(math[open.upperBound..<close.lowerBound])
}

private func error(_ tex: String) -> MathError? {
    do {
        _ = try MathML.render(tex, display: false)
        return nil
    } catch {
        return error as? MathError
    }
}

@Suite struct MathMLDocumentTests {
    @Test func inlineFormulaIsMathCoreWithItsTeXAnnotated() throws {
        #expect(try MathML.render(#"\frac{a}{b}"#, display: false) ==
            #"<math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><mfrac><mi>a</mi><mi>b</mi></mfrac>"#
            + #"</mrow><annotation encoding="application/x-tex">\frac{a}{b}</annotation></semantics></math>"#)
    }

    @Test func displayFormulaIsABlock() throws {
        #expect(try MathML.render("x", display: true).hasPrefix(
            #"<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><semantics><mrow><mi>x</mi></mrow>"#))
    }

    @Test func markupCharactersAreEscapedInFormulaAndAnnotation() throws {
        let math = try MathML.render(#" a<b \& c>d "#, display: false)
        #expect(math.contains("<mo>&lt;</mo>"))
        #expect(math.contains("<mo>&amp;</mo>"))
        #expect(math.contains("<mo>&gt;</mo>"))
        #expect(math.contains(#"<annotation encoding="application/x-tex">a&lt;b \&amp; c&gt;d</annotation>"#))
    }
}

@Suite struct MathMLFormulaTests {
    @Test func forwardProcess() throws {
        let barAlphaT = #"<msub><mover accent="true"><mi>α</mi><mo stretchy="false">¯</mo></mover><mi>t</mi></msub>"#
        #expect(try presentation(#"x_t = \sqrt{\bar\alpha_t} x_0 + \sqrt{1-\bar\alpha_t}\,\epsilon"#) ==
            "<msub><mi>x</mi><mi>t</mi></msub><mo>=</mo><msqrt>\(barAlphaT)</msqrt>"
            + "<msub><mi>x</mi><mn>0</mn></msub><mo>+</mo>"
            + "<msqrt><mrow><mn>1</mn><mo>−</mo>\(barAlphaT)</mrow></msqrt>"
            + #"<mspace width="0.1667em"></mspace><mi>ϵ</mi>"#)
    }

    @Test func accentedEpsilonTakesTheSubscript() throws {
        #expect(try presentation(#"\hat\epsilon_\theta"#) ==
            #"<msub><mover accent="true"><mi>ϵ</mi><mo stretchy="false">^</mo></mover><mi>θ</mi></msub>"#)
    }

    @Test func scriptNormalIsAUnicodeScriptLetter() throws {
        #expect(try presentation(#"\mathcal{N}(0, I)"#) ==
            #"<mi>𝒩</mi><mo stretchy="false">(</mo><mn>0</mn><mo>,</mo><mi>I</mi><mo stretchy="false">)</mo>"#)
    }

    @Test func noiseDistributionWithBoldIdentity() throws {
        #expect(try presentation(#"\epsilon \sim \mathcal{N}(0,\mathbf{I})"#) ==
            #"<mi>ϵ</mi><mo>∼</mo><mi>𝒩</mi><mo stretchy="false">(</mo><mn>0</mn><mo>,</mo><mi>𝐈</mi>"#
            + #"<mo stretchy="false">)</mo>"#)
    }

    @Test func maskProduct() throws {
        #expect(try presentation(#"m \odot x"#) == "<mi>m</mi><mo>⊙</mo><mi>x</mi>")
    }

    @Test func fraction() throws {
        #expect(try presentation(#"\frac{a}{b}"#) == "<mfrac><mi>a</mi><mi>b</mi></mfrac>")
        #expect(try presentation(#"\frac12"#) == "<mfrac><mn>1</mn><mn>2</mn></mfrac>")
        #expect(try presentation(#"\dfrac{a}{b}"#) ==
            #"<mstyle displaystyle="true"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>"#)
        #expect(try presentation(#"\tfrac{a}{b}"#) ==
            #"<mstyle displaystyle="false"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>"#)
    }

    @Test func sumHasLimitsOnlyInDisplayStyle() throws {
        let limits = "<mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi>"
        #expect(try presentation(#"\sum_{i=1}^{n}"#) == "<msubsup><mo>∑</mo>\(limits)</msubsup>")
        #expect(try presentation(#"\sum_{i=1}^{n}"#, display: true) == "<munderover><mo>∑</mo>\(limits)</munderover>")
        #expect(try presentation(#"\prod\limits_{i=1}^{n}"#) ==
            #"<munderover><mo movablelimits="false">∏</mo>\#(limits)</munderover>"#)
        #expect(try presentation(#"\frac{\sum_i x_i}{n}"#, display: true).hasPrefix("<mfrac><mrow><msub><mo>∑</mo>"))
    }

    @Test func leftRightFencesStretch() throws {
        #expect(try presentation(#"\left( \frac{1}{2} \right)"#) ==
            #"<mrow><mo fence="true" form="prefix" stretchy="true">(</mo><mfrac><mn>1</mn><mn>2</mn></mfrac>"#
            + #"<mo fence="true" form="postfix" stretchy="true">)</mo></mrow>"#)
        #expect(try presentation(#"\left. x \right\|"#) ==
            #"<mrow><mi>x</mi><mo fence="true" form="postfix" stretchy="true">‖</mo></mrow>"#)
    }

    @Test func lettersAreSeparateIdentifiersAndNumbersStayWhole() throws {
        #expect(try presentation("xy") == "<mi>x</mi><mi>y</mi>")
        #expect(try presentation("12.5x") == "<mn>12.5</mn><mi>x</mi>")
        #expect(try presentation("x^23") == "<msup><mi>x</mi><mn>2</mn></msup><mn>3</mn>")
    }

    @Test func greekVariantsAndUprightCapitals() throws {
        #expect(try presentation(#"\epsilon\varepsilon\theta\vartheta\phi\varphi"#) ==
            "<mi>ϵ</mi><mi>ε</mi><mi>θ</mi><mi>ϑ</mi><mi>ϕ</mi><mi>φ</mi>")
        #expect(try presentation(#"\Sigma"#) == #"<mi mathvariant="normal">Σ</mi>"#)
    }

    @Test func operatorNamesAreUprightAndSpacedLikeTeX() throws {
        let thin = #"<mspace width="0.1667em"></mspace>"#
        #expect(try presentation(#"\log p"#) == "<mi>log</mi><mo>\u{2061}</mo>\(thin)<mi>p</mi>")
        #expect(try presentation(#"\exp(x)"#) ==
            #"<mi>exp</mi><mo>⁡</mo><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#)
        #expect(try presentation(#"\arg\min_\theta L"#, display: true) ==
            "<mi>arg</mi><mo>⁡</mo>\(thin)<munder><mi>min</mi><mi>θ</mi></munder><mo>⁡</mo>\(thin)<mi>L</mi>")
        #expect(try presentation(#"\operatorname{MSE}"#) == "<mi>MSE</mi>")
        #expect(try presentation(#"\mathop{\mathrm{E}}_x"#, display: true) ==
            #"<munder><mi mathvariant="normal">E</mi><mi>x</mi></munder>"#)
    }

    @Test func primesAreSuperscripts() throws {
        #expect(try presentation("f''") == "<msup><mi>f</mi><mo>″</mo></msup>")
        #expect(try presentation("x'^2") == "<msup><mi>x</mi><mrow><mo>′</mo><mn>2</mn></mrow></msup>")
    }

    @Test func subAndSuperscriptTogether() throws {
        #expect(try presentation("x_t^2") == "<msubsup><mi>x</mi><mi>t</mi><mn>2</mn></msubsup>")
        #expect(try presentation("x^2_t") == "<msubsup><mi>x</mi><mi>t</mi><mn>2</mn></msubsup>")
        #expect(try presentation("{}_t") == "<msub><mrow></mrow><mi>t</mi></msub>")
    }

    @Test func rootsAndAlphabets() throws {
        #expect(try presentation(#"\sqrt[3]{x}"#) == "<mroot><mi>x</mi><mn>3</mn></mroot>")
        #expect(try presentation(#"\mathbb{R}^n"#) == "<msup><mi>ℝ</mi><mi>n</mi></msup>")
        #expect(try presentation(#"\mathrm{softmax}(x)"#).hasPrefix("<mi>softmax</mi>"))
        #expect(try presentation(#"\mathrm{d}x"#) == #"<mi mathvariant="normal">d</mi><mi>x</mi>"#)
        #expect(try presentation(#"\mathcal{L}\mathbf{x}_0"#) == "<mi>ℒ</mi><msub><mi>𝐱</mi><mn>0</mn></msub>")
    }

    @Test func textKeepsItsEdgeSpaces() throws {
        #expect(try presentation(#"\text{ if } t>0"#) == "<mtext>\u{A0}if\u{A0}</mtext><mi>t</mi><mo>&gt;</mo><mn>0</mn>")
    }

    @Test func accentsOverGroupsStretch() throws {
        #expect(try presentation(#"\vec v"#) == #"<mover accent="true"><mi>v</mi><mo stretchy="false">→</mo></mover>"#)
        #expect(try presentation(#"\overline{x+y}"#) ==
            "<mover accent=\"true\"><mrow><mi>x</mi><mo>+</mo><mi>y</mi></mrow><mo stretchy=\"true\">\u{332}</mo></mover>")
    }

    @Test func plainFencesDoNotStretchButSpacingCommandsAreSpaces() throws {
        #expect(try presentation(#"\{a\}\quad\lVert x\rVert"#) ==
            #"<mo stretchy="false">{</mo><mi>a</mi><mo stretchy="false">}</mo><mspace width="1em"></mspace>"#
            + #"<mo stretchy="false">‖</mo><mi>x</mi><mo stretchy="false">‖</mo>"#)
    }

    @Test func casesAreALeftAlignedTableAfterABrace() throws {
        let left = #"<mtd style="text-align: left">"#
        #expect(try presentation(#"\begin{cases} 1 & t = 0 \\ 0 & \text{else} \end{cases}"#) ==
            #"<mrow><mo fence="true" form="prefix" stretchy="true">{</mo><mtable displaystyle="false"><mtr>"#
            + "\(left)<mn>1</mn></mtd>\(left)<mrow><mi>t</mi><mo>=</mo><mn>0</mn></mrow></mtd></mtr>"
            + "<mtr>\(left)<mn>0</mn></mtd>\(left)<mtext>else</mtext></mtd></mtr></mtable></mrow>")
    }

    @Test func alignedPairsMeetAtTheRelation() throws {
        let right = #"<mtd style="text-align: right; padding-right: 0">"#
        let left = #"<mtd style="text-align: left; padding-left: 0">"#
        #expect(try presentation(#"\begin{aligned} a &= b \\ &= c \\ \end{aligned}"#, display: true) ==
            #"<mtable displaystyle="true"><mtr>"#
            + "\(right)<mi>a</mi></mtd>\(left)<mrow><mrow></mrow><mo>=</mo><mi>b</mi></mrow></mtd></mtr><mtr>"
            + "\(right)<mrow></mrow></mtd>\(left)<mrow><mrow></mrow><mo>=</mo><mi>c</mi></mrow></mtd></mtr></mtable>")
    }

    @Test func matricesAreFencedTables() throws {
        #expect(try presentation(#"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}"#) ==
            #"<mrow><mo fence="true" form="prefix" stretchy="true">(</mo><mtable displaystyle="false">"#
            + "<mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr><mtr><mtd><mn>0</mn></mtd><mtd><mn>1</mn></mtd></mtr>"
            + #"</mtable><mo fence="true" form="postfix" stretchy="true">)</mo></mrow>"#)
    }

    /// Every command the write-ups use must render; a missing table entry fails here, not in a page build.
    @Test(arguments: [
        #"\frac{a}{b}\dfrac{a}{b}\tfrac{a}{b}\sqrt{x}\sqrt[n]{x}"#,
        #"\alpha\beta\gamma\delta\epsilon\varepsilon\zeta\eta\theta\vartheta\iota\kappa\lambda\mu\nu\xi\pi\rho"#,
        #"\sigma\tau\upsilon\phi\varphi\chi\psi\omega\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Upsilon\Phi\Psi\Omega"#,
        #"\bar x\hat x\tilde x\dot x\vec x\overline{x}"#,
        #"\mathcal{N}\mathbb{E}\mathbf{x}\mathrm{d}\text{a b}\operatorname{Var}"#,
        #"\odot\cdot\times\sim\approx\le\leq\ge\geq\ne\neq\in\to\rightarrow\leftarrow\gets\mid\infty\partial"#,
        #"\nabla\pm\propto\ldots\cdots\dots\lVert x\rVert\|\langle x\rangle\{\}\%\_"#,
        #"\left(x\right)\left[x\right]\left|x\right|\left\|x\right\|\left\{x\right\}\left.x\right."#,
        #"\sum_{i}^{n}\prod_i\log\exp\min\max\sin\cos\arg\min_x"#,
        #"a\,b\;c\:d\!e\quad f\qquad g\mathop{x}\limits_a\sum\limits_i"#,
        "+ - = < > , ; : ! ( ) [ ] | / '",
    ])
    func everyCommandTheWriteUpsNeedRenders(_ tex: String) throws {
        #expect(throws: Never.self) { try MathML.render(tex, display: true) }
    }
}

@Suite struct MathErrorTests {
    @Test func unknownCommandIsNamedWithItsOffset() {
        let e = error(#"x + \epsilonn_t"#)
        #expect(e?.kind == .unknownCommand)
        #expect(e?.token == #"\epsilonn"#)
        #expect(e?.offset == 4)
        #expect(e?.description == #"unknown command \epsilonn at offset 4"#)
    }

    @Test func unclosedBraceIsReportedAtTheBrace() {
        let e = error(#"\frac{a}{b"#)
        #expect(e?.kind == .unbalancedBraces)
        #expect(e?.token == "{")
        #expect(e?.offset == 8)
    }

    @Test func strayClosingBraceIsReportedWhereItIs() {
        let e = error("a}b")
        #expect(e?.kind == .unbalancedBraces)
        #expect(e?.token == "}")
        #expect(e?.offset == 1)
    }

    @Test func leftWithoutRightAndRightWithoutLeft() {
        #expect(error(#"y = \left( x"#).map { ($0.kind, $0.token, $0.offset) } ?? (.unknownCommand, "", -1)
            == (.unmatchedLeftRight, #"\left"#, 4))
        #expect(error(#"x \right)"#).map { ($0.kind, $0.token, $0.offset) } ?? (.unknownCommand, "", -1)
            == (.unmatchedLeftRight, #"\right"#, 2))
        #expect(error(#"\left( {x \right)"#)?.kind == .unbalancedBraces)
    }

    @Test func otherMistakes() {
        #expect(error("x_1_2")?.kind == .doubleScript)
        #expect(error("x^")?.kind == .missingArgument)
        #expect(error(#"\frac{a}"#)?.kind == .missingArgument)
        #expect(error("a & b")?.kind == .unexpectedCharacter)
        #expect(error(#"\left< x \right>"#)?.kind == .badDelimiter)
        #expect(error(#"\text{\foo}"#)?.token == #"\foo"#)
        #expect(error(String(repeating: "{", count: 500))?.kind == .unbalancedBraces)
        #expect(error(String(repeating: #"\hat"#, count: 5000) + "x")?.message == "formula nested too deeply")
    }

    @Test func environmentMistakes() {
        #expect(error(#"x + \begin{tabular} a \end{tabular}"#).map { ($0.token, $0.offset) } ?? ("", -1)
            == (#"\begin{tabular}"#, 4))
        #expect(error(#"\begin{cases} a & b"#).map { ($0.kind, $0.offset) } ?? (.unknownCommand, -1)
            == (.unmatchedLeftRight, 0))
        #expect(error(#"\begin{cases} a \end{pmatrix}"#)?.token == #"\end{pmatrix}"#)
        #expect(error(#"a \\ b"#)?.kind == .unexpectedCharacter)
    }
}
