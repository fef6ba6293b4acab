import Foundation
import Testing
@testable import SiteGen

/// Template text the Mustache parser used to crash on (exit 139) or accept silently, refused with file:line.
@Suite struct TemplateStructureTests {
    /// A copy of the real templates with `name`.mustache replaced by `bytes`.
    func load(replacing name: String, with bytes: [UInt8]) throws -> Result<Templates, SourceError> {
        let project = try TestProject()
        try Data(bytes).write(to: URL(fileURLWithPath: project.root + "/templates/\(name).mustache"))
        do { return .success(try Templates.load(directory: project.root + "/templates")) } catch let error as SourceError { return .failure(error) }
    }

    func error(_ name: String, _ text: String) throws -> SourceError? {
        if case .failure(let error) = try load(replacing: name, with: Array(text.utf8)) { return error }
        return nil
    }

    @Test func threeThousandNestedSectionsAreRefusedInsteadOfCrashing() throws {
        let text = "<p>\n" + String(repeating: "{{#x}}", count: 3000) + String(repeating: "{{/x}}", count: 3000)
        let found = try #require(try error("figure", text))
        #expect(found.description == "templates/figure.mustache:2: sections nested more than 64 deep")
        // 64 levels are fine as far as nesting goes (the lint then names the unknown tag).
        #expect(try error("figure", String(repeating: "{{#x}}", count: 64) + String(repeating: "{{/x}}", count: 64)) == nil)
    }

    @Test func aPartialIsAnErrorLikeAnUnknownTag() throws {
        let found = try #require(try error("section", "a\nb {{> nosuchpartial}}\n"))
        #expect(found.file == "templates/section.mustache" && found.line == 2)
        #expect(found.message.hasPrefix("partial `{{> nosuchpartial}}` cannot be used"))
    }

    @Test func aNonUTF8TemplateSaysSoWithTheByteOffset() throws {
        var bytes = Array("<html>\n<p>caf".utf8)
        bytes.append(0xE9)  // Latin-1 é
        bytes += Array("</p>\n".utf8)
        guard case .failure(let found) = try load(replacing: "base", with: bytes) else { Issue.record("loaded"); return }
        #expect(found.description == "templates/base.mustache:2: not UTF-8: byte 0xE9 at offset 13 cannot start or continue "
            + "a character; save the template as UTF-8")
    }

    @Test func theValidatorAgreesWithSwiftsDecoder() {
        let samples: [[UInt8]] = [Array("plain é € 𝄞".utf8), [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                  [0xE2, 0x82], [0x61, 0xFF], [0xF0, 0x9D, 0x84, 0x9E]]
        for bytes in samples {
            #expect((TemplateStructure.firstInvalidUTF8(bytes) == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
        #expect(TemplateStructure.firstInvalidUTF8([0x61, 0x62, 0xE2, 0x28, 0xA1]) == 2)
    }
}
