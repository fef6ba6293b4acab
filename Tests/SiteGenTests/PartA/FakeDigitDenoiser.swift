import Compute
import Foundation
@testable import SiteGen

/// A stand-in for the digit model with exactly known answers: data x₀ ~ N(μ_c, s²) per pixel, μ depending on
/// the class (and its own μ for `.null`), so the optimal noise prediction is closed-form,
/// ε*(x_t) = √(1−ᾱ)(x_t − √ᾱ μ) / (ᾱ s² + 1 − ᾱ). Same T, size and channels as the digit model, and cheap.
final class FakeDigitDenoiser: Denoiser, @unchecked Sendable {
    let schedule: NoiseSchedule
    let imageSize: Int
    let channels = 1
    let s: Double = 0.3
    private(set) var calls: [(batch: Int, timesteps: [Int], conditioning: [Conditioning])] = []

    init(T: Int = 300, imageSize: Int = 28) throws {
        schedule = try NoiseSchedule.linear(T: T)
        self.imageSize = imageSize
    }

    func mu(_ c: Conditioning) -> Double {
        switch c {
        case .null: return 0.15
        case .label(let k): return 0.05 + 0.08 * Double(k)
        case .embedding(let e): return Double(e.data.first ?? 0)
        }
    }

    func predict(_ x: Tensor, timesteps: [Int], conditioning: [Conditioning]) throws -> DenoiserOutput {
        calls.append((x.shape[0], timesteps, conditioning))
        let n = x.shape[0], per = x.count / n
        var eps = [Float](repeating: 0, count: x.count)
        for i in 0..<n {
            let abar = schedule.alphaBarDouble[timesteps[i]]
            let a = Float((1 - abar).squareRoot() / (abar * s * s + 1 - abar))
            let shift = Float(abar.squareRoot() * mu(conditioning[i]))
            for p in (i * per)..<((i + 1) * per) { eps[p] = a * (x.data[p] - shift) }
        }
        return DenoiserOutput(epsilon: Tensor(shape: x.shape, data: eps))
    }
}

/// A figure context with MNIST and the fake.
func fakeContext(_ denoiser: FakeDigitDenoiser? = nil) throws -> FigureContext {
    let fake = try denoiser ?? FakeDigitDenoiser()
    return FigureContext(profile: .quick, loadMNIST: SharedMNIST.load, denoiser: { fake })
}

enum PartATest {
    static let model = PartAModel(name: "fake", hash: "fake")
    static let setup = try! DigitBackend(model: model, contentDirectory: contentDirectory)
    static let contentDirectory = (TestPaths.repoRoot as NSString).appendingPathComponent("content")
    static var recipes: [any FigureRecipe] { PartARecipes.all(backend: setup, contentDirectory: contentDirectory) }

    static func recipe(_ id: String) throws -> any FigureRecipe {
        guard let r = recipes.first(where: { $0.id == id }) else { throw FigureError(figure: id, "no such Part A recipe") }
        return r
    }
}
