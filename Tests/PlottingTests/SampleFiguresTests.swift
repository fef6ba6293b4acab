import Foundation
import Testing
@testable import Plotting

/// Realistic figures end to end: rendered, encoded, decoded back unchanged. Set PLOTTING_SAMPLES_DIR to
/// also keep the PNGs for looking at.
@Suite struct SampleFiguresTests {
    /// A blocky "digit" so upscaled edges are easy to judge by eye.
    static func digitCell(_ k: Int, channels: Int = 1) -> ImageCell {
        let size = 28
        var values = [Float](repeating: 0, count: channels * size * size)
        for y in 6..<22 {
            for x in 10..<18 where (x + y + k) % 7 != 0 || y < 8 || y > 19 {
                for c in 0..<channels {
                    let tint: Float = channels == 1 ? 1 : [1, 0.6 + 0.04 * Float(k), 0.2][c]
                    values[c * size * size + y * size + x] = tint * Float(y - 4) / 18
                }
            }
        }
        return ImageCell(width: size, height: size, channels: channels, values: values)
    }

    static var sampleGrid: ImageGrid {
        let rows: [[ImageCell?]] = (0..<3).map { r in
            (0..<6).map { c in r == 2 && c == 5 ? nil : digitCell(c + r, channels: r == 1 ? 3 : 1) }
        }
        return ImageGrid(rows: rows, rowTitles: ["grey", "colour", "gap"],
                         columnTitles: (0..<6).map { "t=\($0 * 180)" },
                         captions: rows.map { $0.map { $0 == nil ? nil : "ok" } },
                         title: "Samples at each denoising step")
    }

    static var sampleLossPlot: LinePlot {
        var seed: UInt64 = 42
        func noise() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53) - 0.5
        }
        let train = (0..<100_000).map { i in (0.9 * exp(-Double(i) / 15_000) + 0.004) * (1 + 0.8 * noise()) }
        let test = stride(from: 0, to: 100_000, by: 1000).map { i in 0.9 * exp(-Double(i) / 15_000) + 0.006 }
        return LinePlot(title: "UNet training loss", xLabel: "iteration", yLabel: "MSE loss (log scale)", logY: true,
                        series: [.init(name: "train", ys: train),
                                 .init(name: "test", xs: stride(from: 0, to: 100_000, by: 1000).map(Double.init), ys: test)])
    }

    func keep(_ image: PixelImage, as name: String) throws {
        let bytes = try PNG.encode(image)
        #expect(try PNG.decode(bytes, source: name) == image)
        if let dir = ProcessInfo.processInfo.environment["PLOTTING_SAMPLES_DIR"] {
            try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
    }

    @Test func sampleGridSurvivesPNG() throws {
        try keep(Self.sampleGrid.render(), as: "sample-grid.png")
    }

    @Test func sampleLossPlotSurvivesPNG() throws {
        try keep(Self.sampleLossPlot.render(), as: "sample-loss.png")
    }

    @Test func sampleLinearPlotSurvivesPNG() throws {
        let plot = LinePlot(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy",
                            series: [.init(name: "test", xs: [1, 2, 3, 4, 5], ys: [0.62, 0.81, 0.88, 0.9, 0.93])])
        try keep(plot.render(), as: "sample-linear.png")
    }
}
