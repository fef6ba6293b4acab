import Foundation
import Testing
@testable import SiteGen

@Suite struct SectionFrontMatter {
    let good = """
    ---
    id: b.1.2-denoiser
    title: Using the UNet to train a denoiser
    part: B
    order: 2
    figures: [b.noising]
    ---
    Text.

    ::figure b.noising
    """

    @Test func aValidSectionIsRead() throws {
        let section = try SectionParser.section(from: good, file: "content/b.md")
        #expect(section.id == "b.1.2-denoiser")
        #expect(section.part == .b)
        #expect(section.order == 2)
        #expect(section.figures == ["b.noising"])
        #expect(section.bodyFirstLine == 8)
        #expect(section.body.hasPrefix("Text."))
    }

    @Test func aMissingKeyIsNamed() {
        let text = good.replacingOccurrences(of: "order: 2\n", with: "")
        #expect(throws: SourceError(file: "content/b.md", line: 1, "front matter is missing `order`")) {
            try SectionParser.section(from: text, file: "content/b.md")
        }
    }

    @Test func anUnknownKeyIsReportedAtItsLine() {
        let text = good.replacingOccurrences(of: "order: 2", with: "order: 2\nfigurs: []")
        #expect(throws: SourceError(file: "content/b.md", line: 6,
                                    "unknown front matter key `figurs` (expected: id, title, part, order, figures)")) {
            try SectionParser.section(from: text, file: "content/b.md")
        }
    }

    @Test func aNonNumericOrderIsReportedAtItsLine() throws {
        let text = good.replacingOccurrences(of: "order: 2", with: "order: second")
        let error = try #require(throws: SourceError.self) { try SectionParser.section(from: text, file: "content/b.md") }
        #expect(error.line == 5)
        #expect(error.message.contains("whole number"))
    }

    @Test func aPartThatContradictsTheIDIsRejected() throws {
        let text = good.replacingOccurrences(of: "part: B", with: "part: A")
        let error = try #require(throws: SourceError.self) { try SectionParser.section(from: text, file: "content/b.md") }
        #expect(error.line == 4)
    }

    @Test func sectionAndFigureIDsFollowTheProjectNumbering() {
        #expect(SectionParser.isValidSectionID("b.1.2-denoiser"))
        #expect(SectionParser.isValidSectionID("a.1.7.2-inpainting"))
        #expect(!SectionParser.isValidSectionID("c.1-x"))
        #expect(!SectionParser.isValidSectionID("b.1.2"))
        #expect(!SectionParser.isValidSectionID("b.1.2-Denoiser"))
        #expect(SectionParser.isValidFigureID("b.noising"))
        #expect(SectionParser.isValidFigureID("a.sdedit-web.1"))
        #expect(!SectionParser.isValidFigureID("noising"))
        #expect(!SectionParser.isValidFigureID("x.noising"))
    }

    @Test func invalidYAMLNamesTheLine() throws {
        let text = good.replacingOccurrences(of: "figures: [b.noising]", with: "figures: [b.noising")
        let error = try #require(throws: SourceError.self) { try SectionParser.section(from: text, file: "content/b.md") }
        #expect(error.message.contains("invalid YAML"))
        #expect(error.line != nil)
    }

    /// Issue 21: one mistake was reported with three line numbers (`:6`, Yams' `5:12`, libyaml's "line 2").
    @Test func aYAMLMistakeIsReportedAtOneFileLineAndColumn() throws {
        let text = "---\nid: b.1-x\ntitle: T\npart: B\norder: 1\n  figures: [b.noising]\n---\nBody.\n"
        let error = try #require(throws: SourceError.self) { try SectionParser.section(from: text, file: "content/b.md") }
        #expect(error.line == 6)
        #expect(error.description.hasPrefix("content/b.md:6: invalid YAML in front matter: "))
        #expect(error.message == "invalid YAML in front matter: mapping values are not allowed in this context (column 10)")
        // A mistake with a context names the context's line, as a file line too.
        let unclosed = "---\nid: b.1-x\ntitle: T\npart: B\nfigures: [b.noising\norder: 1\n---\nBody.\n"
        let second = try #require(throws: SourceError.self) { try SectionParser.section(from: unclosed, file: "content/b.md") }
        #expect(second.description.hasPrefix("content/b.md:"), "\(second)")
        #expect(second.message.hasSuffix("while parsing a flow sequence that starts on line 5"), "\(second)")
        for found in [error, second] {
            #expect(found.message.range(of: #"\d+:\d+"#, options: .regularExpression) == nil, "\(found)")
        }
    }

    @Test func unclosedFrontMatterIsAnError() throws {
        let error = try #require(throws: SourceError.self) {
            try SectionParser.section(from: "---\nid: b.1-x\n", file: "content/b.md")
        }
        #expect(error.message.contains("never closed"))
    }
}

