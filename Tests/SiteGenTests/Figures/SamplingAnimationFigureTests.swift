import Compute
import Foundation
import Plotting
import Testing
@testable import SiteGen

/// Part B's sampling GIF, decoded from the bytes the recipe's animation encodes to: as many frames as recorded
/// timesteps plus the samples, the first frame the starting noise, the last the samples the still strip ends with.
@Suite struct SamplingAnimationFigureTests {
    static let recipe = SamplingAnimationFigure(
        model: ModelRef(config: Profile.quick.config(for: .classConditioned), epoch: 20, origin: .trained))
    static let data = Result { try recipe.run(try FakeDigitDenoiser()) }

    /// Grey levels (0...1) of a grid cell of `image`, every `step`-th unit each way; the layout is in units, the
    /// image has `FigureStyle.density` pixels per unit.
    static func cell(_ image: PixelImage, _ rect: ImageGrid.CellRect, step: Int = 1) -> [Double] {
        let d = FigureStyle.density
        return stride(from: 0, to: rect.height, by: step).flatMap { y in
            stride(from: 0, to: rect.width, by: step).map { x in Double(image.pixel(x: (rect.x + x) * d, y: (rect.y + y) * d)[0]) / 255 }
        }
    }

    static func std(_ v: [Double]) -> Double {
        let mean = v.reduce(0, +) / Double(v.count)
        return (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
    }

    @Test func theGIFHasOneFrameEveryTenStepsAndTheSamplesAndLoopsForever() throws {
        let data = try Self.data.get()
        let animation = try #require(try Self.recipe.animate(data))
        let bytes = try GIF.encode(animation)
        #expect(String(decoding: bytes, as: UTF8.self).contains("NETSCAPE2.0"))
        let gif = try GIF.decode(bytes, source: "b.class-animation.gif")
        // x_t at t = 300, 290, …, 10, then the samples at t = 0.
        #expect(gif.frames.count == 31)
        #expect(try data.require("frame_timesteps", figure: "b").data == (0..<30).map { Float(300 - 10 * $0) } + [0])
        let first = try Self.recipe.frame(data, 0)
        #expect(gif.width == first.width && gif.height == first.height)
        #expect(gif.loopCount == 0)
        #expect(gif.delays == Array(repeating: 10, count: 30) + [200])
        // Lossless: every decoded frame is the frame the recipe drew.
        for k in [0, 15, 30] {
            #expect(gif.frames[k] == asRGB(try Self.recipe.frame(data, k)), "frame \(k) changed in the GIF")
        }
    }

    @Test func theFirstFrameIsTheStartingNoise() throws {
        let data = try Self.data.get()
        let frames = try data.require("frames", figure: "b")
        var stream = RandomStream(seed: Self.recipe.seed, streamNamed: SamplingAnimationFigure.stream)
        #expect(Batch.slice(frames, 0, 10) == stream.normalTensor(shape: [10, 1, 28, 28]))
        let gif = try GIF.decode(try GIF.encode(try #require(try Self.recipe.animate(data))), source: "gif")
        let layout = try Self.recipe.frameGrid(data, 0).layout()
        for k in 0..<10 {
            let noise = Self.cell(gif.frames[0], layout.cells[0][k]!, step: 2)
            // N(0, 1) clipped to [0, 1] has a standard deviation of about 0.40; half its pixels are black.
            #expect(Self.std(noise) > 0.33, "digit \(k): std \(Self.std(noise))")
            #expect(Double(noise.filter { $0 == 0 }.count) / Double(noise.count) > 0.4)
        }
    }

    @Test func theLastFrameIsTheSamplesTheStillEndsWith() throws {
        let data = try Self.data.get()
        let frames = try data.require("frames", figure: "b"), samples = try data.require("samples", figure: "b")
        #expect(Batch.slice(frames, 30 * 10, 10) == samples)
        let gif = try GIF.decode(try GIF.encode(try #require(try Self.recipe.animate(data))), source: "gif")
        let still = try Self.recipe.draw(data)
        let frameLayout = try Self.recipe.frameGrid(data, 30).layout(), stripLayout = try Self.recipe.stripGrid(data).layout()
        for k in 0..<10 {
            // The GIF draws each pixel as a 2x2 block, the still as one: every other pixel of the GIF is the still.
            let animated = Self.cell(gif.frames[30], frameLayout.cells[0][k]!, step: 2)
            let shown = Self.cell(still, stripLayout.cells[30][k]!)
            #expect(animated == shown, "digit \(k) differs between the GIF's last frame and the still's last row")
            // Both show the final sample, clipped to [0, 1] for display.
            let sample = Batch.item(samples, k).data.map { v -> Double in v <= 0 ? 0 : v >= 1 ? 1 : Double((v * 255).rounded()) / 255 }
            #expect(animated == sample, "digit \(k): the GIF's last frame is not the sample")
        }
        #expect(Self.recipe.caption(data).contains("31 frames"))
        #expect(Self.recipe.caption(data).contains("every 10 of the T = 300 steps"))
    }

    @Test func theSameSeedGivesTheSameGIFBytes() throws {
        let a = try Self.recipe.run(try FakeDigitDenoiser()), b = try Self.recipe.run(try FakeDigitDenoiser())
        #expect(try GIF.encode(try #require(try Self.recipe.animate(a))) == GIF.encode(try #require(try Self.recipe.animate(b))))
    }
}
