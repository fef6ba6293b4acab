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
        let renderer = PageRenderer(templates: templates, content: content, figures: [:], profile: "quick", backend: .digits)
        let index = try renderer.renderIndex()
        #expect(index.contains("<title>Fun with Diffusion Models</title>"))
        #expect(index.contains("b.1.2-denoiser.html"))
        let unet = try renderer.renderSection(content.section("b.1.1-unet")!)
        #expect(unet.contains("rel=\"prev\""))
        #expect(unet.contains("rel=\"next\""))
        #expect(!unet.contains("{{"))
    }

    @Test func aTemplateWithATypoStopsTheBuildNamingTheTag() throws {
        var templates = try Templates.load(directory: TestPaths.repoRoot + "/templates")
        templates.sources["figure"] = "<figure>{{captoin}}</figure>"
        let error = try #require(throws: SourceError.self) { try templates.render("figure", ["caption": "c"]) }
        #expect(error.file == "templates/figure.mustache")
        #expect(error.message.contains("{{captoin}}"))
    }
}
