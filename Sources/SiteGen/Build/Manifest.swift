import Foundation
import Compute

/// `site/manifest.json`: every figure with its files, hashes and recipe, sorted by id, so a grader (and
/// `sitegen verify`) can check the published site against a fresh computation.
public struct Manifest: Codable, Equatable, Sendable {
    public struct Figure: Codable, Equatable, Sendable {
        public var id: String
        public var section: String
        public var png: String
        public var data: String
        /// SHA-256 of the PNG file.
        public var sha256: String
        public var dataSHA256: String
        /// An animated figure's GIF and its SHA-256 (absent for stills, so their entries read as before).
        public var animation: String? = nil
        public var animationSHA256: String? = nil
        /// A diagram's SVG and its SHA-256 (absent for images).
        public var vector: String? = nil
        public var vectorSHA256: String? = nil
        public var recipe: RecipeDescription

        enum CodingKeys: String, CodingKey {
            case id, section, png, data, sha256, recipe, animation, vector
            case dataSHA256 = "data_sha256"
            case animationSHA256 = "animation_sha256"
            case vectorSHA256 = "vector_sha256"
        }

        /// The file the page shows, when it is not the PNG, with its SHA-256.
        var shown: (format: FigureFormat, path: String, sha256: String?)? {
            if let animation { return (.gif, animation, animationSHA256) }
            if let vector { return (.svg, vector, vectorSHA256) }
            return nil
        }

        mutating func setShown(_ shown: RenderedFigure.Shown?) {
            let path = shown.map { "figures/\(id).\($0.format.rawValue)" }, hash = shown.map { Hashing.sha256Hex($0.bytes) }
            (animation, animationSHA256) = shown?.format == .gif ? (path, hash) : (nil, nil)
            (vector, vectorSHA256) = shown?.format == .svg ? (path, hash) : (nil, nil)
        }
    }

    public var generator: String
    public var profile: String
    public var backend: String
    /// "published" (the repository's `models/`) or "trained" (the run store); absent in older manifests.
    public var models: String?
    public var figures: [Figure]

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var sorted = self
        sorted.figures.sort { $0.id < $1.id }
        return Array(try! encoder.encode(sorted)) + Array("\n".utf8)
    }

    public static func decode(_ bytes: [UInt8], source: String) throws -> Manifest {
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        } catch {
            throw SourceError(file: source, "not a sitegen manifest (\(error)); rebuild the site with `sitegen build`")
        }
    }
}
