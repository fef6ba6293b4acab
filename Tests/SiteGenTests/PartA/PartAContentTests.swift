import Compute
import Foundation
import Testing
@testable import SiteGen

/// The Part A write-ups: each places its figures, every figure id is a Part A recipe, the math renders for both
/// backends, and each backend's text names the prompts and numbers its recipes use.
@Suite struct PartAContentTests {
    static let sections: [Section] = {
        (try? ContentLoader.load(directory: PartATest.contentDirectory).sections.filter { $0.part.rawValue == "A" }) ?? []
    }()

    /// The markdown a build for `backend` renders (directive lines and other backends' blocks blanked).
    static func text(_ section: Section, _ backend: Backend) throws -> String {
        let blocks = try Directives.scan(section.body, file: section.file, firstLine: section.bodyFirstLine).blocks
        return BackendBlock.select(section.body.components(separatedBy: "\n"), blocks: blocks, for: backend)
            .joined(separator: "\n")
    }

    static func section(_ id: String) throws -> Section {
        try #require(sections.first { $0.id == id }, "no section \(id)")
    }

    /// The IF recipes, built without a snapshot (their parameters need no model files).
    static let ifCatalog = try! FigureCatalog.standard(
        profile: .quick, contentDirectory: PartATest.contentDirectory,
        backend: .deepfloyd(DeepFloydOptions(modelDir: "/nonexistent", promptsFile: "/nonexistent")))

    /// The IF backend of a snapshot-less build (64 px, the seed's own numbers).
    static let floyd = try! DeepFloydBackend(options: DeepFloydOptions(modelDir: "/nonexistent", promptsFile: "/nonexistent"),
                                        contentDirectory: PartATest.contentDirectory)

    /// The course's precomputed prompts (the keys of `prompt_embeds_dict.pth`, empty prompt aside).
    static let coursePrompts = [
        "an oil painting of a snowy mountain village", "a photo of the amalfi cost", "a photo of a man",
        "a photo of a hipster barista", "a photo of a dog", "an oil painting of people around a campfire",
        "an oil painting of an old man", "a lithograph of waterfalls", "a lithograph of a skull", "a man wearing a hat",
        "a high quality photo", "a rocket ship", "a pencil",
    ]

