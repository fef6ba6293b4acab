import Foundation
import Testing
@testable import SiteGen

/// `::backend <name>` … `::end`: text for one backend, checked with file and line like every other directive.
@Suite struct BackendBlocks {
    /// Body lines start at file line 8 (after seven front-matter lines).
    func section(_ body: String, figures: String = "[]") throws -> Section {
        try SectionParser.section(from: """
        ---
        id: a.1-x
        title: T
        part: A
        order: 1
        figures: \(figures)
        ---
        \(body)
        """, file: "content/a.md")
    }

    func kept(_ body: String, for backend: Backend) throws -> [String] {
        let blocks = try Directives.scan(body, file: "f", firstLine: 1).blocks
        return BackendBlock.select(body.components(separatedBy: "\n"), blocks: blocks, for: backend)
    }

    let twoBlocks = "shared\n::backend digits\ndigit text\n::end\n::backend deepfloyd\nIF text\nmore IF\n::end\ntail"

    @Test func eachBuildKeepsTheSharedTextAndOnlyItsOwnBlock() throws {
        #expect(try kept(twoBlocks, for: .digits) == ["shared", "", "digit text", "", "", "", "", "", "tail"])
        #expect(try kept(twoBlocks, for: .deepfloyd) == ["shared", "", "", "", "", "IF text", "more IF", "", "tail"])
    }

    @Test func theBlocksAreFoundWithTheirLines() throws {
        let blocks = try Directives.scan(twoBlocks, file: "f", firstLine: 1).blocks
        #expect(blocks == [BackendBlock(backend: .digits, openLine: 1, endLine: 3),
                           BackendBlock(backend: .deepfloyd, openLine: 4, endLine: 7)])
    }

    @Test func aBlockNeverJoinsTheParagraphAroundIt() throws {
        let html = try MarkdownRenderer.render(try kept("before\n::backend digits\ninside\n::end\nafter", for: .digits)
            .joined(separator: "\n"), source: "f", firstLine: 1)
        #expect(html.contains("<p>before</p>") && html.contains("<p>inside</p>") && html.contains("<p>after</p>"))
    }

    @Test func anUnknownBackendIsReportedAtItsLineWithTheKnownNames() throws {
        let s = try section("text\n::backend sdxl\nx\n::end")
        #expect(throws: SourceError(file: "content/a.md", line: 9,
                                    "unknown backend `sdxl` in `::backend sdxl`; expected one of digits, deepfloyd")) {
            try FigureDirective.scan(s)
        }
    }

    @Test func aBackendLineNeedsExactlyOneName() throws {
        for line in ["::backend", "::backend digits deepfloyd"] {
            let error = try #require(throws: SourceError.self) { try FigureDirective.scan(try section("\(line)\nx\n::end")) }
            #expect(error.line == 8 && error.message.contains("needs one backend name"), "\(line)")
        }
    }

    @Test func anUnclosedBlockIsReportedWhereItOpens() throws {
        let s = try section("text\n\n::backend deepfloyd\nIF text\n")
        #expect(throws: SourceError(file: "content/a.md", line: 10,
                                    "`::backend deepfloyd` is never closed; add a line `::end` after its text")) {
            try FigureDirective.scan(s)
        }
    }

    @Test func aNestedBlockNamesBothLines() throws {
        let s = try section("::backend digits\na\n::backend deepfloyd\nb\n::end\n::end")
        let error = try #require(throws: SourceError.self) { try FigureDirective.scan(s) }
        #expect(error.line == 10)
        #expect(error.message.contains("opened on line 8") && error.message.contains("do not nest"))
    }

    @Test func anEndWithoutABlockIsAnError() throws {
        #expect(throws: SourceError(file: "content/a.md", line: 9, "`::end` without an open `::backend` or `::algorithm` block")) {
            try FigureDirective.scan(try section("text\n::end"))
        }
    }

    @Test func aFigureInsideABlockIsRejectedBecauseEveryBackendShowsEveryFigure() throws {
        let s = try section("::backend digits\n::figure a.ramp\n::end", figures: "[a.ramp]")
        let error = try #require(throws: SourceError.self) { try FigureDirective.checkPlacement(in: s) }
        #expect(error.line == 9)
        #expect(error.message.contains("`::figure a.ramp`") && error.message.contains("outside blocks"))
    }

    @Test func directivesInACodeFenceInsideABlockAreText() throws {
        let body = "::backend digits\n```\n::end\n::figure a.x\n```\n::end"
        #expect(try kept(body, for: .digits) == ["", "```", "::end", "::figure a.x", "```", ""])
        #expect(try kept(body, for: .deepfloyd).allSatisfy(\.isEmpty))
    }

    @Test func theIndexPageMayHoldBlocksButNoFigures() throws {
        let index = try SectionParser.index(from: "---\ntitle: T\n---\n::backend digits\nd\n::end", file: "content/index.md")
        #expect(index.body.contains("::backend digits"))
        #expect(throws: SourceError(file: "content/index.md", line: 5,
                                    "the index page shows no figures; place `::figure a.x` in a section")) {
            try SectionParser.index(from: "---\ntitle: T\n---\nintro\n::figure a.x", file: "content/index.md")
        }
    }
}

