import Testing
@testable import SiteGen

private func render(_ markdown: String, firstLine: Int = 1) throws -> String {
    try MarkdownRenderer.render(markdown, source: "content/b-1-2-denoiser.md", firstLine: firstLine)
}

private func failure(_ markdown: String, firstLine: Int = 1) -> MarkdownError? {
    do {
        _ = try render(markdown, firstLine: firstLine)
        return nil
    } catch {
        return error as? MarkdownError
    }
}

@Suite struct MarkdownMathTests {
    @Test func inlineMathIsMathMLAndInkNeverSeesTheTeX() throws {
        let html = try render(#"The UNet predicts $\epsilon_\theta(x_t, t)$, *not* $x_0$."#)
        #expect(html.hasPrefix("<p>The UNet predicts <math xmlns=\"http://www.w3.org/1998/Math/MathML\"><semantics>"))
        #expect(html.contains(try MathML.render(#"\epsilon_\theta(x_t, t)"#, display: false)))
        #expect(html.contains(", <em>not</em> <math"))
        #expect(!html.contains("<em>theta"))
    }

    @Test func displayMathAloneIsABlockNotAParagraph() throws {
        let html = try render("Loss:\n\n$$\n\\lVert \\epsilon - \\epsilon_\\theta \\rVert^2\n$$\n\nDone.")
        let math = try MathML.render("\\lVert \\epsilon - \\epsilon_\\theta \\rVert^2", display: true)
        #expect(html == "<p>Loss:</p><span class=\"math-display\">\(math)</span><p>Done.</p>")
    }

    @Test func displayMathInsideAParagraphStaysThere() throws {
        let html = try render("We minimise $$L = a_1 b_2$$ over $\\theta$.")
        #expect(html.hasPrefix("<p>We minimise <span class=\"math-display\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\">"))
        #expect(html.contains("</math></span> over <math"))
        #expect(html.hasSuffix("</math>.</p>"))
    }

    @Test func codeSpansKeepDollarsAndUnderscores() throws {
        let html = try render("Call `alphas_cumprod[t] * $x$ <b>` and ``a ` b``.")
        #expect(html == "<p>Call <code>alphas_cumprod[t] * $x$ &lt;b&gt;</code> and <code>a ` b</code>.</p>")
    }

    @Test func fencedCodeBlockIsVerbatimAndNotInAParagraph() throws {
        let html = try render("Text before\n```python\nx_t = a_t * x_0  # $cost$ <2\n```\nafter")
        #expect(html == #"<p>Text before</p><pre><code class="language-python">x_t = a_t * x_0  # $cost$ &lt;2"#
            + "\n</code></pre><p>after</p>")
    }

    @Test func escapedAndMoneyDollarsStayText() throws {
        #expect(try render(#"It costs \$5, or $5 and $10 in total."#) == "<p>It costs $5, or $5 and $10 in total.</p>")
        #expect(try render("a $ b $ c") == "<p>a $ b $ c</p>")
    }

    @Test func mathErrorNamesFileLineAndFormula() {
        let markdown = "# Denoiser\n\nThe noise\nestimate $\\epsilonn_\\theta$ is bad.\n"
        #expect(failure(markdown)?.description ==
            #"content/b-1-2-denoiser.md:4: unknown command \epsilonn at offset 0 in $\epsilonn_\theta$"#)
        #expect(failure(markdown, firstLine: 11)?.line == 14)
    }

    @Test func multiLineDisplayErrorPointsAtItsFirstLine() {
        let e = failure("Intro\n\n$$\nx = \\frac{a}{b\n$$\n")
        #expect(e?.line == 3)
        #expect(e?.message == #"unbalanced braces: { is never closed at offset 12 in $$x = \frac{a}{b$$"#)
    }

    @Test func unclosedDisplayMathIsAnError() {
        #expect(failure("a\n\nb $$ x\n\nc")?.description == "content/b-1-2-denoiser.md:3: $$ is never closed by $$")
    }

