import Compute
import Foundation
import Plotting
import Testing
@testable import SiteGen

/// The out-of-distribution pictures of SDEdit: the typeset web digit, the stroke drawings in content/drawings
/// and PNGs dropped into content/images.
@Suite struct PicturesTests {
    @Test func theWebDigitRendersAsInkOnPaperOfTheStatedSize() {
        let web = WebDigit()
        let image = web.render()
        #expect(image.width == 160 && image.height == 120)
        let dark = stride(from: 0, to: image.pixels.count, by: 3).filter { image.pixels[$0] < 100 && image.pixels[$0 + 2] < 100 }
        #expect(dark.count > 500, "too little ink: \(dark.count) px")   // dark navy glyph pixels
        #expect(image.pixel(x: 2, y: 2) == [0xF4, 0xEF, 0xE3])
    }

    @Test func theWebDigitBecomesABrightDigitOnBlackAtTheModelsSize() throws {
        let x = try ImageConversion.modelInput(WebDigit().render(), size: 28, channels: 1)
        #expect(x.shape == [1, 1, 28, 28])
        #expect(ImageConversion.borderMean(x) < 0.1)   // inverted: paper became black
        // Strokes became bright: 1 − grey(#14213D) = 1 − (0.299·20 + 0.587·33 + 0.114·61)/255 ≈ 0.873.
        #expect(abs(x.data.max()! - 0.873) < 0.01)
    }

    @Test func theDrawingsInContentRenderWhiteStrokesOnTheirCanvas() throws {
        let all = try ContentPictures(contentDirectory: PartATest.contentDirectory).load()
        #expect(all.map(\.name) == ["drawn 3", "drawn house", "camera.png", "coin.png"], "drawings, then the photographs")
        let pictures = Array(all.prefix(2))
        #expect(pictures[0].image.width == 240 && pictures[0].image.height == 300)
        for picture in pictures {
            let lit = picture.image.pixels.filter { $0 > 200 }.count
            #expect(lit > picture.image.pixels.count / 50, "\(picture.name) is (nearly) blank")
            let x = try ImageConversion.modelInput(picture.image, size: 28, channels: 1)
            #expect(x.shape == [1, 1, 28, 28] && x.data.max()! > 0.5)
        }
    }

    @Test func aPNGDroppedIntoImagesIsCroppedResizedGreyedAndInverted() throws {
        let content = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: content + "/images", withIntermediateDirectories: true)
        // 60×40 RGB: white page, a dark red bar in the centre square.
        var pixels = [UInt8](repeating: 255, count: 60 * 40 * 3)
        for y in 10..<30 { for x in 28..<32 { pixels[(y * 60 + x) * 3 + 0] = 120; pixels[(y * 60 + x) * 3 + 1] = 0; pixels[(y * 60 + x) * 3 + 2] = 0 } }
        try Data(try PNG.encode(PixelImage(width: 60, height: 40, channels: 3, pixels: pixels))).write(to: URL(fileURLWithPath: content + "/images/bar.png"))
        try FileManager.default.createDirectory(atPath: content + "/images/sub", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: content + "/images/.DS_Store", contents: Data([0, 1]))

        let pictures = try ContentPictures(contentDirectory: content).load()
        #expect(pictures.map(\.name) == ["bar.png"])
        let x = try ImageConversion.modelInput(pictures[0].image, size: 28, channels: 1)
        #expect(x.shape == [1, 1, 28, 28])
        // Centre crop keeps columns 10..<50, so the bar (28..<32) lands in the middle; inverted to bright.
        #expect(x.data[14 * 28 + 13] > 0.5 || x.data[14 * 28 + 14] > 0.5)
        #expect(x.data[14 * 28 + 2] < 0.05 && x.data[1 * 28 + 14] < 0.05)
        // Grey of (120, 0, 0) is 0.299·120/255 ≈ 0.14, inverted ≈ 0.86 at the bar's full-coverage pixels.
        #expect(abs(x.data.max()! - 0.859) < 0.01)
    }

    @Test func aCorruptPNGIsAnErrorNamingTheFile() throws {
        let content = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: content + "/images", withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).write(to: URL(fileURLWithPath: content + "/images/broken.png"))
        let folder = (content as NSString).lastPathComponent
        #expect {
            try ContentPictures(contentDirectory: content).load()
        } throws: { error in
            "\(error)".hasPrefix("\(folder)/images/broken.png: unreadable PNG")
        }
    }

    @Test func aFileThatIsNotAPNGIsAnErrorNamingIt() throws {
        let content = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: content + "/images", withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: content + "/images/notes.txt"))
        #expect(try ContentPictures(contentDirectory: content).load().isEmpty, "a .txt is a picture's source note, not a picture")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: content + "/images/photo.jpg"))
        #expect {
            try ContentPictures(contentDirectory: content).load()
        } throws: { error in
            "\(error)".contains("images/photo.jpg: not a PNG image")
        }
    }

    @Test func aMalformedDrawingIsAnErrorNamingTheFileAndKey() throws {
        let content = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: content + "/drawings", withIntermediateDirectories: true)
        try Data(#"{"title": "x", "width": 10, "height": 10, "strokes": []}"#.utf8)
            .write(to: URL(fileURLWithPath: content + "/drawings/bad.json"))
        #expect {
            try ContentPictures(contentDirectory: content).load()
        } throws: { error in
            "\(error)".contains("drawings/bad.json") && "\(error)".contains("strokeWidth")
        }
    }

    @Test func editingADrawingChangesTheFiguresCacheInput() throws {
        let content = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: content + "/drawings", withIntermediateDirectories: true)
        let path = content + "/drawings/a.json"
        try Data(#"{"title": "a", "width": 10, "height": 10, "strokeWidth": 2, "strokes": [[[1, 1], [8, 8]]]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let pictures = ContentPictures(contentDirectory: content)
        let before = pictures.contentHash
        try Data(#"{"title": "a", "width": 10, "height": 10, "strokeWidth": 2, "strokes": [[[1, 1], [8, 9]]]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(pictures.contentHash != before)
        #expect(before != "unreadable")
    }

    @Test func theDrawnSDEditFigureShowsEveryPictureWithItsName() throws {
        let recipe = try #require(try PartATest.recipe("a.sdedit-drawn") as? ImageToImageFigure)
        let data = try recipe.compute(try fakeContext())
        #expect(try data.require("originals", figure: recipe.id).shape == [2, 1, 28, 28])
        #expect(data.metadata["rows"] == "drawn 3\ndrawn house")
        #expect(recipe.inputs.contains { if case .model("content-pictures", _) = $0 { true } else { false } })
        #expect(!recipe.inputs.contains(.mnistTest))
    }
}