@Suite struct FigurePlacement {
    func section(figures: String, body: String) throws -> Section {
        try SectionParser.section(from: """
        ---
        id: b.1.2-denoiser
        title: T
        part: B
        order: 2
        figures: \(figures)
        ---
        \(body)
        """, file: "content/b.md")
    }

    @Test func aPlacedButUnlistedFigureIsReportedAtItsLine() throws {
        let s = try section(figures: "[b.noising]", body: "intro\n::figure b.noising\n::figure b.loss")
        #expect(throws: SourceError(file: "content/b.md", line: 10,
                                    "figure `b.loss` is placed here but not listed in this section's `figures`")) {
            try FigureDirective.checkPlacement(in: s)
        }
    }

    @Test func aListedButUnplacedFigureIsReported() throws {
        let s = try section(figures: "[b.noising, b.loss]", body: "::figure b.noising")
        let error = try #require(throws: SourceError.self) { try FigureDirective.checkPlacement(in: s) }
        #expect(error.line == 6)
        #expect(error.message.contains("b.loss"))
    }

    @Test func aMisspeltDirectiveIsAnError() throws {
        let s = try section(figures: "[]", body: "text\n::figur b.noising")
        #expect(throws: SourceError(file: "content/b.md", line: 9,
                                    "unknown directive `::figur b.noising`; expected `::figure <figure-id>`, `::backend <name>`, "
                                    + "`::algorithm <title>` or `::end`")) {
            try FigureDirective.scan(s)
        }
    }

    @Test func directivesInsideCodeFencesAreText() throws {
        let s = try section(figures: "[]", body: "```\n::figure b.noising\n```")
        #expect(try FigureDirective.scan(s).isEmpty)
    }
}

@Suite struct SiteAssembly {
    let index = IndexPage(title: "T", body: "", file: "content/index.md", bodyFirstLine: 4)

    func section(_ id: String, order: Int, file: String, figures: [String] = []) -> Section {
        Section(id: id, title: id, part: id.hasPrefix("a") ? .a : .b, order: order, figures: figures,
                body: figures.map { "::figure \($0)" }.joined(separator: "\n"),
                file: file, bodyFirstLine: 8, figuresLine: 6)
    }

    @Test func sectionsAreOrderedPartAFirstThenByOrder() throws {
        let site = try ContentLoader.assemble(index: index, sections: [
            section("b.1-x", order: 1, file: "b1.md"), section("a.2-y", order: 2, file: "a2.md"),
            section("a.1-z", order: 1, file: "a1.md"),
        ])
        #expect(site.sections.map(\.id) == ["a.1-z", "a.2-y", "b.1-x"])
    }

    @Test func aDuplicateSectionIDNamesBothFiles() {
        #expect(throws: SourceError(file: "content/two.md", line: 2,
                                    "duplicate section id `b.1-x` (already used by content/one.md)")) {
            try ContentLoader.assemble(index: index, sections: [
                section("b.1-x", order: 1, file: "content/one.md"), section("b.1-x", order: 2, file: "content/two.md"),
            ])
        }
    }

    @Test func aFigureBelongsToOneSection() throws {
        let error = try #require(throws: SourceError.self) {
            try ContentLoader.assemble(index: index, sections: [
                section("b.1-x", order: 1, file: "one.md", figures: ["b.noising"]),
                section("b.2-y", order: 2, file: "two.md", figures: ["b.noising"]),
            ])
        }
        #expect(error.file == "two.md")
    }

    @Test func theProjectsOwnContentLoads() throws {
        let site = try ContentLoader.load(directory: TestPaths.repoRoot + "/content")
        #expect(site.section("b.1.2-denoiser")?.figures == ["b.noising"])
        #expect(site.sections.first?.part == .a)
        #expect(Set(site.sections.map(\.id)).count == site.sections.count)
    }
}

/// The index page's front matter: a title, and optionally who wrote the site, for which course, and when.
@Suite struct IndexFrontMatter {
    @Test func authorCourseAndDateAreReadWhenGiven() throws {
        let page = try SectionParser.index(from: "---\ntitle: T\nauthor: A. Student\ncourse: CS180\ndate: 2024-12-14\n---\nHi.\n",
                                           file: "content/index.md")
        #expect((page.title, page.author, page.course, page.date) == ("T", "A. Student", "CS180", "2024-12-14"))
        let plain = try SectionParser.index(from: "---\ntitle: T\n---\nHi.\n", file: "content/index.md")
        #expect(plain.author == nil && plain.course == nil && plain.date == nil)
    }

    @Test func anUnknownKeyIsStillAnError() {
        #expect(throws: SourceError(file: "content/index.md", line: 3,
                                    "unknown front matter key `authors` (expected: title, author, course, date)")) {
            try SectionParser.index(from: "---\ntitle: T\nauthors: A\n---\nHi.\n", file: "content/index.md")
        }
    }
}
