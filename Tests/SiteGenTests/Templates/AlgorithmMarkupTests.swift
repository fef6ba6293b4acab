import Foundation
import Testing
@testable import SiteGen

/// Algorithm boxes on a built page: numbered across the site, one list item per step, math as MathML.
@Suite struct AlgorithmMarkupTests {
    @Test func boxesAreNumberedAcrossTheSiteWithTheirStepsAndMath() throws {
        let project = try TestProject()
        try project.section(file: "a-1.md", id: "a.1-first", order: 1, figures: ["a.ramp"], text: """
            Before the box.
            ::algorithm Training with $\\epsilon$
            repeat
              $x_t = \\sqrt{\\bar\\alpha_t}\\, x_0$ and *emphasis*
            until done
            ::end
            After the box.
            """)
        try project.section(file: "b-2.md", id: "b.2-third", order: 2, figures: [],
                            text: "Text.\n\n::algorithm Second\nstep\n::end\n\n::algorithm Third\nstep\n::end")
        try project.builder().build()
        let first = try String(contentsOfFile: project.root + "/site/a.1-first.html", encoding: .utf8)
        let third = try String(contentsOfFile: project.root + "/site/b.2-third.html", encoding: .utf8)
        #expect(first.contains(#"<figure class="algorithm" id="algorithm-1">"#), "\(first)")
        #expect(first.contains(#"<span class="algorithm-number">Algorithm 1.</span> Training with <math"#))
        #expect(first.contains(#"<li class="depth-0">repeat</li>"#))
        #expect(first.contains(#"<li class="depth-1"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics>"#))
        #expect(first.contains("<em>emphasis</em></li>"))
        #expect(first.contains("<p>Before the box.</p>") && first.contains("<p>After the box.</p>"))
        #expect(!first.contains("::algorithm") && !first.contains("::end") && !first.contains("SITEGEN"))
        #expect(third.contains("Algorithm 2.</span> Second") && third.contains("Algorithm 3.</span> Third"))
    }

    @Test func aStepMayReferToAFigureAndAnUnknownOneIsAnErrorAtItsLine() throws {
        let project = try TestProject()
        try project.section(file: "b-2.md", id: "b.2-third", order: 2, figures: [],
                            text: "Text.\n\n::algorithm A\nrepeat\n  as in @fig:a.ramp.\n::end")
        try project.builder().build()
        let page = try String(contentsOfFile: project.root + "/site/b.2-third.html", encoding: .utf8)
        #expect(page.contains(##"<li class="depth-1">as in <a href="a.1-first.html#fig-a.ramp">Figure 1</a>.</li>"##), "\(page)")
        try project.section(file: "b-2.md", id: "b.2-third", order: 2, figures: [],
                            text: "Text.\n\n::algorithm A\nrepeat\n  as in @fig:b.nothing\n::end")
        let failure = try #require(throws: BuildError.self) { try project.builder().build() }
        let error = try #require(failure.underlying as? SourceError)
        #expect(error.file == "content/b-2.md" && error.line == 12, "\(error)")
        #expect(error.message.contains("`@fig:b.nothing` refers to no figure"))
    }

    @Test func aStepThatMarkdownReadsAsABlockIsAnErrorAtItsLine() throws {
        let project = try TestProject()
        try project.section(file: "b-2.md", id: "b.2-third", order: 2, figures: [],
                            text: "Text.\n\n::algorithm A\nrepeat\n- a list item\n::end")
        let failure = try #require(throws: BuildError.self) { try project.builder().build() }
        let error = try #require(failure.underlying as? SourceError)
        #expect(error.file == "content/b-2.md" && error.line == 12, "\(error)")
        #expect(error.message.contains("reads as a markdown block"))
    }
}
