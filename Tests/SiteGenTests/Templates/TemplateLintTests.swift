import Foundation
import Testing
@testable import SiteGen

@Suite struct TemplateTags {
    @Test func aTagMissingFromTheContextIsFound() {
        #expect(TemplateLint.unknownTags(in: "<h1>{{title}}</h1>{{{bodyy}}}", context: ["title": "x", "body": "y"]) == ["bodyy"])
    }

    @Test func tagsInsideAListAreCheckedAgainstItsItems() {
        let context: [String: Any] = ["items": [["href": "a", "name": "b"]]]
        #expect(TemplateLint.unknownTags(in: "{{#items}}{{href}} {{name}}{{/items}}", context: context).isEmpty)
        #expect(TemplateLint.unknownTags(in: "{{#items}}{{hrefs}}{{/items}}", context: context) == ["hrefs"])
    }

    @Test func aSectionThatWillNotRenderIsNotChecked() {
        let context: [String: Any] = ["previous": false]
        #expect(TemplateLint.unknownTags(in: "{{#previous}}{{href}}{{/previous}}", context: context).isEmpty)
    }

    @Test func everyShippedTemplateUsesOnlyKeysTheRendererProvides() throws {
        // Rendering the project's templates with the renderer's contexts throws on any unknown tag.
        let templates = try Templates.load(directory: TestPaths.repoRoot + "/templates")
        let content = try ContentLoader.load(directory: TestPaths.repoRoot + "/content")
        // B.1.1 shows one figure, so the figure template is rendered with the renderer's context too.
        let placed = PlacedFigure(id: "b.unet-architecture", section: "b.1.1-unet", width: 10, height: 10, caption: "c", alt: "a")
        let renderer = PageRenderer(templates: templates, content: content, figures: [placed.id: placed], profile: "quick",
                                    backend: .digits)
        let index = try renderer.renderIndex()
        #expect(index.contains("<title>Fun with Diffusion Models</title>"))
        #expect(index.contains("b.1.2-denoiser.html"))
        let unet = try renderer.renderSection(content.section("b.1.1-unet")!)
        #expect(unet.contains("rel=\"prev\""))
        #expect(unet.contains("rel=\"next\""))
        #expect(!unet.contains("{{"))
        #expect(unet.contains(#"<span class="figure-number">Figure"#))
    }

    @Test func aTemplateWithATypoStopsTheBuildNamingTheTag() throws {
        var templates = try Templates.load(directory: TestPaths.repoRoot + "/templates")
        templates.sources["figure"] = "<figure>{{captoin}}</figure>"
        let error = try #require(throws: SourceError.self) { try templates.render("figure", ["caption": "c"]) }
        #expect(error.file == "templates/figure.mustache")
        #expect(error.message.contains("{{captoin}}"))
    }
}

/// Figures are numbered across the site in reading order, and `@fig:ID` in the text links to "Figure N".
@Suite struct FigureNumberTests {
    @Test func figuresAreNumberedInReadingOrderAndReferencesLinkToThem() throws {
        let project = try TestProject()
        try project.section(file: "a-1.md", id: "a.1-first", order: 1, figures: ["a.ramp"],
                            text: "See @fig:b.ramp2 on the next page, `@fig:not-code` and @fig:a.ramp.")
        try project.builder().build()
        let first = try String(contentsOfFile: project.root + "/site/a.1-first.html", encoding: .utf8)
        let second = try String(contentsOfFile: project.root + "/site/b.1-second.html", encoding: .utf8)
        #expect(first.contains(##"<a href="b.1-second.html#fig-b.ramp2">Figure 3</a>"##), "\(first)")
        #expect(first.contains(##"<a href="#fig-a.ramp">Figure 1</a>."##))
        #expect(first.contains("<code>@fig:not-code</code>"))
        #expect(first.contains(#"<span class="figure-number">Figure 1.</span>"#))
        #expect(second.contains(#"<span class="figure-number">Figure 2.</span>"#) && second.contains(#"<span class="figure-number">Figure 3.</span>"#))
        #expect(second.contains(##"<a href="index.html#part-b">Part B</a>"##))
    }

    @Test func aReferenceToNoFigureNamesTheFileAndLine() throws {
        let project = try TestProject()
        try project.section(file: "a-1.md", id: "a.1-first", order: 1, figures: ["a.ramp"], text: "See @fig:b.nothing here.")
        let message = "\(#expect(throws: (any Error).self) { try project.builder().build() }.map { "\($0)" } ?? "no error")"
        #expect(message.contains("[render pages] content/a-1.md:8:") && message.contains("`@fig:b.nothing` refers to no figure"), "\(message)")
    }
}
