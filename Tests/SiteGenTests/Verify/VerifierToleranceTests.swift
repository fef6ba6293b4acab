import Compute
import Foundation
import Plotting
import Testing
@testable import SiteGen

/// A measured rate (an accuracy out of n judgements) moves in steps of 1/n when one judgement flips on another
/// CPU, so verify compares arrays named `*_rate` within one percentage point and says what it compared; other
/// arrays keep the 1e-4 relative tolerance.
@Suite struct VerifierToleranceTests {
    /// What the next computation returns; outside the recipe's parameters, as another CPU's arithmetic would be.
    final class Measured: @unchecked Sendable {
        var rate: Float = 0.9900
        var loss: Float = 0.0310
        /// A Part A effect: hits out of 20 seeds, with its `_rate_n` companion.
        var judged: JudgedRate = JudgedRate(hits: 17, total: 20)
    }

    struct RateRecipe: FigureRecipe {
        let id = "b.rates"
        let measured: Measured
        let version = 1
        var inputs: [FigureInput] { [] }
        var alt: String { "rates" }
        var parameters: [String: String] { [:] }
        func compute(_ context: FigureContext) throws -> FigureData {
            FigureData(arrays: [("classifier.test_accuracy_rate", Tensor(shape: [1], data: [measured.rate])),
                                ("class.final_loss", Tensor(shape: [1], data: [measured.loss]))]
                       + JudgedRate.arrays("pair", [measured.judged]))
        }
        // The PNG shows the numbers, so any change in them changes its bytes and the arrays are compared.
        func draw(_ data: FigureData) throws -> PixelImage {
            let values = data.arrays.flatMap(\.tensor.data)
            return PixelImage(width: values.count, height: 1, channels: 1, pixels: values.map { UInt8(truncatingIfNeeded: $0.bitPattern) })
        }
        func caption(_ data: FigureData) -> String { "rates" }
    }

    func verify(_ project: TestProject, _ measured: Measured) throws -> Verifier.Row {
        let catalog = FigureCatalog(recipes: [RateRecipe(measured: measured)])
        let verifier = Verifier(options: BuildOptions(root: project.root), catalog: catalog, console: .silent,
                                loadMNIST: { throw SourceError(file: "mnist", "unused") })
        return try #require(try verifier.verify(outputDirectory: project.root + "/.cache/verify").first)
    }

    func publishedProject(_ measured: Measured, name: String = #function) throws -> TestProject {
        let project = try TestProject(name)
        try project.section(file: "a-1.md", id: "a.1-first", order: 1, figures: [], text: "No figures.")
        try project.section(file: "b-1.md", id: "b.1-second", order: 1, figures: ["b.rates"], text: "Rates.")
        try project.builder(catalog: FigureCatalog(recipes: [RateRecipe(measured: measured)])).build()
        return project
    }

    @Test func aRateThatMovedByLessThanOnePointPassesAndIsShown() throws {
        let measured = Measured()
        let project = try publishedProject(measured)
        measured.rate = 0.9903   // the AMD machine's 99.03 % against Intel's 99.00 %
        let row = try verify(project, measured)
        #expect(row.status == .withinTolerance, "\(row.detail)")
        #expect(row.detail.contains("classifier.test_accuracy_rate 99.03 % vs 99.00 % published"), "\(row.detail)")
    }

    @Test func aRateThatMovedByMoreThanOnePointFails() throws {
        let measured = Measured()
        let project = try publishedProject(measured)
        measured.rate = 0.975
        let row = try verify(project, measured)
        #expect(row.status == .differs)
        #expect(row.detail.contains("1.50 pp > 1 pp"), "\(row.detail)")
    }

    @Test func aLossKeepsTheRelativeTolerance() throws {
        let measured = Measured()
        let project = try publishedProject(measured)
        measured.loss = 0.0311   // 0.3 % relative: far beyond 1e-4
        let row = try verify(project, measured)
        #expect(row.status == .differs)
        #expect(row.detail.contains("class.final_loss"), "\(row.detail)")
    }

    @Test func aJudgedRateMayMoveByTwoJudgementsOfItsCount() throws {
        let measured = Measured()
        let project = try publishedProject(measured)
        measured.judged = JudgedRate(hits: 15, total: 20)   // two seeds of 20 read differently: 10 pp
        let row = try verify(project, measured)
        #expect(row.status == .withinTolerance, "\(row.detail)")
        #expect(row.detail.contains("pair_rate 75.00 % vs 85.00 % published (|Δ| ≤ 10 pp)"), "\(row.detail)")
        measured.judged = JudgedRate(hits: 14, total: 20)
        let moved = try verify(project, measured)
        #expect(moved.status == .differs)
        #expect(moved.detail.contains("15.00 pp > 10 pp"), "\(moved.detail)")
    }

    @Test func aJudgedRateRoundTripsThroughItsArrays() {
        let rates = [JudgedRate(hits: 17, total: 20), JudgedRate(hits: 0, total: 20), JudgedRate(hits: 3, total: 3)]
        #expect(JudgedRate.read("pair", from: FigureData(arrays: JudgedRate.arrays("pair", rates))) == rates)
        #expect(rates[0].description == "17 of 20 (85 %)")
    }
}
