import Foundation
import Testing
@testable import Compute

@Suite(.serialized) struct CheckpointTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// One train-mode step of MSE towards a fixed target.
    func trainStep(_ model: TimeConditionalUNet, _ adam: Adam, x: Tensor, t: Tensor, target: Tensor) {
        model.zeroGrad()
        let g = Graph()
        let y = model.forward(g.input(x), t: g.input(t), in: g)
        g.backward(from: g.mseLoss(y, target))
        adam.update()
    }

    @Test func resumingFromACheckpointContinuesExactly() throws {
        let x = randomTensor([4, 1, 28, 28], seed: 11), t = randomTensor([4, 1], seed: 12, scale: 0.5)
        let target = randomTensor([4, 1, 28, 28], seed: 13)
        let a = TimeConditionalUNet(D: 4, init: uniformSource(seed: 1))
        let adamA = Adam(a, lr: 2e-3)
        let lrA = ExponentialLR(adamA, gamma: 0.9)
        trainStep(a, adamA, x: x, t: t, target: target)
        lrA.step()
        let path = folder + "/model.safetensors"
        try Checkpoint.save(model: a, optimizer: adamA, scheduler: lrA, metadata: ["epoch": "1"], to: path)
        #expect(FileManager.default.fileExists(atPath: folder + "/model.optim.safetensors"))

        let b = TimeConditionalUNet(D: 4, init: uniformSource(seed: 2))
        let adamB = Adam(b, lr: 2e-3)
        let lrB = ExponentialLR(adamB, gamma: 0.9)
        let meta = try Checkpoint.load(into: b, optimizer: adamB, scheduler: lrB, from: path)
        #expect(meta["epoch"] == "1")
        #expect(adamB.step == 1 && lrB.epoch == 1 && adamB.lr == adamA.lr)

        for mode in [false, true] {
            a.train(mode); b.train(mode)
            #expect(a.predict(x, t: t) == b.predict(x, t: t), "identical outputs (training: \(mode))")
        }
        a.train(); b.train()
        trainStep(a, adamA, x: x, t: t, target: target)
        trainStep(b, adamB, x: x, t: t, target: target)
        #expect(a.stateDict().map(\.tensor) == b.stateDict().map(\.tensor), "the next step is identical after resuming")
    }

    @Test func checkpointBytesAreDeterministic() throws {
        let a = UnconditionalUNet(D: 4, init: uniformSource(seed: 5))
        let b = UnconditionalUNet(D: 4, init: uniformSource(seed: 5))
        try a.saveStateDict(to: folder + "/a.safetensors")
        try b.saveStateDict(to: folder + "/b.safetensors")
        #expect(FileManager.default.contents(atPath: folder + "/a.safetensors")
            == FileManager.default.contents(atPath: folder + "/b.safetensors"))
        let file = try SafeTensors.read(path: folder + "/a.safetensors")
        #expect(file.entries.first { $0.name == "body.inc.net.0.net.1.num_batches_tracked" }?.dtype == .i64)
    }

    @Test func loadingRefusesMissingUnexpectedAndMisshapenTensors() throws {
        let model = UnconditionalUNet(D: 4, init: uniformSource(seed: 3))
        var state = model.stateDict()
        let removed = state.removeLast()
        #expect(throws: StateDictError.self) { try model.loadStateDict(state, source: "x.safetensors") }
        do {
            try model.loadStateDict(state, source: "x.safetensors")
        } catch {
            #expect(String(describing: error).contains(removed.name))
            #expect(String(describing: error).contains("x.safetensors"))
        }
        state.append(removed)
        state.append(("body.extra", Tensor(zeros: [1])))
        #expect(throws: StateDictError.self) { try model.loadStateDict(state, source: "x.safetensors") }
        state.removeLast()
        state[0].tensor = Tensor(zeros: [1])
        #expect(throws: StateDictError.self) { try model.loadStateDict(state, source: "x.safetensors") }
        #expect(model.stateDict()[0].tensor.shape == [4, 1, 3, 3], "a failed load changes nothing")
    }

    /// Writes a D=8 checkpoint of each kind for tools/make_reference.py, which loads them into the PyTorch
    /// models with load_state_dict(strict=True) and compares PyTorch's eval-mode output with ours, stored beside
    /// each checkpoint in `<name>.io.safetensors`. One train-mode forward first, so the running statistics are not
    /// the defaults. Checks here that the files read back.
    @Test func writesCheckpointsForThePyTorchLoadCheck() throws {
        let x = randomTensor([2, 1, 28, 28], seed: 31), t = Tensor(shape: [2, 1], data: [0.25, 0.8])
        var c = Tensor(zeros: [2, 10])
        c.data[3] = 1
        let unconditional = UnconditionalUNet(D: 8, init: uniformSource(seed: 21))
        let time = TimeConditionalUNet(D: 8, init: uniformSource(seed: 22))
        let conditional = ClassConditionalUNet(D: 8, init: uniformSource(seed: 23))
        let models: [(String, Module, () -> Tensor)] = [
            ("unconditional", unconditional, { unconditional.predict(x) }),
            ("time", time, { time.predict(x, t: t) }),
            ("class", conditional, { conditional.predict(x, c: c, t: t) }),
        ]
        for (kind, model, predict) in models {
            model.train()
            _ = predict()
            model.eval()
            let y = predict()
            let path = "/tmp/sitegen-swift-ckpt-\(kind).safetensors"
            try model.saveStateDict(to: path, metadata: ["kind": kind])
            try SafeTensors.write([("x", x), ("t", t), ("c", c), ("y_eval", y)], to: "/tmp/sitegen-swift-ckpt-\(kind).io.safetensors")
            let names = try SafeTensors.read(path: path).names.sorted()
            #expect(names == model.stateDict().map(\.name).sorted())
        }
    }
}

@Suite struct AdamTests {
    @Test func firstStepMovesEachWeightByLearningRateAgainstItsGradientSign() {
        let p = Parameter(Tensor(shape: [3], data: [1, 2, 3]))
        p.grad = Tensor(shape: [3], data: [0.5, -4, 1e-3])
        let adam = Adam([("p", p)], lr: 0.1)
        adam.update()
        // m_hat / sqrt(v_hat) = g / |g| on the first step
        for (value, expected) in zip(p.value.data, [0.9, 2.1, 2.9] as [Float]) {
            #expect(abs(value - expected) < 1e-5, "\(value) vs \(expected)")
        }
    }

    @Test func exponentialLRMultipliesEachEpoch() {
        let adam = Adam([("p", Parameter(Tensor(zeros: [1])))], lr: 1e-3)
        let scheduler = ExponentialLR(adam, gamma: 0.5)
        scheduler.step(); scheduler.step()
        #expect(abs(adam.lr - 2.5e-4) < 1e-15)
        #expect(scheduler.epoch == 2)
    }

    @Test func optimizerStateWithWrongShapesIsRefused() throws {
        let p = Parameter(Tensor(zeros: [2]))
        let adam = Adam([("w", p)])
        let bad = SafeTensors.encode([("exp_avg.w", Tensor(zeros: [3])), ("exp_avg_sq.w", Tensor(zeros: [2]))],
                                     metadata: ["step": "1", "lr": "0.001"])
        #expect(throws: StateDictError.self) { try adam.loadState(SafeTensors.decode(bad, source: "opt.safetensors")) }
        let noStep = SafeTensors.encode(adam.stateTensors(), metadata: ["lr": "0.001"])
        #expect(throws: StateDictError.self) { try adam.loadState(SafeTensors.decode(noStep, source: "opt.safetensors")) }
    }
}
