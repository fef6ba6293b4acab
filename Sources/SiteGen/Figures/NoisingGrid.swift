import Compute
import Plotting

/// Part B 1.2, figure 3 of the seed: test digits noised as z = x + σ ε at increasing σ.
///
/// Each digit gets one ε shared by all its columns, so a row shows the same noise pattern growing.
struct NoisingGrid: FigureRecipe {
    let id = "b.noising"
    let version = 1
    var testIndices = [0, 1, 2, 3, 4]
    var sigmas: [Float] = [0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0]
    var seed: UInt64 = SiteSeed.value
    var stream = "b.noising/eps"

    var inputs: [FigureInput] { [.mnistTest] }
    var alt: String { "MNIST test digits (rows) with Gaussian noise of increasing sigma (columns)" }

    var parameters: [String: String] {
        [
            "test_indices": testIndices.map(String.init).joined(separator: ","),
            "sigmas": sigmas.map { "\($0)" }.joined(separator: ","),
            "seed": "\(seed)", "stream": stream,
        ]
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        let mnist = try context.mnist()
        let clean = mnist.images(.test, indices: testIndices)
        let labels = mnist.labels(.test, indices: testIndices)
        let eps = Philox(seed: seed, streamNamed: stream).normalTensor(shape: clean.shape)
        let noisy = Self.noiseLevels(clean, eps: eps, sigmas: sigmas)
        return FigureData(arrays: [
            ("clean", clean), ("noisy", noisy),
            ("sigmas", Tensor(shape: [sigmas.count], data: sigmas)),
            ("labels", Tensor(shape: [labels.count], data: labels.map(Float.init))),
        ])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let noisy = try data.require("noisy", figure: id)
        let labels = try data.require("labels", figure: id).data
        let columns = sigmas.count
        let cells = (0..<labels.count).map { row in
            (0..<columns).map { col -> ImageCell? in ImageCell(grey: noisy, index: row * columns + col) }
        }
        return ImageGrid(rows: cells,
                         rowTitles: labels.map { "digit \(Int($0))" },
                         columnTitles: sigmas.map { "σ = \(Self.format($0))" },
                         scale: 3).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        "Noising process z = x + σε on the first five MNIST test digits, one ε per digit (seed \(seed)); "
            + "σ ∈ {\(sigmas.map(Self.format).joined(separator: ", "))}. Pixels outside [0, 1] are clipped for display."
    }

    static func format(_ value: Float) -> String { String(format: "%.1f", Double(value)) }

    /// z = x + σ ε for every image of `clean` (with its own ε) at every σ: row-major [images × sigmas, C, H, W].
    static func noiseLevels(_ clean: Tensor, eps: Tensor, sigmas: [Float]) -> Tensor {
        let images = clean.shape[0], per = clean.count / images
        var noisy = Tensor(zeros: [images * sigmas.count] + clean.shape.dropFirst())
        for row in 0..<images {
            for (col, sigma) in sigmas.enumerated() {
                let out = (row * sigmas.count + col) * per
                for p in 0..<per { noisy.data[out + p] = clean.data[row * per + p] + sigma * eps.data[row * per + p] }
            }
        }
        return noisy
    }
}

import Foundation

/// The project's seed (the course's example seed), used by every recipe unless it names another.
enum SiteSeed {
    static let value: UInt64 = 180
}

extension ImageCell {
    /// Image `index` of a single-channel [N,1,H,W] tensor.
    init(grey tensor: Tensor, index: Int) {
        let h = tensor.shape[2], w = tensor.shape[3]
        let start = index * h * w
        self.init(width: w, height: h, channels: 1, values: Array(tensor.data[start..<start + h * w]))
    }
}
