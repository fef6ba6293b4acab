import Compute
import Foundation
import Plotting

/// A hand-drawn picture kept as strokes (a small JSON file in `content/drawings/`), so it is diffable text rather
/// than a binary, and rendered with Cairo at build time: white round-capped strokes on black, the seed's drawing
/// widget in vector form. Coordinates are pixels on a `width` × `height` canvas, origin top-left.
///
///     {"title": "a house", "width": 240, "height": 300, "strokeWidth": 18,
///      "strokes": [[[40, 260], [40, 140], [120, 60]], ...]}
struct Drawing: Codable, Equatable, Sendable {
    var title: String
    var width: Int
    var height: Int
    var strokeWidth: Double
    var strokes: [[[Double]]]

    static func decode(_ bytes: Data, file: String) throws -> Drawing {
        let drawing: Drawing
        do {
            drawing = try JSONDecoder().decode(Drawing.self, from: bytes)
        } catch let error as DecodingError {
            throw ContentImageError(file: file, reason: "not a drawing: \(Self.explain(error))")
        }
        guard (1...4096).contains(drawing.width), (1...4096).contains(drawing.height) else {
            throw ContentImageError(file: file, reason: "canvas \(drawing.width)x\(drawing.height) must be 1...4096 px each way")
        }
        guard drawing.strokeWidth > 0 else {
            throw ContentImageError(file: file, reason: "strokeWidth must be positive, got \(drawing.strokeWidth)")
        }
        for (s, stroke) in drawing.strokes.enumerated() {
            if let p = stroke.firstIndex(where: { $0.count != 2 || !$0.allSatisfy(\.isFinite) }) {
                throw ContentImageError(file: file, reason: "stroke \(s) point \(p) must be [x, y], got \(stroke[p])")
            }
        }
        return drawing
    }

    func render() -> PixelImage {
        let canvas = Canvas(width: width, height: height, background: .black)
        for stroke in strokes {
            canvas.polyline(stroke.map { ($0[0], $0[1]) }, color: .white, width: strokeWidth)
        }
        return canvas.image()
    }

    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing key `\(key.stringValue)`"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return "wrong type at `\(c.codingPath.map(\.stringValue).joined(separator: "."))`: \(c.debugDescription)"
        case .dataCorrupted(let c): return "invalid JSON: \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// The user's pictures for SDEdit: every drawing in `content/drawings/` (JSON, sorted by name) and every PNG in
/// `content/images/`. Any other visible file in those folders is an error naming it, so a typo'd or JPEG file is
/// never silently skipped.
struct ContentPictures: Sendable {
    var contentDirectory: String

    var drawingsDirectory: String { (contentDirectory as NSString).appendingPathComponent("drawings") }
    var imagesDirectory: String { (contentDirectory as NSString).appendingPathComponent("images") }

    func load() throws -> [SourcePicture] {
        var pictures: [SourcePicture] = []
        for (name, path, bytes) in try files(in: drawingsDirectory) {
            guard name.hasSuffix(".json") else {
                throw ContentImageError(file: display(path), reason: "content/drawings holds only .json stroke drawings")
            }
            let drawing = try Drawing.decode(bytes, file: display(path))
            pictures.append(SourcePicture(name: drawing.title, image: drawing.render()))
        }
        // A .txt beside a picture is its source and licence note, for readers, not for the model.
        for (name, path, bytes) in try files(in: imagesDirectory) where !name.lowercased().hasSuffix(".txt") {
            guard name.lowercased().hasSuffix(".png") else {
                throw ContentImageError(file: display(path), reason: "not a PNG image (content/images holds .png pictures and "
                    + "their .txt source notes)")
            }
            do {
                pictures.append(SourcePicture(name: name, image: try PNG.decode([UInt8](bytes), source: display(path))))
            } catch {
                throw ContentImageError(file: display(path), reason: "unreadable PNG (\(error))")
            }
        }
        return pictures
    }

    /// One picture by its path under the content folder (`images/x.png`, `drawings/y.json`).
    func load(file name: String) throws -> SourcePicture {
        let path = (contentDirectory as NSString).appendingPathComponent(name)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ContentImageError(file: display(path), reason: "no such picture (named in \(PartASetsFile.name))")
        }
        if name.hasSuffix(".json") {
            let drawing = try Drawing.decode(bytes, file: display(path))
            return SourcePicture(name: drawing.title, image: drawing.render())
        }
        do {
            return SourcePicture(name: (name as NSString).lastPathComponent, image: try PNG.decode([UInt8](bytes), source: display(path)))
        } catch {
            throw ContentImageError(file: display(path), reason: "unreadable PNG (\(error))")
        }
    }

    /// A digest of every file's name and bytes: the figure's cache input, so editing a drawing recomputes it.
    var contentHash: String {
        guard let all = try? files(in: drawingsDirectory) + files(in: imagesDirectory) else { return "unreadable" }
        var text = ""
        for (_, path, bytes) in all { text += display(path) + ":" + Hashing.sha256Hex([UInt8](bytes)) + "\n" }
        return Hashing.sha256Hex(text)
    }

    /// Visible regular files of a folder, sorted by name; a missing folder has none.
    private func files(in directory: String) throws -> [(name: String, path: String, bytes: Data)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { throw ContentImageError(file: display(directory), reason: "expected a folder") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw ContentImageError(file: display(directory), reason: "cannot list the folder")
        }
        return try names.compactMap { name in
            let path = (directory as NSString).appendingPathComponent(name)
            var dir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &dir), !dir.boolValue else { return nil }
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw ContentImageError(file: display(path), reason: "cannot read the file")
            }
            return (name, path, bytes)
        }
    }

    /// `content/images/x.png` rather than an absolute path.
    private func display(_ path: String) -> String {
        let base = (contentDirectory as NSString).lastPathComponent
        guard path.hasPrefix(contentDirectory) else { return path }
        return base + path.dropFirst(contentDirectory.count)
    }
}
