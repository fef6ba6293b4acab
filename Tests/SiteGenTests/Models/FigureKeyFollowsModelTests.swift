import Compute
import Foundation
import Testing
@testable import SiteGen

/// A figure's cache key is the identity of the model it is computed from: both come from the one `ModelRef` the
/// recipe holds, so another model (other settings, other epoch, other weights file) is another key, and a store
/// asked for a model it does not hold refuses instead of substituting one.
@Suite struct FigureKeyFollowsModelTests {
    let config = TrainingProfile.full.config(for: .classConditioned)

    func key(_ ref: ModelRef) -> String {
        FigureCache.key(for: SampleGridFigure(id: "b.class-samples-final", model: ref))
    }

    @Test func changingTheModelChangesTheKey() {
        let trained = ModelRef(config: config, epoch: 20, origin: .trained)
        let published = ModelRef(config: config, epoch: 20, origin: .published(sha256: String(repeating: "a", count: 64)))
        let republished = ModelRef(config: config, epoch: 20, origin: .published(sha256: String(repeating: "b", count: 64)))
        let early = ModelRef(config: config, epoch: 5, origin: .trained)
        var retuned = config
        retuned.learningRate = 2e-3
        let other = ModelRef(config: retuned, epoch: 20, origin: .trained)
        let keys = [trained, published, republished, early, other].map(key)
        #expect(Set(keys).count == 5)
        #expect(key(trained) == key(ModelRef(config: config, epoch: 20, origin: .trained)))
    }

    @Test func theCatalogsFiguresReadTheModelsOfItsSet() throws {
        let set = ModelSet.trained(.quick)
        let catalog = try FigureCatalog.standard(models: set, contentDirectory: PartATest.contentDirectory, backend: .digits)
        let final = set.final(.classConditioned)
        let samples = try #require(catalog.recipe("b.class-samples-final"))
        #expect(samples.inputs == [final.figureInput])
        let partA = try #require(catalog.recipe("a.forward"))
        #expect(partA.inputs.contains(PartAModel(final).input))
        #expect(try #require(catalog.recipe("b.denoiser-early")).inputs.contains(set.early(.denoiser).figureInput))
    }

    @Test func aStoreRefusesAModelItDoesNotHold() throws {
        let root = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/models", withIntermediateDirectories: true)
        let store = ModelStore(profile: .quick, runsDirectory: root + "/runs", console: .silent, mnist: SharedMNIST.load)
        let foreign = ModelRef(config: TrainingProfile.quick.config(for: .time), epoch: 20,
                               origin: .published(sha256: String(repeating: "c", count: 64)))
        let message = "\(#expect(throws: ModelStoreError.self) { try store.model(foreign) }!)"
        #expect(message.contains("run-store"), "\(message)")
    }

    @Test func theFullProfileWithoutPublishedModelsSaysWhatToDo() throws {
        let root = try TestPaths.temporaryDirectory()
        var options = BuildOptions(root: root, runsDirectory: root + "/runs", profile: .full)
        let store = try options.modelStore(console: .silent, mnist: SharedMNIST.load)
        #expect(store.unavailable.count == ModelSet.needed(.full).count)
        let catalog = try FigureCatalog.standard(models: store.set, contentDirectory: TestPaths.repoRoot + "/content", backend: .digits)
        let message = "\(#expect(throws: ModelStoreError.self) { try store.requireModels(of: catalog.recipes) }!)"
        #expect(message.contains("classConditioned model after epoch 20") && message.contains("--retrain"), "\(message)")
        #expect(message.split(separator: "\n").count == ModelSet.needed(.full).count, "every missing model is named")
        // A section whose figures read only some models needs only those.
        let samples = try #require(catalog.recipe("b.class-samples-final"))
        let only = "\(#expect(throws: ModelStoreError.self) { try store.requireModels(of: [samples]) }!)"
        #expect(only.contains("classConditioned model after epoch 20") && !only.contains("time model"), "\(only)")
        try store.requireModels(of: [try #require(catalog.recipe("b.unet-architecture"))])
        #expect(throws: ModelStoreError.self) { try store.model(store.set.final(.time)) }
        options.retrain = true
        guard case .runs(let directory) = try options.modelSource() else { Issue.record("--retrain should train"); return }
        #expect(directory == root + "/runs")
        options.profile = .quick
        options.retrain = false
        guard case .runs = try options.modelSource() else { Issue.record("the quick profile trains"); return }
    }
}
