import Testing
@testable import Plotting

/// A grid and its plot side by side: top-aligned on white, a gap between, grey widened to RGB, alpha on white.
@Suite struct PixelImageRowTests {
    @Test func imagesSitSideBySideTopAlignedOnWhite() {
        let grey = PixelImage(width: 2, height: 3, channels: 1, filledWith: 10)
        let rgba = PixelImage(width: 1, height: 1, channels: 4, pixels: [0, 0, 200, 128])
        let row = PixelImage.row([grey, rgba], gap: 2)
        #expect(row.width == 5 && row.height == 3 && row.channels == 3)
        #expect(row.pixel(x: 1, y: 2) == [10, 10, 10])
        #expect(row.pixel(x: 2, y: 0) == [255, 255, 255], "the gap is white")
        #expect(row.pixel(x: 4, y: 0) == [127, 127, 227], "half-transparent blue over white")
        #expect(row.pixel(x: 4, y: 1) == [255, 255, 255], "below the shorter image is white")
    }

    @Test func imagesStackLeftAlignedOnWhite() {
        let grey = PixelImage(width: 2, height: 1, channels: 1, filledWith: 10)
        let rgb = PixelImage(width: 1, height: 2, channels: 3, pixels: [1, 2, 3, 4, 5, 6])
        let column = PixelImage.column([grey, rgb], gap: 1)
        #expect(column.width == 2 && column.height == 4 && column.channels == 3)
        #expect(column.pixel(x: 1, y: 0) == [10, 10, 10])
        #expect(column.pixel(x: 0, y: 1) == [255, 255, 255], "the gap is white")
        #expect(column.pixel(x: 0, y: 3) == [4, 5, 6] && column.pixel(x: 1, y: 3) == [255, 255, 255])
    }
}
