import Testing
@testable import Plotting

@Suite struct ImageGridTests {
    /// 2 rows x 3 columns of 5x4 cells.
    func cells(_ value: Float = 0.5) -> [[ImageCell?]] {
        [[uniformCell(value, width: 5, height: 4), uniformCell(value, width: 5, height: 4), uniformCell(value, width: 5, height: 4)],
         [uniformCell(value, width: 5, height: 4), nil, uniformCell(value, width: 5, height: 4)]]
    }

    @Test func bareGridSizeIsPaddingPlusScaledCells() {
        let image = ImageGrid(rows: cells(), scale: 3, padding: 8).render()
        // width = p + 3 columns x (5 x 3) + 2 gaps x p + p; height = p + 2 rows x (4 x 3) + 1 gap x p + p
        #expect(image.width == 8 + 3 * 15 + 2 * 8 + 8)
        #expect(image.height == 8 + 2 * 12 + 1 * 8 + 8)
        #expect(image.channels == 3)
    }

    @Test func titledGridSizeAddsTheDocumentedBands() {
        let grid = ImageGrid(rows: cells(), rowTitles: ["r1", "r2"], columnTitles: ["a", "b", "c"],
                             captions: [["1", "2", "3"], ["4", nil, "6"]], title: "T",
                             scale: 3, padding: 8, fontSize: 14, rowTitleWidth: 40)
        let image = grid.render()
        let textBand = 21        // ceil(1.5 x 14)
        let titleBand = 27       // ceil(1.5 x 1.25 x 14)
        #expect(image.width == 8 + (40 + 8) + 3 * 15 + 2 * 8 + 8)
        #expect(image.height == 8 + titleBand + textBand + 2 * (12 + textBand) + 8 + 8)
    }

    @Test func scaleMultipliesCellSize() {
        let small = ImageGrid(rows: cells(), scale: 1, padding: 0).render()
        let large = ImageGrid(rows: cells(), scale: 4, padding: 0).render()
        #expect(small.width == 15 && small.height == 8)
        #expect(large.width == 60 && large.height == 32)
    }

    @Test func textWiderThanCellsWidensItsColumn() {
        let grid = ImageGrid(rows: [[uniformCell(0, width: 2, height: 2)]], columnTitles: ["a rather long title"])
        #expect(grid.layout().columnWidths[0] > 2 * 3 + 40)
    }

    @Test func whiteCellIsWhiteAndBlackCellIsBlackAtItsCentre() {
        let grid = ImageGrid(rows: [[uniformCell(1, width: 6, height: 6), uniformCell(0, width: 6, height: 6)]],
                             columnTitles: ["one", "zero"])
        let image = grid.render()
        let layout = grid.layout()
        for (j, expected) in [(0, [UInt8](repeating: 255, count: 3)), (1, [UInt8](repeating: 0, count: 3))] {
            guard let rect = layout.cells[0][j] else {
                Issue.record("no cell at (0, \(j))")
                continue
            }
            #expect(image.pixel(x: rect.x + rect.width / 2, y: rect.y + rect.height / 2) == expected)
        }
    }

    @Test func valuesOutsideTheUnitRangeAreClamped() {
        let cell = ImageCell(width: 2, height: 1, channels: 1, values: [-3, 7])
        let image = ImageGrid(rows: [[cell]], scale: 1, padding: 0).render()
        #expect(image.pixel(x: 0, y: 0) == [0, 0, 0])
        #expect(image.pixel(x: 1, y: 0) == [255, 255, 255])
    }

    @Test func rgbCellsArePlanarAndMixWithGreyCells() {
        // Pixel 0 red, pixel 1 blue: planes R = [1, 0], G = [0, 0], B = [0, 1].
        let rgb = ImageCell(width: 2, height: 1, channels: 3, values: [1, 0, 0, 0, 0, 1])
        let grey = ImageCell(width: 2, height: 1, channels: 1, values: [0.5, 0.25])
        let grid = ImageGrid(rows: [[rgb, grey]], scale: 1, padding: 0)
        let image = grid.render()
        #expect(image.pixel(x: 0, y: 0) == [255, 0, 0])
        #expect(image.pixel(x: 1, y: 0) == [0, 0, 255])
        #expect(image.pixel(x: 2, y: 0) == [128, 128, 128])
        #expect(image.pixel(x: 3, y: 0) == [64, 64, 64])
    }

    @Test func nearestUpscalingTurnsEachPixelIntoAnEqualBlock() {
        let width = 3, height = 2, scale = 4
        let values: [Float] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        let grid = ImageGrid(rows: [[ImageCell(width: width, height: height, channels: 1, values: values)]],
                             scale: scale, padding: 5)
        let image = grid.render()
        guard let rect = grid.layout().cells[0][0] else {
            Issue.record("no cell")
            return
        }
        for sy in 0..<height {
            for sx in 0..<width {
                let expected = UInt8((values[sy * width + sx] * 255).rounded())
                for dy in 0..<scale {
                    for dx in 0..<scale {
                        let p = image.pixel(x: rect.x + sx * scale + dx, y: rect.y + sy * scale + dy)
                        #expect(p == [expected, expected, expected], "source (\(sx), \(sy)) offset (\(dx), \(dy))")
                    }
                }
            }
        }
    }

    @Test func columnTitleBandHasTextOnlyWhenTitlesAreGiven() {
        let rows = [[uniformCell(0.8, width: 10, height: 10), uniformCell(0.8, width: 10, height: 10)]]
        let titled = ImageGrid(rows: rows, columnTitles: ["t=0", "t=9"])
        let bare = ImageGrid(rows: rows)
        func darkPixelsAboveFirstRow(_ grid: ImageGrid) -> Int {
            let image = grid.render()
            let top = grid.layout().rowY[0]
            var count = 0
            for y in 0..<top {
                for x in 0..<image.width where isDark(image.pixel(x: x, y: y)) { count += 1 }
            }
            return count
        }
        #expect(darkPixelsAboveFirstRow(titled) > 10)
        #expect(darkPixelsAboveFirstRow(bare) == 0)
    }

    @Test func renderingTwiceGivesTheSameImage() {
        let grid = ImageGrid(rows: cells(0.3), rowTitles: ["x", "y"], columnTitles: ["1", "2", "3"], title: "Samples")
        #expect(grid.render() == grid.render())
    }
}
