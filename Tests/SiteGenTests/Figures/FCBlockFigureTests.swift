import Compute
import Testing
@testable import SiteGen

/// The FCBlock figures are traced from the network sitegen trains: Linear(F_in, F), GELU, Linear(F, F) with F = 2D
/// for the blocks that meet the bottleneck and D for those that meet the first UpBlock.
@Suite struct FCBlockFigureTests {
    func figure(_ kind: ModelKind, D: Int) -> FCBlockFigure {
        var config = TrainingProfile.quick.config(for: kind)
        config.D = D
        return FCBlockFigure(id: "b.test", config: config)
    }

    let context = FigureContext(profile: .quick, loadMNIST: SharedMNIST.load)

    @Test func theTimeUNetsBlocksAreLinearGELULinearOfWidths2DAndD() throws {
        let embeddings = try figure(.time, D: 8).decode(try figure(.time, D: 8).compute(context))
        #expect(embeddings.map(\.name) == ["t1", "t2"])
        #expect(embeddings.map(\.modulates) == ["unflat", "up1"])
        #expect(embeddings.allSatisfy { $0.signal == "t" && !$0.multiplies })
        #expect(embeddings[0].layers == [LayerShape(layer: "Linear", inputs: 1, outputs: 16), LayerShape(layer: "GELU", inputs: 16, outputs: 16),
                                         LayerShape(layer: "Linear", inputs: 16, outputs: 16)])
        #expect(embeddings[1].layers.map(\.outputs) == [8, 8, 8])
    }

    @Test func theClassUNetsClassBlocksTakeTenValuesAndScale() throws {
        let embeddings = try figure(.classConditioned, D: 4).embeddings()
        #expect(embeddings.map(\.name) == ["c1", "t1", "c2", "t2"])
        #expect(embeddings.filter(\.multiplies).map(\.name) == ["c1", "c2"])
        #expect(embeddings.map { $0.layers.first!.inputs } == [10, 1, 10, 1])
        #expect(embeddings.map { $0.layers.last!.outputs } == [8, 8, 4, 4])
        let diagram = try figure(.classConditioned, D: 4).blockDiagram(try figure(.classConditioned, D: 4).compute(context))
        #expect(diagram.nodes.filter(\.highlighted).map(\.detail) == ["output × c1", "output + t1", "output × c2", "output + t2"])
    }

    @Test func changingDChangesTheDataTheKeyAndThePicture() throws {
        let small = figure(.time, D: 8), large = figure(.time, D: 16)
        #expect(try small.compute(context)["widths"] != large.compute(context)["widths"])
        #expect(FigureCache.key(for: small) != FigureCache.key(for: large))
        #expect(try small.draw(small.compute(context)) != large.draw(large.compute(context)))
        #expect(try small.vector(small.compute(context)) != large.vector(large.compute(context)))
    }

    @Test func aModelWithoutFCBlocksIsAnErrorNamingTheFigure() {
        #expect(throws: FigureError.self) { try figure(.denoiser, D: 4).compute(context) }
    }
}
