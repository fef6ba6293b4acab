import Compute
import Plotting

/// Named arrays a figure is drawn from. Saved beside the PNG as `site/figures/<id>.safetensors` (so a grader can
/// compare raw numbers) and used as the figure's cache entry (drawing is cheap and deterministic, computing is not).
public struct FigureData: Sendable {
    public var arrays: [(name: String, tensor: Tensor)]
    public var metadata: [String: String]

    public init(arrays: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
        self.arrays = arrays
        self.metadata = metadata
    }

    public subscript(name: String) -> Tensor? { arrays.first { $0.name == name }?.tensor }

    /// The array `name`, or an error naming the figure: a cache entry or data file from an older recipe may lack it.
    public func require(_ name: String, figure: String) throws -> Tensor {
        guard let tensor = self[name] else {
            throw FigureError(figure: figure, "its data has no array `\(name)`")
        }
        return tensor
    }
}

public struct FigureError: Error, CustomStringConvertible {
    public var figure: String
    public var message: String
    public init(figure: String, _ message: String) {
        self.figure = figure
        self.message = message
    }
    public var description: String { "figure \(figure): \(message)" }
}

/// How one figure is made: which Compute call with which parameters and seed, and how Plotting draws it.
///
/// Everything that changes the result must be in `parameters` (or `inputs`, or `version`): together they form the
/// cache key, so an unchanged recipe is never recomputed and a changed one always is.
public protocol FigureRecipe: Sendable {
    var id: String { get }
    /// Bump when the computation changes in a way the parameters do not show.
    var version: Int { get }
    /// Every setting of the computation, as text (numbers printed exactly as used).
    var parameters: [String: String] { get }
    /// The data the computation reads, by name; their content hashes join the cache key.
    var inputs: [FigureInput] { get }
    /// Short text for the image's alt attribute.
    var alt: String { get }

    func compute(_ context: FigureContext) throws -> FigureData
    func draw(_ data: FigureData) throws -> PixelImage
    /// The caption under the figure: what it shows and the values used.
    func caption(_ data: FigureData) -> String
    /// The figure as a table of numbers, when it is one (see `FigureTable`).
    func table(_ data: FigureData) -> FigureTable?
    /// The figure as an animation, when it is one: written as `<id>.gif` beside the PNG (which then shows its
    /// frames as a still strip) and shown on the page instead of the PNG, since a GIF plays without JavaScript.
    func animate(_ data: FigureData) throws -> Animation?
    /// The figure as an SVG document, when it is a drawing that scales (the architecture diagrams): written as
    /// `<id>.svg` beside the PNG and shown on the page instead of it.
    func vector(_ data: FigureData) throws -> [UInt8]?
}

/// A figure that is a table of numbers: the page shows it as an HTML table (readable, selectable, accessible),
/// the PNG beside it draws the same rows.
public struct FigureTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }
}

extension FigureRecipe {
    /// Most figures are pictures.
    public func table(_ data: FigureData) -> FigureTable? { nil }
    /// Most figures are stills.
    public func animate(_ data: FigureData) throws -> Animation? { nil }
    /// Most figures are images.
    public func vector(_ data: FigureData) throws -> [UInt8]? { nil }
}

/// Data a figure reads. Its `hash` identifies its content without reading it.
public enum FigureInput: Sendable, Equatable {
    case mnistTest
    case mnistTrain
    /// A trained model (or any other derived input), identified by the hash of everything that produced it.
    case model(name: String, hash: String)

    var name: String {
        switch self {
        case .mnistTest: "mnist-test"
        case .mnistTrain: "mnist-train"
        case .model(let name, _): "model:" + name
        }
    }

    /// The standard files' SHA-256 (uncompressed). Loading verifies them, so the names stand for the bytes.
    var hash: String {
        switch self {
        case .mnistTest: MNISTFile.testImages.sha256 + MNISTFile.testLabels.sha256
        case .mnistTrain: MNISTFile.trainImages.sha256 + MNISTFile.trainLabels.sha256
        case .model(_, let hash): hash
        }
    }
}