    @Test func mathInTableCellsDoesNotSplitTheRow() throws {
        let html = try render("| t | $\\lvert x \\rvert$ |\n|---|---|\n| 1 | $|a|$ |")
        #expect(html.contains("<td>1</td><td><math"))
        #expect(html.components(separatedBy: "<td>").count == 3)
    }
}

/// Ink 0.6.0 on everyday input, and the repairs MarkdownCutter / InkFixups make.
@Suite struct MarkdownInkTests {
    @Test func headingsEmphasisLinksAndImages() throws {
        #expect(try render("## Part *B*") == "<h2>Part <em>B</em></h2>")
        #expect(try render("**bold** and _it_") == "<p><strong>bold</strong> and <em>it</em></p>")
        #expect(try render("[spec](https://x.org/a?b=1&c=2)") ==
            #"<p><a href="https://x.org/a?b=1&amp;c=2">spec</a></p>"#)
                #expect(try render(#"![grid](fig/a.png "Samples")"#) == #"<img src="fig/a.png" title="Samples" alt="grid"/>"#)
        #expect(try render(#"[a](b.html "T")"#) == #"<p><a href="b.html" title="T">a</a></p>"#)
    }

    @Test func listsQuotesAndRules() throws {
        #expect(try render("- a\n- b\n\n1. one\n2. two") == "<ul><li>a</li><li>b</li></ul><ol><li>one</li><li>two</li></ol>")
        #expect(try render("> quoted\n> text") == "<blockquote><p>quoted text</p></blockquote>")
        #expect(try render("a\n\n---\n\nb") == "<p>a</p><hr><p>b</p>")
    }

    @Test func nestedListsCloseOnDedent() throws {
        #expect(try render("- a\n  - n\n    - m\n  - o\n- b") ==
            "<ul><li>a<ul><li>n<ul><li>m</li></ul></li><li>o</li></ul></li><li>b</li></ul>")
        #expect(try render("1. a\n   - n\n2. b") == "<ol><li>a<ul><li>n</li></ul></li><li>b</li></ol>")
        #expect(try render("Intro:\n- a\n- b") == "<p>Intro:</p><ul><li>a</li><li>b</li></ul>")
    }

    @Test func imageAltTextIsPlain() throws {
        #expect(try render("![a *b*](x.png)") == #"<img src="x.png" alt="a b"/>"#)
    }

    @Test func tablesUseCSSAlignment() throws {
        #expect(try render("| a | b |\n|:--|--:|\n| 1 | 2 |") ==
            #"<table><thead><tr><th style="text-align: left">a</th><th style="text-align: right">b</th></tr></thead>"#
            + #"<tbody><tr><td style="text-align: left">1</td><td style="text-align: right">2</td></tr></tbody></table>"#)
    }

    @Test func intrawordUnderscoresAreNotEmphasis() throws {
        #expect(try render("snake_case_name") == "<p>snake_case_name</p>")
    }

    @Test func lessThanInProseIsEscaped() throws {
        #expect(try render("x < y and 1<2") == "<p>x &lt; y and 1&lt;2</p>")
    }

    @Test func voidTagsDoNotSwallowTheRestOfTheDocument() throws {
        #expect(try render("one<br>two\n\n## Next") == "<p>one<br>two</p><h2>Next</h2>")
        #expect(try render("<img src=\"a.png\" alt=\"a > b\">\n\nafter") ==
            "<p><img src=\"a.png\" alt=\"a > b\"></p><p>after</p>")
    }

    @Test func inlineAndBlockHTMLPassThrough() throws {
        #expect(try render("a <span class=\"k\">b</span> c") == "<p>a <span class=\"k\">b</span> c</p>")
        #expect(try render("<div class=\"fig\">\n<img src=\"a.png\">\n</div>\n\nafter") ==
            "<div class=\"fig\">\n<img src=\"a.png\">\n</div><p>after</p>")
    }

    @Test func autolinksAndBackslashEscapes() throws {
        #expect(try render("<https://x.org/a>") == #"<p><a href="https://x.org/a">https://x.org/a</a></p>"#)
        #expect(try render(##"a\\b \*c\* \_d\_ \#"##) == "<p>a\\b *c* _d_ #</p>")
    }
}
