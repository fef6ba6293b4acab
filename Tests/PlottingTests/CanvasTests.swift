import Testing
@testable import Plotting

@Suite struct CanvasTests {
    @Test func rightAlignedTextEndsAtItsAnchor() throws {
        let canvas = Canvas(width: 200, height: 40)
        canvas.text("12345", x: 150, y: 20, size: 14, align: .right, vertical: .middle)
        let box = try #require(inkBox(canvas.image()))
        #expect(box.1 <= 150 && box.1 >= 140)
        let width = canvas.textWidth("12345", size: 14)
        #expect(abs(Double(box.0) - (150 - width)) <= 3)
    }

    @Test func centredTextIsCentredOnItsAnchor() throws {
        let canvas = Canvas(width: 200, height: 40)
        canvas.text("centre", x: 100, y: 20, size: 14, align: .center, vertical: .middle)
        let box = try #require(inkBox(canvas.image()))
        #expect(abs(Double(box.0 + box.1) / 2 - 100) <= 2)
        #expect(abs(Double(box.2 + box.3) / 2 - 20) <= 3)
    }

    @Test func rotatedTextRunsUpwards() throws {
        let canvas = Canvas(width: 60, height: 200)
        canvas.text("a long label", x: 30, y: 100, size: 14, align: .center, vertical: .middle, rotated: true)
        let box = try #require(inkBox(canvas.image()))
        #expect(box.3 - box.2 > 3 * (box.1 - box.0))
    }

    @Test func widerTextMeasuresWider() {
        let canvas = Canvas(width: 1, height: 1)
        #expect(canvas.textWidth("iteration", size: 14) > canvas.textWidth("iter", size: 14))
        #expect(canvas.textWidth("iter", size: 28) > 1.9 * canvas.textWidth("iter", size: 14))
    }

    @Test func cellsOutsideTheCanvasAreCutOff() {
        let canvas = Canvas(width: 10, height: 10)
        canvas.draw(uniformCell(0, width: 4, height: 4), x: 8, y: -2, scale: 2)
        let image = canvas.image()
        #expect(image.pixel(x: 9, y: 0) == [0, 0, 0])
        #expect(image.pixel(x: 9, y: 5) == [0, 0, 0])
        #expect(image.pixel(x: 7, y: 0) == [255, 255, 255])
        #expect(image.pixel(x: 9, y: 6) == [255, 255, 255])
    }

    @Test func pixelImagesBecomeCellsWithAlphaOverWhite() {
        let rgba = PixelImage(width: 2, height: 1, channels: 4, pixels: [255, 0, 0, 255, 0, 0, 0, 0])
        let cell = ImageCell(rgba)
        #expect(cell.channels == 3)
        #expect(cell.rgb(x: 0, y: 0) == (255, 0, 0))
        #expect(cell.rgb(x: 1, y: 0) == (255, 255, 255))
        let grey = ImageCell(PixelImage(width: 1, height: 1, channels: 1, pixels: [51]))
        #expect(grey.channels == 1 && grey.rgb(x: 0, y: 0) == (51, 51, 51))
    }
}
