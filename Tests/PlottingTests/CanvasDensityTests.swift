import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Plotting

/// A canvas of density d is the same drawing at d image pixels per unit: cells become exact d-times squares,
/// shapes land on the doubled pixels, text keeps its place and size in units.
@Suite struct CanvasDensityTests {
    /// `image` with each pixel repeated `d` times across and down.
    func upscaled(_ image: PixelImage, by d: Int) -> PixelImage {
        var pixels: [UInt8] = []
        for y in 0..<(image.height * d) {
            for x in 0..<(image.width * d) { pixels += image.pixel(x: x / d, y: y / d) }
        }
        return PixelImage(width: image.width * d, height: image.height * d, channels: image.channels, pixels: pixels)
    }

    func checkerCell() -> ImageCell {
        ImageCell(width: 5, height: 4, channels: 1, values: (0..<20).map { Float(($0 + $0 / 5) % 2) * 0.8 + 0.1 })
    }

    @Test func aGridOfCellsAtDensityTwoIsTheDensityOneGridWithEveryPixelDoubled() {
        let grid = ImageGrid(rows: [[checkerCell(), checkerCell()], [nil, checkerCell()]], scale: 3, padding: 4)
        let one = grid.render(), two = grid.render(density: 2)
        #expect(two.width == 2 * one.width && two.height == 2 * one.height)
        #expect(two == upscaled(one, by: 2))
    }

    @Test func aFilledRectangleCoversItsUnitsTimesTheDensity() {
        let canvas = Canvas(width: 20, height: 10, density: 3)
        canvas.fillRect(x: 2, y: 1, width: 5, height: 4, color: .black)
        let image = canvas.image()
        #expect(image.width == 60 && image.height == 30)
        for y in 0..<30 {
            for x in 0..<60 {
                let inside = (6..<21).contains(x) && (3..<15).contains(y)
                #expect(isDark(image.pixel(x: x, y: y)) == inside, "pixel (\(x), \(y))")
            }
        }
    }

    @Test func textStaysInPlaceAndScalesWithTheDensity() throws {
        let one = Canvas(width: 120, height: 40), two = Canvas(width: 120, height: 40, density: 2)
        for canvas in [one, two] { canvas.text("label 42", x: 60, y: 20, size: 14, align: .center, vertical: .middle) }
        #expect(one.textWidth("label 42", size: 14) == two.textWidth("label 42", size: 14))
        let a = try #require(inkBox(one.image())), b = try #require(inkBox(two.image()))
        // The same box in units, to within the one-pixel antialiasing fringe of the smaller image.
        for (small, large) in [(a.0, b.0), (a.1, b.1), (a.2, b.2), (a.3, b.3)] {
            #expect(abs(Double(large) / 2 - Double(small)) <= 1.5, "\(a) vs \(b)")
        }
    }

    @Test func drawPixelsPlacesAnImageOfTheSameDensityUnscaled() {
        let grid = ImageGrid(rows: [[checkerCell()]], scale: 2, padding: 1).render(density: 2)
        let canvas = Canvas(width: 30, height: 20, density: 2)
        canvas.drawPixels(grid, x: 3, y: 2)
        let image = canvas.image()
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                #expect(image.pixel(x: 6 + x, y: 4 + y) == grid.pixel(x: x, y: y))
            }
        }
    }
}

/// A block diagram also writes itself as SVG: a well-formed document of the diagram's size in pixels with every
/// label as glyph outlines, the same bytes every time.
@Suite struct BlockDiagramSVGTests {
    func diagram() -> BlockDiagram {
        BlockDiagram(title: "Net", nodes: [.init(title: "inc", detail: "8 × 28", column: 0, row: 0),
                                           .init(title: "head", detail: "1 × 28", column: 1, row: 0, highlighted: true, note: "+ t")],
                     edges: [.init(from: 0, to: 1), .init(from: 1, to: 0, skip: true)])
    }

    final class Counter: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var root: [String: String] = [:]
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            if elements.isEmpty { root = attributes }
            elements[name, default: 0] += 1
        }
    }

    @Test func theSVGIsAWellFormedDocumentWithOneGlyphPerLetterDrawn() throws {
        let d = diagram()
        let svg = try d.svg()
        let parser = XMLParser(data: Data(svg))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")")
        #expect(counter.root["width"] == "\(d.size.width)px" && counter.root["height"] == "\(d.size.height)px")
        // Cairo places a glyph for every character, spaces included.
        let letters = ["Net", "inc", "8 × 28", "head", "1 × 28", "+ t"].joined().count
        #expect(counter.elements["use"] == letters, "\(counter.elements)")
        // The second document a process writes has the same bytes (Cairo's own ids count across documents).
        #expect(try d.svg() == svg)
    }

    @Test func cairosProcessWideIDsAreRenumberedInOrderOfAppearance() {
        let svg = ##"<g id="surface9"><image id="image13"/><use xlink:href="#image13"/><g id="surface12" clip-path="url(#surface9)"/>"##
        #expect(String(decoding: Canvas.renumberingCairoIDs(Array(svg.utf8)), as: UTF8.self)
                == ##"<g id="surface1"><image id="image1"/><use xlink:href="#image1"/><g id="surface2" clip-path="url(#surface1)"/>"##)
    }

    @Test func aCellOnAVectorCanvasIsEmbeddedAsAnImageOfItsOwnPixels() throws {
        let canvas = Canvas(vectorWidth: 40, height: 30)
        canvas.draw(uniformCell(0.5, width: 5, height: 4), x: 2, y: 3, scale: 4)
        let svg = String(decoding: try canvas.svg(), as: UTF8.self)
        #expect(svg.contains(#"<image id="image1" width="5" height="4" xlink:href="data:image/png;base64,"#), "\(svg)")
    }

    @Test func theSVGAndThePNGHaveTheSameSize() throws {
        let d = diagram()
        let image = d.render(density: 2)
        #expect(image.width == 2 * d.size.width && image.height == 2 * d.size.height)
    }
}
