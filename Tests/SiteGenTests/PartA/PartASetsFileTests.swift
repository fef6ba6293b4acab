import Foundation
import Testing
@testable import SiteGen

/// `content/part-a.yml`: the committed file holds the seed's sets for both backends, and every bad entry stops
/// the build with the file, its line, the entry and what was expected.
@Suite struct PartASetsFileTests {
    /// A content folder holding `yaml` as its part-a.yml (and the repo's drawings and images, so content files resolve).
    func load(_ yaml: String, backend: Backend = .digits) throws -> PartASets {
        let dir = try TestPaths.temporaryDirectory("part-a-sets")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: PartATest.contentDirectory + "/drawings", toPath: dir + "/drawings")
        try FileManager.default.copyItem(atPath: PartATest.contentDirectory + "/images", toPath: dir + "/images")
        try yaml.write(toFile: dir + "/part-a.yml", atomically: true, encoding: .utf8)
        return try PartASetsFile.load(contentDirectory: dir, backend: backend) { _ = try DigitBackend.label($0) }
    }

    var committed: String { (try? String(contentsOfFile: PartATest.contentDirectory + "/part-a.yml", encoding: .utf8)) ?? "" }

    @Test func theCommittedFileHoldsTheSeedsSetsForBothBackends() throws {
        let digits = PartATest.setup.sets
        #expect(digits.anagrams.count == 3 && digits.hybrids.count == 3)
        #expect(digits.anagrams[0] == PromptPair(first: "2", second: "7"))
        #expect(digits.inpaint.count == 3 && digits.translation.count == 3 && digits.sdeditPictures.count == 3)
        // Masks are written in the seed's 64-px frame and scaled to the model.
        #expect(digits.inpaint[1].mask == MaskRect(rows: 34..<55, cols: 11..<53))
        #expect(InpaintFigure(backend: PartATest.setup, contentDirectory: "-").masks[1] == MaskRect(rows: 15..<24, cols: 5..<23))
        #expect(digits.webPictures == [.contentFile("images/coin.png")] && digits.drawnPictures.count == 2)
        #expect(digits.sdeditStarts == [1, 3, 5, 7, 10, 20])
        let floyd = try DeepFloydBackend(options: DeepFloydOptions(modelDir: "/nonexistent", promptsFile: "/p"),
                                         contentDirectory: PartATest.contentDirectory).sets
        // The seed's sets: 3 anagrams, 3 hybrids, "a rocket ship" on 4 pictures, SDEdit on 3, inpainting on 3.
        #expect(floyd.anagrams.first == PromptPair(first: "an oil painting of an old man", second: "an oil painting of people around a campfire"))
        #expect(floyd.anagrams.count == 3 && floyd.hybrids.count == 3 && floyd.inpaint.count == 3 && floyd.sdeditPictures.count == 3)
        #expect(floyd.translation.count == 4 && floyd.translation.allSatisfy { $0.prompt == "a rocket ship" })
        for prompt in ["a coffee cup with a handle", "a classic golden bell with a curved handle", "a pencil",
                       "a detailed photograph of a full moon with craters", "a simple round clock on black background"] {
            #expect(floyd.prompts.contains(prompt), "the seed's prompt \"\(prompt)\"")
        }
        #expect(floyd.prompts.count == 14 && floyd.prompts.first == "")
    }

    /// (the committed file's text replaced, what the error must say).
    static let mistakes: [(from: String, to: String, says: [String])] = [
        ("anagrams: [[\"2\", \"7\"]", "anagrams: [[\"2\", \"19\"]", ["part-a.yml:33", "digits.anagrams[0][1]", "unknown prompt \"19\"", "0…9"]),
        ("hybrids: [[\"8\", \"0\"]", "hybrids: [[\"8\", \"0\", \"2\"]", ["digits.hybrids[0]", "a pair of two prompts"]),
        ("sdedit_pictures: [mnist:0,", "sdedit_pictures: [images/campanile.png,", ["digits.sdedit_pictures[0]", "`images/campanile.png` is not in the content folder"]),
        ("sdedit_pictures: [mnist:0,", "sdedit_pictures: [photo.jpg,", ["unknown picture `photo.jpg`", "images/NAME.png"]),
        ("sdedit_starts: [1, 3, 5, 7, 10, 20]\n  web_pictures", "sdedit_starts: [1, 3, 5, 7, 10, 40]\n  web_pictures", ["digits.sdedit_starts[5]", "i_start 0...32"]),
        ("mask: [34, 55, 11, 53]", "mask: [55, 34, 11, 53]", ["digits.inpaint[1].mask", "start < end"]),
        ("  sample_count: 5\n  cfg_prompts: [\"0\"", "  cfg_prompts: [\"0\"", ["digits: missing entry `sample_count`"]),
        ("  test_prompt: \"7\"", "  test_prompt: \"7\"\n  test_promt: \"7\"", ["digits.test_promt: unknown entry"]),
        ("deepfloyd:\n", "deepfloid:\n", ["unknown backend `deepfloid`"]),
    ]

    @Test(arguments: mistakes.indices) func aBadEntryNamesTheFileLineAndEntry(index: Int) throws {
        let mistake = Self.mistakes[index]
        #expect(committed.contains(mistake.from), "the committed file changed: \(mistake.from)")
        do {
            _ = try load(committed.replacingOccurrences(of: mistake.from, with: mistake.to))
            Issue.record("accepted \(mistake.to)")
        } catch {
            for phrase in mistake.says { #expect("\(error)".contains(phrase), "\(error) lacks \(phrase)") }
            if let source = error as? SourceError, !mistake.says.contains(where: { $0.hasPrefix("digits:") }) {
                #expect(source.line != nil, "\(error) names no line")
            }
        }
    }

    @Test func aMissingFileSaysWhatItHolds() throws {
        let dir = try TestPaths.temporaryDirectory("part-a-none")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try PartASetsFile.load(contentDirectory: dir, backend: .digits) { _ in } } throws: {
            "\($0)".contains("part-a.yml: missing")
        }
    }

    @Test func aNamedContentPictureIsUsed() throws {
        let sets = try load(committed.replacingOccurrences(of: "sdedit_pictures: [mnist:0, mnist:1, mnist:3]",
                                                           with: "sdedit_pictures: [drawings/house.json]"))
        #expect(sets.sdeditPictures == [.contentFile("drawings/house.json")])
    }
}
