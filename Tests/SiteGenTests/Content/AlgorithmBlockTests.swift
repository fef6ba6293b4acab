import Foundation
import Testing
@testable import SiteGen

/// `::algorithm <title>` … `::end`: algorithm boxes, read with their steps and checked with file and line.
@Suite struct AlgorithmBlocks {
    /// Body lines start at file line 8 (after seven front-matter lines).
    func section(_ body: String) throws -> Section {
        try SectionParser.section(from: "---\nid: b.1-x\ntitle: T\npart: B\norder: 1\nfigures: []\n---\n\(body)", file: "content/b.md")
    }

    func scan(_ body: String) throws -> Directives {
        let s = try section(body)
        return try Directives.scan(s.body, file: s.file, firstLine: s.bodyFirstLine)
    }

    @Test func aBlockIsReadWithItsTitleStepsAndDepths() throws {
        let found = try scan("text\n\n::algorithm Sampling with $\\gamma$\n$x_T \\sim N$\nfor $t = T$\n  step\n\n    deeper\nreturn $x_0$\n::end\nafter")
        #expect(found.algorithms.count == 1)
        let block = try #require(found.algorithms.first)
        #expect(block.title == "Sampling with $\\gamma$")
        #expect(block.openLine == 2 && block.endLine == 9)
        #expect(block.steps.map(\.depth) == [0, 0, 1, 2, 0])
        #expect(block.steps.map(\.text) == ["$x_T \\sim N$", "for $t = T$", "step", "deeper", "return $x_0$"])
        #expect(block.steps.map(\.bodyLine) == [3, 4, 5, 7, 8])
        #expect(found.blocks.isEmpty && found.figures.isEmpty)
    }

    @Test func aBlockWithoutEndIsAnErrorAtItsFirstLine() throws {
        #expect(throws: SourceError(file: "content/b.md", line: 9,
                                    "`::algorithm Training` is never closed; add a line `::end` after its steps")) {
            try scan("text\n::algorithm Training\nrepeat\n  step\n")
        }
    }

    @Test func anEmptyBlockIsAnErrorAtItsFirstLine() throws {
        #expect(throws: SourceError(file: "content/b.md", line: 9,
                                    "`::algorithm Training` has no steps; write one step per line before its `::end`")) {
            try scan("text\n::algorithm Training\n\n   \n::end")
        }
    }

    @Test func aBlockNeedsATitle() throws {
        let error = try #require(throws: SourceError.self) { try scan("::algorithm\nstep\n::end") }
        #expect(error.file == "content/b.md" && error.line == 8 && error.message.contains("needs a title"))
    }

    @Test func badIndentationIsReportedAtTheStep() throws {
        for (body, words) in [("::algorithm A\nrepeat\n   odd\n::end", "by 3 spaces"),
                              ("::algorithm A\nrepeat\n\tstep\n::end", "tab"),
                              ("::algorithm A\nrepeat\n    two levels\n::end", "2 levels deeper")] {
            let error = try #require(throws: SourceError.self) { try scan(body) }
            #expect(error.line == 10 && error.message.contains(words), "\(body): \(error)")
        }
    }

    @Test func blocksDoNotNest() throws {
        let error = try #require(throws: SourceError.self) { try scan("::backend digits\n::algorithm A\nx\n::end\n::end") }
        #expect(error.line == 9 && error.message.contains("opened on line 8") && error.message.contains("do not nest"))
        let inner = try #require(throws: SourceError.self) { try scan("::algorithm A\nx\n::backend digits\n::end\n::end") }
        #expect(inner.line == 10 && inner.message.contains("`::algorithm A`"))
    }

    @Test func aFigureInsideABoxIsRejected() throws {
        let error = try #require(throws: SourceError.self) { try scan("::algorithm A\n::figure b.x\n::end") }
        #expect(error.line == 9 && error.message.contains("outside blocks"))
    }

    @Test func theIndexPageHoldsNoAlgorithms() throws {
        #expect(throws: SourceError(file: "content/index.md", line: 5,
                                    "the index page shows no algorithm boxes; place `::algorithm A` in a section")) {
            try SectionParser.index(from: "---\ntitle: T\n---\nintro\n::algorithm A\nx\n::end", file: "content/index.md")
        }
    }
}
