import Foundation
import Testing
@testable import Compute

/// IF's DDPMScheduler against diffusers (Fixtures/deepfloyd/scheduler.safetensors): the IF-I config, the course's
/// strided timesteps 990..0, steps with explicit noise at t = 690, 30 and 0 on samples whose |x0| quantile falls
/// above 1.5, between 1 and 1.5, and below 1 (all three thresholding regimes).
@Suite struct DeepFloydSchedulerTests {
    let fixture: SafeTensorsFile
    let scheduler: IFScheduler

    init() throws {
        fixture = try SafeTensors.read(path: IFFixtures.path("scheduler.safetensors"))
        scheduler = try IFScheduler()
    }

    @Test func alphasCumprodEqualsTorchs() throws {
        let mine = Tensor(shape: [1000], data: scheduler.alphasCumprod)
        #expect(ifMaxDiff(mine, try fixture.tensor("alphas_cumprod")) < 1e-7)
    }

    @Test func denoiserScheduleHasTorchsAlphasCumprod() throws {
        let schedule = try IFScheduler.noiseSchedule()
        #expect(schedule.alphaBar == (try fixture.tensor("alphas_cumprod")).data)
        #expect(schedule.alphaBar == scheduler.alphasCumprod)
    }

    @Test func courseTimestepsAreTheStridedSchedule() throws {
        #expect(IFScheduler.courseTimesteps.map(Float.init) == (try fixture.tensor("timesteps")).data)
        #expect(IFScheduler.courseTimesteps.count == 34)
        #expect(try IFScheduler.previous(690, in: IFScheduler.courseTimesteps) == 660)
        #expect(try IFScheduler.previous(0, in: IFScheduler.courseTimesteps) == -1)
        #expect(IFScheduler.leadingTimesteps(steps: 100).prefix(3) == [990, 980, 970])
        #expect(IFScheduler.leadingTimesteps(steps: 20).last == 0)
    }

    @Test(arguments: [690, 30, 0]) func stepMatchesDiffusers(t: Int) throws {
        let prev = try IFScheduler.previous(t, in: IFScheduler.courseTimesteps)
        let out = try scheduler.step(modelOutput: fixture.tensor("t\(t).model_output"), t: t, previous: prev,
                                     sample: fixture.tensor("t\(t).sample"), noise: fixture.tensor("t\(t).noise"))
        #expect(ifMaxDiff(out, try fixture.tensor("t\(t).prev_sample")) < 1e-6)
    }

    @Test(arguments: [690, 30, 0]) func learnedRangeLogVarianceMatchesDiffusers(t: Int) throws {
        let prev = try IFScheduler.previous(t, in: IFScheduler.courseTimesteps)
        let mo = try fixture.tensor("t\(t).model_output")
        let v = Tensor(shape: [3, 3, 8, 8], data: (0..<3).flatMap { b in mo.data[(2 * b + 1) * 192 ..< (2 * b + 2) * 192] })
        let mine = try scheduler.logVariance(t: t, previous: prev, predictedVariance: v)
        let ref = try fixture.tensor("t\(t).log_variance")
        let scale = ref.data.map(abs).max() ?? 1
        #expect(ifMaxDiff(mine, ref) <= 1e-6 * max(scale, 1))
    }

    @Test func thresholdingChangesTheStepAndTheCoursePathSkipsIt() throws {
        var course = scheduler
        course.thresholding = false
        let args = (try fixture.tensor("t690.model_output"), try fixture.tensor("t690.sample"), try fixture.tensor("t690.noise"))
        let a = try scheduler.step(modelOutput: args.0, t: 690, previous: 660, sample: args.1, noise: args.2)
        let b = try course.step(modelOutput: args.0, t: 690, previous: 660, sample: args.1, noise: args.2)
        #expect(ifMaxDiff(a, b) > 1e-3)
    }

    @Test func readsTheSnapshotsSchedulerConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("if-sched-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/scheduler", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stageII = #"{"_class_name": "DDPMScheduler", "beta_schedule": "squaredcos_cap_v2", "num_train_timesteps": 1000, "variance_type": "learned_range", "prediction_type": "epsilon", "thresholding": true, "dynamic_thresholding_ratio": 0.95, "sample_max_value": 1.0}"#
        try stageII.write(toFile: dir + "/scheduler/scheduler_config.json", atomically: true, encoding: .utf8)
        let s = try IFScheduler(modelDir: dir)
        #expect(s.thresholding && s.sampleMaxValue == 1.0 && s.dynamicThresholdingRatio == 0.95)
        try stageII.replacingOccurrences(of: "learned_range", with: "fixed_small")
            .write(toFile: dir + "/scheduler/scheduler_config.json", atomically: true, encoding: .utf8)
        let text = ifErrorText { _ = try IFScheduler(modelDir: dir) }
        #expect(text?.contains("variance_type") == true && text?.contains("fixed_small") == true)
    }

    @Test func clipSampleFromTheConfigClampsX0WhenThresholdingIsOff() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("if-sched-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/scheduler", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = #"{"beta_schedule": "squaredcos_cap_v2", "variance_type": "learned_range", "thresholding": false, "clip_sample_range": 0.5}"#
        try config.write(toFile: dir + "/scheduler/scheduler_config.json", atomically: true, encoding: .utf8)
        let clipped = try IFScheduler(modelDir: dir)
        #expect(!clipped.thresholding && clipped.clipSample && clipped.clipSampleRange == 0.5)
        // at t = 0 -> -1 the step returns x0 itself; with epsilon 0, x0 = x / sqrt(abar_0)
        let x = Tensor(shape: [1, 1, 1, 4], data: [-2, -0.1, 0.2, 3])
        let zero = Tensor(shape: x.shape, data: [0, 0, 0, 0])
        let out = try clipped.step(epsilon: zero, predictedVariance: zero, t: 0, previous: -1, sample: x, noise: nil)
        let root = clipped.alphasCumprod[0].squareRoot()
        #expect(out.data == [-0.5, -0.1 / root, 0.2 / root, 0.5])
        let course = try IFScheduler(thresholding: false)
        #expect(!course.clipSample, "the course's loop clips nothing")
        #expect(try course.step(epsilon: zero, predictedVariance: zero, t: 0, previous: -1, sample: x, noise: nil).data[3] == 3 / root)
    }

    @Test func missingNoiseForTAboveZeroIsAnError() throws {
        let text = ifErrorText {
            _ = try scheduler.step(modelOutput: fixture.tensor("t690.model_output"), t: 690, previous: 660,
                                   sample: fixture.tensor("t690.sample"), noise: nil)
        }
        #expect(text?.contains("noise") == true)
    }
}
