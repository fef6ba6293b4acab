import Compute
import Foundation
import Plotting
import Testing
@testable import SiteGen

/// A.1.10: the iterative-denoising animation is A.1.4's run at every step, and the logo edits each drawn digit
/// toward its own class.
@Suite struct BellsFiguresTests {
    let setup = PartATest.setup

    @Test func theAnimationIsTheIterativeRunOfA14RecordedAtEveryStep() throws {
        let animation = IterativeAnimationFigure(backend: setup, contentDirectory: PartATest.contentDirectory)
        let data = try animation.compute(try fakeContext())
        let iterative = try IterativeFigure(backend: setup, contentDirectory: PartATest.contentDirectory).compute(try fakeContext())
        let every = try data.require("intermediate", figure: "a"), fifth = try iterative.require("intermediate", figure: "a")
        let iStart = animation.run.iStart
        // Every strided timestep from i_start on, the last (t = 0) being the result.
        #expect(every.shape[0] == setup.strided.count - iStart)
        #expect(try data.require("intermediate_timesteps", figure: "a").data == setup.strided[iStart...].map(Float.init))
        for k in 0..<fifth.shape[0] {
            #expect(Batch.slice(every, 5 * k, 1) == Batch.slice(fifth, k, 1), "a.iterative's image \(k) is not frame \(5 * k)")
        }
        #expect(data["compared"] == iterative["compared"])
        #expect(Batch.slice(every, every.shape[0] - 1, 1) == Batch.slice(try data.require("compared", figure: "a"), 1, 1))

        let gif = try GIF.decode(try GIF.encode(try #require(try animation.animate(data))), source: "a.iterative-animation.gif")
        // One frame per noisy x_t, then the result once.
        #expect(gif.frames.count == every.shape[0])
        #expect(gif.loopCount == 0)
        #expect(gif.delays.last == 200 && gif.delays.dropLast().allSatisfy { $0 == 20 })
        // The first frame shows the noisy image, the last the result: they differ, and the original beside them does not.
        let frames = try #require(try animation.animate(data)).frames
        #expect(frames.first != frames.last)
        #expect(gif.frames.first == asRGB(frames.first!) && gif.frames.last == asRGB(frames.last!))
        #expect(animation.caption(data).contains("\(every.shape[0]) frames"))
    }

    @Test func theLogoEditsEachDrawnDigitTowardItsOwnClass() throws {
        let logo = LogoFigure(backend: setup, contentDirectory: PartATest.contentDirectory)
        #expect(logo.prompts == ["1", "8", "0"])
        let data = try logo.compute(try fakeContext())
        let drawn = try data.require("drawn", figure: "a.logo"), edited = try data.require("edited", figure: "a.logo")
        #expect(drawn.shape == [3, 1, 28, 28] && edited.shape == [3, 1, 28, 28])
        // The drawings are white strokes on black.
        for k in 0..<3 {
            let pixels = Batch.item(drawn, k).data
            #expect(pixels.filter { $0 > 0.5 }.count > 40 && pixels.filter { $0 < 0.1 }.count > 400, "drawing \(k)")
        }
        // The fake's class means rise with the digit (μ_k = 0.05 + 0.08 k), so the 8 comes out brightest.
        func mean(_ k: Int) -> Float { Batch.item(edited, k).data.reduce(0, +) / 784 }
        #expect(mean(1) > mean(0) + 0.1 && mean(1) > mean(2) + 0.1)
        let image = try logo.draw(data)
        #expect(image.pixel(x: image.width / 2, y: 2).prefix(3).allSatisfy { $0 == 0 }, "the banner is black")
        #expect(logo.caption(data).contains("class 1, class 8, class 0"))
    }

    @Test func editingADrawingChangesTheLogosCacheKey() throws {
        let root = try TestPaths.temporaryDirectory("logo-drawings")
        try FileManager.default.createDirectory(atPath: root + "/logo", withIntermediateDirectories: true)
        for digit in ["1", "8", "0"] {
            try FileManager.default.copyItem(atPath: PartATest.contentDirectory + "/logo/\(digit).json", toPath: root + "/logo/\(digit).json")
        }
        let before = FigureCache.key(for: LogoFigure(backend: setup, contentDirectory: root))
        #expect(before == FigureCache.key(for: LogoFigure(backend: setup, contentDirectory: PartATest.contentDirectory)))
        let path = root + "/logo/8.json"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"strokeWidth\": 22", with: "\"strokeWidth\": 20")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(FigureCache.key(for: LogoFigure(backend: setup, contentDirectory: root)) != before)
    }
}
