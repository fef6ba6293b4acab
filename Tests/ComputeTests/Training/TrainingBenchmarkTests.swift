import Testing
@testable import Compute

@Suite struct TrainingBenchmarkTests {
    @Test func theWeightsFingerprintIsTheSameForTheSameStepsAndChangesWithAnotherStep() throws {
        let run = { (steps: Int) in
            try TrainingBenchmark.training(name: "tiny", kind: .classConditioned, D: 4, batchSize: 8, warmup: 1, steps: steps)
        }
        let once = try run(2), again = try run(2), longer = try run(3)
        #expect(once.weightsSHA256.count == 64)
        #expect(once.weightsSHA256 == again.weightsSHA256)
        #expect(once.weightsSHA256 != longer.weightsSHA256)
    }

    @Test(arguments: [ModelKind.classConditioned, .time])
    func theSamplesFingerprintIsTheSameForTheSameSteps(_ kind: ModelKind) throws {
        let run = { (steps: Int) in
            try TrainingBenchmark.sampling(kind: kind, D: 4, images: 4, steps: 10, measuredSteps: steps)
        }
        let once = try run(2), again = try run(2), longer = try run(3)
        #expect(once.samplesSHA256 == again.samplesSHA256)
        #expect(once.samplesSHA256 != longer.samplesSHA256)
        // CFG costs the class-conditioned model two passes a step; the time-conditioned one samples plainly.
        #expect(once.passesPerStep == (kind == .classConditioned ? 2 : 1))
    }
}
