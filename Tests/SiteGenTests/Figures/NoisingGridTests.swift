import Compute
import Foundation
import Testing
@testable import SiteGen

/// MNIST, loaded once for all figure tests (it takes a moment even from C code).
enum SharedMNIST {
    static let data: Result<MNIST, any Error> = Result { try MNIST.load(directory: TestPaths.mnist) }
    static func load() throws -> MNIST { try data.get() }
}

@Suite struct NoisingFigure {
    let recipe = NoisingGrid()
    var context: FigureContext { FigureContext(profile: .quick, loadMNIST: SharedMNIST.load) }

    @Test func rowsAreTheFirstFiveTestDigitsAndColumnsTheSigmas() throws {
        let data = try recipe.compute(context)
        #expect(try data.require("labels", figure: recipe.id).data == [7, 2, 1, 0, 4])
        #expect(try data.require("sigmas", figure: recipe.id).data == [0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0])
        #expect(try data.require("noisy", figure: recipe.id).shape == [35, 1, 28, 28])
        #expect(try data.require("clean", figure: recipe.id).shape == [5, 1, 28, 28])
    }

    @Test func eachColumnIsTheCleanDigitPlusSigmaTimesOneNoiseImage() throws {
        let data = try recipe.compute(context)
        let clean = try data.require("clean", figure: recipe.id).data
        let noisy = try data.require("noisy", figure: recipe.id).data
        let pixels = 784
        // sigma = 0 leaves the digit unchanged.
        for row in 0..<5 {
            #expect(Array(noisy[(row * 7) * pixels..<(row * 7 + 1) * pixels]) == Array(clean[row * pixels..<(row + 1) * pixels]))
        }
        // (z - x) / sigma is the same standard-normal image in every column of a row.
        var eps: [Double] = []
        for row in 0..<5 {
            let oneEps = (0..<pixels).map { Double(noisy[(row * 7 + 6) * pixels + $0] - clean[row * pixels + $0]) }
            let halfEps = (0..<pixels).map { Double(noisy[(row * 7 + 3) * pixels + $0] - clean[row * pixels + $0]) / 0.5 }
            for (a, b) in zip(oneEps, halfEps) { #expect(abs(a - b) < 1e-5) }
            eps += oneEps
        }
        let mean = eps.reduce(0, +) / Double(eps.count)
        let variance = eps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(eps.count)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.06)
    }

    @Test func theSameRecipeGivesTheSameNumbers() throws {
        let a = try recipe.compute(context), b = try recipe.compute(context)
        #expect(a["noisy"] == b["noisy"])
        var other = recipe
        other.seed = 181
        #expect(try other.compute(context)["noisy"] != a["noisy"])
    }

    @Test func theDrawingIsAFiveBySevenGridOfUpscaledDigitsWithTitles() throws {
        let data = try recipe.compute(context)
        let image = try recipe.draw(data)
        let d = FigureStyle.density
        #expect(image.width > 7 * 28 * 3 * d)
        #expect(image.height > 5 * 28 * 3 * d)
        #expect(image.width < (7 * 28 * 3 + 400) * d)
        let caption = recipe.caption(data)
        #expect(caption.contains("0.2, 0.4, 0.5, 0.6, 0.8, 1.0"))
        #expect(caption.contains("seed 180"))
    }
}
