import Compute
import Foundation
import Plotting
import Testing
@testable import SiteGen

/// Every Part A recipe, run on the analytic fake: it computes, its arrays have the promised shapes, it draws, its
/// caption prints the mapped values, and it is a pure function of its seed.
@Suite struct PartARecipesTests {
    static let ids = ["a.setup", "a.forward", "a.blur", "a.one-step", "a.iterative", "a.iterative-compare", "a.samples", "a.cfg",
                      "a.sdedit-test", "a.sdedit-web", "a.sdedit-drawn", "a.inpaint", "a.class-i2i", "a.anagrams", "a.hybrids",
                      "a.iterative-animation", "a.logo"]

    @Test func theCatalogHasOneRecipePerPartAFigure() throws {
        #expect(PartATest.recipes.map(\.id) == Self.ids)
        #expect(try FigureCatalog.standard(profile: .quick, contentDirectory: PartATest.contentDirectory).ids.filter { $0.hasPrefix("a.") }.sorted() == Self.ids.sorted())
    }

    @Test(arguments: ids) func everyRecipeComputesDrawsAndNamesItsSettings(id: String) throws {
        let recipe = try PartATest.recipe(id)
        let data = try recipe.compute(try fakeContext())
        for (name, tensor) in data.arrays {
            #expect(tensor.data.allSatisfy { $0.isFinite }, "\(id): \(name) has non-finite values")
        }
        let image = try recipe.draw(data)
        #expect(image.width >= 2 * 28 * 3 && image.height >= 28 * 3)
        #expect(image.pixels.contains { $0 < 128 }, "\(id) drew a blank image")
        #expect(recipe.parameters["seed"] == "180")
        #expect(recipe.parameters["mapping"] == "T 1000 -> 300, 64 px -> 28 px")
        #expect(recipe.inputs.contains(PartATest.model.input))
        #expect(recipe.caption(data).contains("seed 180"))
        #expect(!recipe.alt.isEmpty)
        // A cached figure (its data file read back) draws and captions exactly like a fresh one.
        let cached = try FigureDataFile.decode(FigureDataFile.encode(data, recipe: recipe), source: id)
        #expect(try recipe.draw(cached) == image)
        #expect(recipe.caption(cached) == recipe.caption(data))
    }

    @Test(arguments: ids) func theSameSeedGivesTheSameArrays(id: String) throws {
        let recipe = try PartATest.recipe(id)
        let a = try recipe.compute(try fakeContext()), b = try recipe.compute(try fakeContext())
        #expect(a.arrays.map(\.name) == b.arrays.map(\.name))
        for ((name, x), (_, y)) in zip(a.arrays, b.arrays) { #expect(x == y, "\(id): \(name) differs between runs") }
    }

    @Test func aDifferentSeedGivesDifferentSamples() throws {
        var setup = PartATest.setup
        let a = try SamplesFigure(backend: setup).compute(try fakeContext())
        setup.seed = 181
        let b = try SamplesFigure(backend: setup).compute(try fakeContext())
        #expect(a["samples"] != b["samples"])
    }

    @Test func aDenoiserOfAnotherSizeIsRefusedWithTheFigureNamed() throws {
        let context = try fakeContext(try FakeDigitDenoiser(T: 1000, imageSize: 64))
        #expect {
            try SamplesFigure(backend: PartATest.setup).compute(context)
        } throws: { error in
            "\(error)".contains("a.samples") && "\(error)".contains("T = 1000")
        }
    }

    @Test func everyNoiseStreamIsNamedAfterItsFigure() {
        for recipe in PartATest.recipes {
            let stream = recipe.parameters["noise_stream"] ?? ""
            #expect(stream.hasSuffix("/eps") || stream.hasSuffix("/noise"), "\(recipe.id): \(stream)")
            let owner = stream.split(separator: "/").first.map(String.init) ?? ""
            #expect(owner == recipe.id || ["a.forward", "a.iterative"].contains(owner), "\(recipe.id) uses \(stream)")
        }
    }
}

@Suite struct PartAWithoutADenoiser {
    @Test func aBuildWithoutADenoiserNamesTheFigureThatNeededIt() throws {
        let context = FigureContext(profile: .quick, loadMNIST: SharedMNIST.load)
        #expect {
            try SamplesFigure(backend: PartATest.setup).compute(context)
        } throws: { error in
            "\(error)" == "figure a.samples: this build has no model store"
        }
    }
}
