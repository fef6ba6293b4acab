import Compute
import Testing
@testable import SiteGen

/// The architecture figures are traced from the network sitegen trains, so they follow its D and its blocks.
@Suite struct ArchitectureFigureTests {
    func stages(_ kind: ModelKind, D: Int) throws -> [UNetStage] {
        var config = TrainingProfile.quick.config(for: kind)
        config.D = D
        return try ArchitectureFigure(id: "b.test", config: config).stages()
    }

    @Test func theTraceFollowsTheCoursesUNetWithItsShapes() throws {
        let traced = try stages(.denoiser, D: 8)
        #expect(traced.map(\.name) == ["inc", "down1", "down2", "flat", "unflat", "up1", "up2", "outb", "head"])
        #expect(traced.map(\.outputShape) == [[8, 28, 28], [8, 14, 14], [16, 7, 7], [16, 1, 1], [16, 7, 7],
                                              [8, 14, 14], [8, 28, 28], [8, 28, 28], [1, 28, 28]])
        #expect(traced.first { $0.name == "up1" }?.inputs == ["unflat", "down2"])
        #expect(traced.allSatisfy { !$0.conditioned })
    }

    @Test func conditionedUNetsMarkWhereTheEmbeddingsEnter() throws {
        #expect(try stages(.classConditioned, D: 4).filter(\.conditioned).map(\.name) == ["unflat", "up1"])
    }

    @Test func changingDChangesTheFiguresDataAndKey() throws {
        var a = TrainingProfile.quick.config(for: .time), b = a
        b.D = 2 * a.D
        let context = FigureContext(profile: .quick, loadMNIST: SharedMNIST.load)
        let small = try ArchitectureFigure(id: "b.x", config: a).compute(context)
        let large = try ArchitectureFigure(id: "b.x", config: b).compute(context)
        #expect(small["output_shapes"]?.data != large["output_shapes"]?.data)
        #expect(FigureCache.key(for: ArchitectureFigure(id: "b.x", config: a)) != FigureCache.key(for: ArchitectureFigure(id: "b.x", config: b)))
        let diagram = ArchitectureFigure.diagram(try ArchitectureFigure(id: "b.x", config: a).decodeStages(small), title: "t", conditioning: "+ t")
        #expect(diagram.edges.filter(\.skip).count == 3)
        #expect(diagram.nodes.filter(\.highlighted).count == 2)
    }
}