/// The build picks the blocks of its `--backend`, on section pages and the index alike.
@Suite struct BackendPages {
    func project() throws -> TestProject {
        let project = try TestProject()
        try project.write("content/index.md", """
        ---
        title: Test site
        ---
        ::backend digits
        Index for digits.
        ::end
        ::backend deepfloyd
        Index for IF.
        ::end
        """)
        try project.section(file: "a-1.md", id: "a.1-first", order: 1, figures: ["a.ramp"], text: """
        Shared text.

        ::backend digits
        Digit prose.
        ::end
        ::backend deepfloyd
        IF prose.
        ::end
        """)
        return project
    }

    func page(_ project: TestProject, _ name: String) throws -> String {
        String(decoding: try #require(try project.siteFiles()[name]), as: UTF8.self)
    }

    @Test(arguments: [(Backend.digits, "Digit prose.", "IF prose."), (.deepfloyd, "IF prose.", "Digit prose.")])
    func aBuildShowsItsOwnBackendsTextOnly(backend: Backend, shown: String, hidden: String) throws {
        let project = try project()
        try project.builder(backend: backend).build()
        let page = try page(project, "a.1-first.html")
        #expect(page.contains("Shared text.") && page.contains(shown) && !page.contains(hidden))
        #expect(page.contains("figures/a.ramp.png"))
        #expect(page.contains("backend <code>\(backend.rawValue)</code>"))
        #expect(!page.contains("::"))
        let index = try self.page(project, "index.html")
        #expect(index.contains(backend == .digits ? "Index for digits." : "Index for IF."))
        #expect(!index.contains(backend == .digits ? "Index for IF." : "Index for digits."))
    }

    @Test func switchingTheBackendRewritesThePagesThoughTheFiguresComeFromTheCache() throws {
        let project = try project()
        try project.builder(backend: .digits).build()
        let report = try project.builder(backend: .deepfloyd).build()
        #expect(report.computed.isEmpty)
        #expect(try page(project, "a.1-first.html").contains("IF prose."))
    }

    @Test func aSectionRebuildRefusesASiteOfAnotherBackend() throws {
        let project = try project()
        try project.builder(backend: .digits).build()
        let before = try project.siteFiles()
        let error = try #require(throws: BuildError.self) { try project.builder(section: "a.1-first", backend: .deepfloyd).build() }
        #expect("\(error)".contains("built with --backend digits") && "\(error)".contains("--backend deepfloyd"))
        #expect(try project.siteFiles() == before)
    }

    @Test func anUnknownBackendIsRefusedByName() throws {
        #expect { try PartABackendChoice.parse("Digits", modelDir: nil, stage2Dir: nil, prompts: nil) } throws: {
            "\($0)".contains("unknown backend `Digits`")
        }
    }
}
