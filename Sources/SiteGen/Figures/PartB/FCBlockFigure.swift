import Compute
import Foundation
import Plotting

/// The FCBlocks of a conditioned UNet (Linear, GELU, Linear), traced from a freshly built network of the
/// profile's kind and D: each row is one embedding, from its signal through its layers (with the widths they
/// take and give) to the decoder stage it modulates, so changing D or the block changes the picture.
struct FCBlockFigure: FigureRecipe {
    let id: String
    let config: TrainingConfig
    let version = 1

    var inputs: [FigureInput] { [] }
    var alt: String { "diagram of the \(LossCurveFigure.modelName(config.kind))'s fully connected blocks: Linear, GELU, Linear, for D = \(config.D)" }
    var parameters: [String: String] { ["kind": config.kind.rawValue, "D": "\(config.D)"] }

    func embeddings() throws -> [UNetEmbedding] {
        switch DigitModel(config: config) {
        case .time(let unet): return unet.embeddings()
        case .classConditioned(let unet): return unet.embeddings()
        default: throw FigureError(figure: id, "the \(config.kind.rawValue) model has no FCBlocks")
        }
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        let embeddings = try embeddings()
        let widths = embeddings.flatMap { [$0.layers.first?.inputs ?? 0] + $0.layers.map(\.outputs) }.map(Float.init)
        let rows = embeddings.map { e in
            ["name": e.name, "signal": e.signal, "modulates": e.modulates, "multiplies": e.multiplies ? "yes" : "no",
             "layers": e.layers.map(\.layer).joined(separator: "+")]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let layerCount = embeddings.first?.layers.count ?? 0
        return FigureData(arrays: [("widths", Tensor(shape: [embeddings.count, layerCount + 1], data: widths))],
                          metadata: ["embeddings": String(decoding: try encoder.encode(rows), as: UTF8.self)])
    }

    func decode(_ data: FigureData) throws -> [UNetEmbedding] {
        let widths = try data.require("widths", figure: id)
        guard let json = data.metadata["embeddings"],
              let rows = try? JSONDecoder().decode([[String: String]].self, from: Data(json.utf8)),
              rows.count == widths.shape[0] else {
            throw FigureError(figure: id, "its data has no readable embedding list")
        }
        let columns = widths.shape[1]
        return try rows.enumerated().map { i, row in
            let names = (row["layers"] ?? "").split(separator: "+").map(String.init)
            guard names.count == columns - 1 else { throw FigureError(figure: id, "embedding \(i) lists \(names.count) layers, widths \(columns - 1)") }
            let w = widths.data[(i * columns)..<((i + 1) * columns)].map { Int($0) }
            return UNetEmbedding(name: row["name"] ?? "?", signal: row["signal"] ?? "?", modulates: row["modulates"] ?? "?",
                                 multiplies: row["multiplies"] == "yes",
                                 layers: names.enumerated().map { k, name in LayerShape(layer: name, inputs: w[k], outputs: w[k + 1]) })
        }
    }

    /// One row per embedding: its signal, its layers, and the stage it modulates (red, with the operation).
    func blockDiagram(_ data: FigureData) throws -> BlockDiagram {
        let embeddings = try decode(data)
        var nodes: [BlockDiagram.Node] = [], edges: [BlockDiagram.Edge] = []
        for (row, e) in embeddings.enumerated() {
            let first = nodes.count
            let signal = e.signal == "t" ? "t / T" : "class vector c"
            nodes.append(.init(title: signal, detail: "\(e.layers.first?.inputs ?? 0) value\(e.layers.first?.inputs == 1 ? "" : "s")",
                               column: 0, row: row))
            for (k, layer) in e.layers.enumerated() {
                nodes.append(.init(title: "\(e.name) · \(layer.layer)",
                                   detail: layer.layer == "Linear" ? "\(layer.inputs) → \(layer.outputs)" : "\(layer.outputs) values",
                                   column: k + 1, row: row))
            }
            nodes.append(.init(title: e.modulates, detail: e.multiplies ? "output × \(e.name)" : "output + \(e.name)",
                               column: e.layers.count + 1, row: row, highlighted: true))
            for k in first..<(nodes.count - 1) { edges.append(.init(from: k, to: k + 1)) }
        }
        let name = LossCurveFigure.modelName(config.kind)
        return BlockDiagram(title: "FCBlocks of the \(name), D = \(config.D)", nodes: nodes, edges: edges)
    }

    func draw(_ data: FigureData) throws -> PixelImage { try blockDiagram(data).render(density: FigureStyle.density) }

    func vector(_ data: FigureData) throws -> [UInt8]? { try blockDiagram(data).svg() }

    func caption(_ data: FigureData) -> String {
        let embeddings = (try? decode(data)) ?? []
        let rows = embeddings.map { e in
            "\(e.name) maps \(e.signal == "t" ? "t / T" : "c") through "
                + e.layers.map { $0.layer == "Linear" ? "Linear(\($0.inputs), \($0.outputs))" : $0.layer }.joined(separator: ", ")
                + " and \(e.multiplies ? "scales" : "is added to") the output of \(e.modulates), one value per channel"
        }
        return "The fully connected blocks (FCBlock: Linear, GELU, Linear) of the \(LossCurveFigure.modelName(config.kind)) with "
            + "D = \(config.D), traced from the network sitegen trains: " + rows.joined(separator: "; ") + "."
    }
}