    @Test func fourteenSectionsPlaceEveryPartAFigureOnceWithTheSetupFirst() {
        // 1.0-1.9, with 1.7.1-1.7.3 their own sections, and 1.10, the bells and whistles.
        #expect(Self.sections.count == 14)
        #expect(Self.sections.map(\.id).filter { $0.hasPrefix("a.1.7") }
                == ["a.1.7-sdedit", "a.1.7.1-hand-drawn", "a.1.7.2-inpainting", "a.1.7.3-class-conditional"])
        #expect(Self.sections.last?.id == "a.1.10-bells")
        #expect(Self.sections.first?.id == "a.0-setup")
        #expect(Self.sections.first?.figures == ["a.setup"])
        let placed = Self.sections.flatMap(\.figures).sorted()
        #expect(placed == PartATest.recipes.map(\.id).sorted())
    }

    @Test(arguments: Backend.allCases) func everySectionRendersWithItsMathAsMathML(backend: Backend) throws {
        for section in Self.sections {
            let html = try MarkdownRenderer.render(try Self.text(section, backend), source: section.file,
                                                   firstLine: section.bodyFirstLine)
            #expect(html.contains("<math"), "\(section.file) has no rendered math for \(backend)")
            #expect(!html.contains("$"), "\(section.file) left a dollar sign unrendered for \(backend)")
            #expect(!html.contains("::backend") && !html.contains("::end"), "\(section.file) shows a directive")
            #expect(!html.contains("Not generated yet"), "\(section.file) is still a placeholder")
        }
    }

    @Test func theDeepFloydTextNamesEveryPromptItsFiguresUse() throws {
        // The forward process and the blur ask no model (their IF recipes share the one-step figure's settings).
        let modelFree = ["a.forward", "a.blur"]
        for section in Self.sections {
            let text = try Self.text(section, .deepfloyd).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for id in section.figures where !modelFree.contains(id) {
                // `a.setup` of the IF backend comes from another branch; until then it has no recipe to read.
                guard let recipe = Self.ifCatalog.recipe(id) else { continue }
                let settings = recipe.parameters.values.sorted().joined(separator: "\n")
                for prompt in Self.coursePrompts where settings.contains(prompt) {
                    #expect(text.contains("\"\(prompt)\""), "\(section.file): the IF text of \(id) never names \"\(prompt)\"")
                }
            }
        }
    }

    @Test func theDeepFloydTextNeverTalksAboutTheDigitModel() throws {
        for section in Self.sections {
            let text = try Self.text(section, .deepfloyd)
            for phrase in ["MNIST", "null class", "digit model", "28"] {
                #expect(!text.contains(phrase), "\(section.file): the IF text mentions \(phrase)")
            }
        }
    }

    /// Numbers the prose states, each taken from the recipe that uses it.
    @Test func theNumbersInTheProseAreTheRecipes() throws {
        let setup = PartATest.setup
        let ifSteps = IFScheduler.courseTimesteps
        let sdeditStarts = setup.sets.sdeditStarts
        let floyd = Self.floyd
        let checks: [(section: String, backend: Backend, phrases: [String])] = [
            ("a.0-setup", .digits, ["$T = 300$", "$t_0 = \(setup.strided[0])$",
                                    SetupFigure(backend: setup).stepCounts.map(String.init).joined(separator: " and ") + " steps",
                                    "\(setup.seed)"]),
            ("a.0-setup", .deepfloyd, ["$T = 1000$", "$64 \\times 64$", "\(SiteSeed.value)"]),
            ("a.1.1-forward", .digits, ["$t = \(PartAFormat.list(setup.noiseLevels))$"]),
            ("a.1.1-forward", .deepfloyd, ["$t = \(PartAFormat.list(floyd.noiseLevels))$"]),
            ("a.1.4-iterative", .digits, ["\(setup.strided[0]), \(setup.strided[1]), \\dots, 0", "stride \(setup.strided[0] - setup.strided[1])",
                                          "\(setup.strided.count) entries", "$i_{start} = 10$", "$t = \(setup.strided[10])$"]),
            ("a.1.4-iterative", .deepfloyd, ["\(ifSteps[0]), \(ifSteps[1]), \\dots, 0", "stride \(ifSteps[0] - ifSteps[1])",
                                             "\(ifSteps.count) entries", "$i_{start} = 10$", "$t = \(ifSteps[10])$"]),
            ("a.1.6-cfg", .digits, ["$\\gamma = \(PartAFormat.gamma(setup.gamma))$"]),
            ("a.1.7-sdedit", .digits, ["$i_{start} = \(PartAFormat.list(sdeditStarts))$",
                                       "$t = \(PartAFormat.list(sdeditStarts.map { setup.strided[$0] }))$"]),
            ("a.1.7-sdedit", .deepfloyd, ["$t = \(PartAFormat.list(sdeditStarts.map { ifSteps[$0] }))$",
                                          "$\\gamma = \(PartAFormat.gamma(floyd.gamma))$"]),
            ("a.1.7.1-hand-drawn", .digits, ["$i_{start} = \(PartAFormat.list(sdeditStarts))$"]),
            ("a.1.7.1-hand-drawn", .deepfloyd, ["$i_{start} = \(PartAFormat.list(sdeditStarts))$"]),
            ("a.1.7.2-inpainting", .deepfloyd, ["rows 2 to 19 and columns 24 to 41"]),
            ("a.1.9-hybrids", .digits, ["kernel size \(HybridFigure(backend: setup).blur.kernelSize)",
                                        "$\\sigma = \(HybridFigure(backend: setup).blur.sigma)$",
                                        "\(PartAFormat.list(HybridFigure(backend: setup).reducedSizes).replacingOccurrences(of: ", ", with: " and ")) pixels"]),
            ("a.1.9-hybrids", .deepfloyd, ["kernel size \(HybridFigure(backend: floyd).blur.kernelSize)",
                                           "$\\sigma = \(Int(HybridFigure(backend: floyd).blur.sigma))$"]),
        ]
        for check in checks {
            let text = try Self.text(try Self.section(check.section), check.backend)
            for phrase in check.phrases {
                #expect(text.contains(phrase), "\(check.section) (\(check.backend)) should say \(phrase)")
            }
        }
        // The course mask the IF text describes is the one the IF recipe applies.
        #expect(InpaintFigure(backend: floyd, contentDirectory: "-").masks.first == MaskRect(rows: 2..<20, cols: 24..<42))
    }
}
