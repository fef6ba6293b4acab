import Foundation
import Testing
@testable import Plotting

@Suite struct LinePlotTests {
    @Test func constantSeriesDrawsAHorizontalLineInItsColourAtTheExpectedHeight() throws {
        let plot = LinePlot(series: [.init(xs: [0, 10], ys: [0.5, 0.5])])
        let image = plot.render()
        let layout = plot.layout()
        let y = try #require(layout.pixelY(0.5))
        // 0.5 is the middle of the axis the constant is given.
        #expect(abs(y - (layout.plotY + layout.plotHeight / 2)) < 1)
        let colour = Colors.series(0)
        for x in stride(from: layout.plotX + 20, to: layout.plotX + layout.plotWidth - 20, by: 37) {
            #expect(isClose(image.pixel(x: Int(x), y: Int(y)), colour), "x = \(x)")
        }
        // Well above and below the line there is none of the series colour.
        for dy in [-25.0, 25.0] {
            #expect(!isClose(image.pixel(x: Int(layout.plotX + layout.plotWidth / 2), y: Int(y + dy)), colour))
        }
    }

    @Test func logAxisPutsLargerValuesHigherAndDrawsThem() throws {
        let ys = [1e-1, 1e-2, 1e-3]
        let plot = LinePlot(logY: true, series: [.init(name: "loss", xs: [0, 1, 2], ys: ys)])
        let layout = plot.layout()
        let pixels = try ys.map { try #require(layout.pixelY($0)) }
        #expect(pixels[0] < pixels[1] && pixels[1] < pixels[2])
        // Equal ratios are equal distances on a log axis.
        #expect(abs((pixels[1] - pixels[0]) - (pixels[2] - pixels[1])) < 1e-6)
        let image = plot.render()
        for (x, y) in zip([0.5, 1.5], [sqrt(1e-1 * 1e-2), sqrt(1e-2 * 1e-3)]) {
            let px = Int(layout.pixelX(x)), py = Int(try #require(layout.pixelY(y)))
            #expect(hasColour(image, near: (px, py), Colors.series(0)), "midpoint of segment at x = \(x)")
        }
    }

    @Test func logAxisIgnoresNonPositiveAndNonFiniteValues() throws {
        let plot = LinePlot(logY: true, series: [.init(ys: [1, 0, -1, .nan, .infinity, 1e-2])])
        let layout = plot.layout()
        #expect(layout.pixelY(0) == nil && layout.pixelY(-1) == nil && layout.pixelY(.nan) == nil)
        #expect(layout.yRange.0 < 1e-2 && layout.yRange.1 > 1 && layout.yRange.1 < 2)
        _ = plot.render()
    }

    @Test func seriesGetDistinctColoursAndALegend() {
        let plot = LinePlot(series: [.init(name: "train", ys: [3, 2, 1]), .init(name: "test", ys: [3, 2.5, 2])])
        #expect(plot.color(ofSeries: 0) != plot.color(ofSeries: 1))
        #expect(plot.showsLegend)
        #expect(!LinePlot(series: [.init(ys: [1, 2])]).showsLegend)
    }

    @Test func hundredThousandPointsRenderAndAreThinnedToAFewPerColumn() {
        let ys = (0..<100_000).map { i in 2.0 * exp(-Double(i) / 20_000) + 0.05 * sin(Double(i)) + 0.06 }
        let plot = LinePlot(logY: true, series: [.init(name: "loss", ys: ys)])
        let points = ys.indices.map { i -> (Double, Double)? in (Double(i) / 125, ys[i]) }
        #expect(LinePlot.thinned(points).count <= 4 * 801)
        let image = plot.render()
        #expect(image.width == 800 && image.height == 500)
    }

    @Test func renderingTwiceGivesTheSameImage() {
        let plot = LinePlot(title: "Loss", xLabel: "step", yLabel: "loss", logY: true,
                            series: [.init(name: "a", ys: [1, 0.5, 0.1, 0.07]), .init(name: "b", ys: [2, 0.3, 0.2, 0.01])])
        #expect(plot.render() == plot.render())
    }
}

extension LinePlotTests {
    @Test func lastXTickLabelFitsInsideTheImage() throws {
        let plot = LinePlot(series: [.init(xs: [0, 100_000], ys: [1, 2])])
        let layout = plot.layout()
        let last = try #require(layout.xTicks.last)
        #expect(last == 100_000)
        let halfLabel = Canvas(width: 1, height: 1).textWidth("100000", size: plot.fontSize) / 2
        #expect(layout.pixelX(last) + halfLabel <= Double(plot.width))
    }
}

extension LinePlotTests {
    @Test func legendSitsInTheChosenCorner() {
        func legendFrameIsNear(_ position: LinePlot.LegendPosition, left: Bool, top: Bool) -> Bool {
            let plot = LinePlot(series: [.init(name: "a", ys: [0, 0.01])], legendPosition: position)
            let image = plot.render()
            let l = plot.layout()
            // Scan inward from the chosen corner for the legend's grey frame, 10 px inside the plot area.
            let x = Int(left ? l.plotX + 10 : l.plotX + l.plotWidth - 11)
            let y0 = Int(top ? l.plotY + 10 : l.plotY + l.plotHeight - 40)
            return (y0..<(y0 + 30)).contains { isClose(image.pixel(x: x, y: $0), Color.frame) }
        }
        #expect(legendFrameIsNear(.topRight, left: false, top: true))
        #expect(!legendFrameIsNear(.topRight, left: true, top: true))
        #expect(legendFrameIsNear(.bottomLeft, left: true, top: false))
        #expect(!legendFrameIsNear(.bottomLeft, left: false, top: true))
    }
}
