import Foundation
import Testing
@testable import SiteGen

/// The Part A write-ups: each places its figures, every figure id is a Part A recipe, and the math renders.
@Suite struct PartAContentTests {
    static let sections: [Section] = {
        (try? ContentLoader.load(directory: PartATest.contentDirectory).sections.filter { $0.part.rawValue == "A" }) ?? []
    }()

    @Test func elevenSectionsPlaceEveryPartAFigureOnce() {
        #expect(Self.sections.count == 11)
        let placed = Self.sections.flatMap(\.figures).sorted()
        #expect(placed == PartATest.recipes.map(\.id).sorted())
    }

    @Test func everySectionRendersWithItsMathAsMathML() throws {
        for section in Self.sections {
            let html = try MarkdownRenderer.render(section.body, source: section.file, firstLine: section.bodyFirstLine)
            #expect(html.contains("<math"), "\(section.file) has no rendered math")
            #expect(!html.contains("$"), "\(section.file) left a dollar sign unrendered")
            #expect(!html.contains("Not generated yet"), "\(section.file) is still a placeholder")
        }
    }
}
