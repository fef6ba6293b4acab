import Compute
import Foundation
import Plotting

/// A UNet's architecture as its forward pass runs: a freshly built network of the profile's kind and D is run
/// once on one blank image and each stage reports its block, inputs and output shape (`UNetStage`), so the
/// picture is the network itself — change D, a block or a skip and the figure changes.
struct ArchitectureFigure: FigureRecipe {
    let id: String
    let config: TrainingConfig
    let version = 1

    var inputs: [FigureInput] { [] }
    var alt: String { "block diagram of the \(LossCurveFigure.modelName(config.kind)) UNet with D = \(config.D): encoder, bottleneck, decoder and skip connections" }
    var parameters: [String: String] { ["kind": config.kind.rawValue, "D": "\(config.D)"] }

    func stages() throws -> [UNetStage] {
        let model = DigitModel(config: config)
        model.module.eval()
        switch model {
        case .denoiser(let unet): return unet.stages()
        case .time(let unet): return unet.stages()
        case .classConditioned(let unet): return unet.stages()
        case .classifier: throw FigureError(figure: id, "the classifier is not a UNet")
        }
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        let stages = try stages()
        let shapes = stages.flatMap(\.outputShape).map(Float.init)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let description = stages.map { ["name": $0.name, "block": $0.block, "inputs": $0.inputs.joined(separator: "+"),
                                        "conditioned": $0.conditioned ? "yes" : "no"] }
        return FigureData(arrays: [("output_shapes", Tensor(shape: [stages.count, 3], data: shapes))],
                          metadata: ["stages": String(decoding: try encoder.encode(description), as: UTF8.self)])
    }

    func decodeStages(_ data: FigureData) throws -> [UNetStage] {
        let shapes = try data.require("output_shapes", figure: id)
        guard let json = data.metadata["stages"],
              let rows = try? JSONDecoder().decode([[String: String]].self, from: Data(json.utf8)), rows.count == shapes.shape[0] else {
            throw FigureError(figure: id, "its data has no readable stage list")
        }
        return rows.enumerated().map { i, row in
            UNetStage(name: row["name"] ?? "?", block: row["block"] ?? "?",
                      inputs: (row["inputs"] ?? "").split(separator: "+").map(String.init),
                      outputShape: shapes.data[(3 * i)..<(3 * i + 3)].map { Int($0) }, conditioned: row["conditioned"] == "yes")
        }
    }

    /// Encoder down the left column, the bottleneck along the bottom, the decoder up the right, the output head
    /// beside the top; skip connections run straight across.
    static func diagram(_ stages: [UNetStage], title: String, conditioning: String) -> BlockDiagram {
        let smallest = stages.map { $0.outputShape[1] }.min() ?? 1
        let bottleneck = stages.firstIndex { $0.outputShape[1] == smallest } ?? 0
        let depth = bottleneck
        var nodes: [BlockDiagram.Node] = []
        for (i, stage) in stages.enumerated() {
            let (column, row): (Int, Int)
            if i < bottleneck { (column, row) = (0, i) }
            else if i <= bottleneck + 1 { (column, row) = (1 + i - bottleneck, depth) }
            else if i == stages.count - 1 { (column, row) = (4, 0) }
            else { (column, row) = (3, max(0, depth - 1 - (i - bottleneck - 2))) }
            let shape = stage.outputShape.map(String.init).joined(separator: " × ")
            nodes.append(.init(title: "\(stage.name) · \(stage.block.replacingOccurrences(of: "Conv2dLayer", with: "Conv 3×3"))",
                               detail: shape, column: column, row: row, highlighted: stage.conditioned,
                               note: stage.conditioned ? conditioning : nil))
        }
        let index = Dictionary(uniqueKeysWithValues: stages.enumerated().map { ($1.name, $0) })
        var edges: [BlockDiagram.Edge] = []
        for (i, stage) in stages.enumerated() {
            for (k, input) in stage.inputs.enumerated() {
                guard let from = index[input] else { continue }
                edges.append(.init(from: from, to: i, skip: k > 0))
            }
        }
        return BlockDiagram(title: title, nodes: nodes, edges: edges)
    }

    var conditioning: String {
        switch config.kind {
        case .time: "+ FCBlock(t)"
        case .classConditioned: "× FCBlock(c) + FCBlock(t)"
        default: ""
        }
    }

    func blockDiagram(_ data: FigureData) throws -> BlockDiagram {
        let name = LossCurveFigure.modelName(config.kind)
        return Self.diagram(try decodeStages(data), title: name.prefix(1).uppercased() + name.dropFirst() + " UNet, D = \(config.D)",
                            conditioning: conditioning)
    }

    func draw(_ data: FigureData) throws -> PixelImage { try blockDiagram(data).render(density: FigureStyle.density) }

    func vector(_ data: FigureData) throws -> [UInt8]? { try blockDiagram(data).svg() }

    func caption(_ data: FigureData) -> String {
        let stages = (try? decodeStages(data)) ?? []
        let conditioned = stages.filter(\.conditioned).map(\.name)
        return "The \(LossCurveFigure.modelName(config.kind))'s UNet with D = \(config.D), traced from the network sitegen trains: "
            + "each box is one stage with its output shape (channels × height × width); solid arrows are the main path, dashed "
            + "arrows the skip connections, concatenated along channels with the decoder's input."
            + (conditioned.isEmpty ? "" : " The outputs of \(conditioned.joined(separator: " and ")) (red) are modulated: \(conditioning).")
    }
}
