import Foundation
import Testing
@testable import SiteGen

/// The contents list of a page with two or more `h2`/`h3` headings.
@Suite struct PageOutlineTests {
    @Test func headingsGetUniqueIdsAndTheListLinksToThem() {
        let (html, entries) = PageOutline.make("<p>x</p><h2>The guidance scale</h2><h3>Per <code>γ</code></h3><h2>The guidance scale</h2>")
        #expect(entries.map(\.id) == ["sec-the-guidance-scale", "sec-per", "sec-the-guidance-scale-2"])
        #expect(entries.map(\.level) == [2, 3, 2])
        #expect(entries[1].html == "Per <code>γ</code>")
        #expect(html == #"<p>x</p><h2 id="sec-the-guidance-scale">The guidance scale</h2><h3 id="sec-per">Per <code>γ</code></h3><h2 id="sec-the-guidance-scale-2">The guidance scale</h2>"#)
    }

    @Test func aPageWithOneHeadingHasNoList() {
        let (html, entries) = PageOutline.make("<h2>Only</h2><p>text</p>")
        #expect(entries.isEmpty)
        #expect(html == #"<h2 id="sec-only">Only</h2><p>text</p>"#)
    }

    @Test func mathInAHeadingIsLeftOutOfItsId() throws {
        let math = try MathML.render("\\gamma", display: false)
        #expect(PageOutline.slug("Scale \(math) sweep") == "scale-sweep")
    }

    @Test func aBuiltPageShowsItsContentsList() throws {
        let project = try TestProject()
        try project.section(file: "b-2.md", id: "b.2-third", order: 2, figures: [],
                            text: "Intro.\n\n## First part\n\nText.\n\n### A detail\n\nMore.")
        try project.builder().build()
        let page = try String(contentsOfFile: project.root + "/site/b.2-third.html", encoding: .utf8)
        #expect(page.contains(#"<nav class="outline" aria-label="On this page">"#), "\(page)")
        #expect(page.contains(##"<li class="level-2"><a href="#sec-first-part">First part</a></li>"##))
        #expect(page.contains(##"<li class="level-3"><a href="#sec-a-detail">A detail</a></li>"##))
        #expect(page.contains(#"<h2 id="sec-first-part">First part</h2>"#))
        let short = try String(contentsOfFile: project.root + "/site/a.1-first.html", encoding: .utf8)
        #expect(!short.contains("class=\"outline\""))
    }
}
