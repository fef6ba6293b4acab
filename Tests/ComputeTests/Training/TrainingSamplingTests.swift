import Foundation
import Testing
@testable import Compute

@Suite struct TrainingSamplingTests {
    func denoiser(_ kind: ModelKind, T: Int = 12) throws -> DigitDenoiser {
        var config = tinyConfig(kind, epochs: 1)
        config.T = T
        return try DigitDenoiser(model: DigitModel(config: config), config: config)
    }

    @Test func classSamplesHaveOneImagePerLabelAndAreFiniteAndSeeded() throws {
        let d = try denoiser(.classConditioned)
        let a = try DigitSampling.sampleClass(d, labels: [0, 1, 2, 3, 4], gamma: 5, seed: 1)
        let b = try DigitSampling.sampleClass(d, labels: [0, 1, 2, 3, 4], gamma: 5, seed: 1)
        let c = try DigitSampling.sampleClass(d, labels: [0, 1, 2, 3, 4], gamma: 5, seed: 2)
        #expect(a.x.shape == [5, 1, 28, 28])
        #expect(a.x.data.allSatisfy { $0.isFinite })
        #expect(a.x == b.x)
        #expect(a.x != c.x)
    }

    @Test func timeSamplesRecordTheRequestedTimesteps() throws {
        let d = try denoiser(.time)
        let r = try DigitSampling.sampleTime(d, count: 3, seed: 4, recordAt: [11, 6, -1])
        #expect(r.x.shape == [3, 1, 28, 28])
        #expect(r.snapshots.map(\.timestep) == [11, 6, -1])
        #expect(r.snapshots.last?.x == r.x)
        #expect(try DigitSampling.sampleTime(d, count: 3, seed: 4).x == r.x)
    }

    @Test func nullConditioningIsTheZeroClassVector() throws {
        let d = try denoiser(.classConditioned)
        let c = try d.classVectors([.null, .label(3)])
        #expect(Array(c.data[0..<10]) == [Float](repeating: 0, count: 10))
        #expect(Array(c.data[10..<20]) == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
        guard case .classConditioned(let unet) = d.model else { Issue.record("wrong model"); return }
        var s = RandomStream(seed: 5, streamNamed: "test/x")
        let x = s.normalTensor(shape: [2, 1, 28, 28])
        let viaProtocol = try d.predict(x, timesteps: [4, 4], conditioning: [.null, .null]).epsilon
        let direct = unet.predict(x, c: Tensor(zeros: [2, 10]), t: DigitTime.column([4, 4], T: 12))
        #expect(viaProtocol == direct)
        #expect(throws: TrainingError.self) { try d.classVectors([.label(10)]) }
    }

    @Test func guidanceOfOneIsTheConditionalPass() throws {
        let d = try denoiser(.classConditioned)
        var s = RandomStream(seed: 6, streamNamed: "test/x")
        let x = s.normalTensor(shape: [3, 1, 28, 28])
        let guided = try d.epsilon(x, t: 7, guidance: .cfg([.label(1), .label(5), .label(9)], scale: 1)).epsilon
        let conditional = try d.predict(x, timesteps: [7, 7, 7], conditioning: [.label(1), .label(5), .label(9)]).epsilon
        let unconditional = try d.predict(x, timesteps: [7, 7, 7], conditioning: [.null, .null, .null]).epsilon
        #expect(zip(guided.data, conditional.data).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(unconditional != conditional)
    }

    @Test func timeIndexEntersAsOneBasedFractionOfT() {
        #expect(DigitTime.column([0, 149, 299], T: 300).data == [Float(1) / 300, 0.5, 1])
    }

    @Test func wrongModelsAndLabelsAreErrors() throws {
        #expect(throws: TrainingError.self) { try DigitSampling.sampleTime(try denoiser(.classConditioned), count: 1, seed: 0) }
        #expect(throws: TrainingError.self) { try DigitSampling.sampleClass(try denoiser(.classConditioned), labels: [12], seed: 0) }
        #expect(throws: TrainingError.self) { try denoiser(.denoiser) }
    }
}
