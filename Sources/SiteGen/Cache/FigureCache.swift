import Compute
import Foundation

/// What identifies a figure's result: the recipe, its parameters, the hashes of its inputs and a code salt.
public struct RecipeDescription: Codable, Equatable, Sendable {
    public var id: String
    public var kind: String
    public var version: Int
    public var parameters: [String: String]
    public var inputs: [String: String]

    public init(_ recipe: any FigureRecipe) {
        id = recipe.id
        kind = String(describing: type(of: recipe))
        version = recipe.version
        parameters = recipe.parameters
        inputs = Dictionary(uniqueKeysWithValues: recipe.inputs.map { ($0.name, $0.hash) })
    }

    /// Canonical JSON (sorted keys) so the same recipe always gives the same key.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}

/// Bump when shared numerics change results without any recipe changing (a kernel fix, a new RNG mapping).
public enum CodeVersion {
    public static let salt = "sitegen-numerics-1"
}

/// Figure results cached under `.cache/figures/`, keyed by a hash of the recipe description and the code salt.
public struct FigureCache: Sendable {
    public let blobs: BlobCache

    public init(directory: String) {
        blobs = BlobCache(directory: (directory as NSString).appendingPathComponent("figures"))
    }

    public static func key(for recipe: any FigureRecipe) -> String {
        Hashing.sha256Hex(CodeVersion.salt + "\n" + RecipeDescription(recipe).canonicalJSON)
    }

    public enum Result {
        case hit(FigureData)
        case miss
        case corrupt(String)
    }

    public func load(_ recipe: any FigureRecipe) -> Result {
        switch blobs.lookup(Self.key(for: recipe), kind: "safetensors") {
        case .miss: return .miss
        case .corrupt(let reason): return .corrupt(reason)
        case .hit(let bytes):
            do {
                return .hit(try FigureDataFile.decode(bytes, source: "cache entry of \(recipe.id)"))
            } catch {
                return .corrupt("\(error)")
            }
        }
    }

    public func store(_ recipe: any FigureRecipe, _ data: FigureData) throws {
        try blobs.store(Self.key(for: recipe), kind: "safetensors", bytes: FigureDataFile.encode(data, recipe: recipe))
    }
}

/// `FigureData` as a safetensors file, with the recipe in its metadata.
public enum FigureDataFile {
    public static func encode(_ data: FigureData, recipe: any FigureRecipe) -> [UInt8] {
        var metadata = data.metadata
        metadata["sitegen.figure"] = recipe.id
        metadata["sitegen.recipe"] = RecipeDescription(recipe).canonicalJSON
        return SafeTensors.encode(data.arrays, metadata: metadata)
    }

    public static func decode(_ bytes: [UInt8], source: String) throws -> FigureData {
        let file = try SafeTensors.decode(bytes, source: source)
        var metadata = file.metadata
        metadata["sitegen.figure"] = nil
        metadata["sitegen.recipe"] = nil
        return FigureData(arrays: file.tensors, metadata: metadata)
    }
}
