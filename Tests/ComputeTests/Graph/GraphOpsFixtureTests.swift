import Testing
@testable import Compute

/// Each graph op, forward and backward, against PyTorch (Fixtures/ops.safetensors from tools/make_reference.py).
@Suite struct GraphOpsFixtureTests {
    let ops: SafeTensorsFile

    init() throws { ops = try fixture("ops") }

    func t(_ name: String) throws -> Tensor { try ops.tensor(name) }

    /// Runs `build` on leaves named `<prefix>.<leaf>`, back-propagates the fixture's `gy` through a dot product
    /// (loss = sum(y * gy)), and checks y and every leaf's gradient `<prefix>.g<leaf>`.
    func check(_ prefix: String, leaves: [String], rtol: Float = 1e-4,
               _ build: (Graph, [String: Variable]) -> Variable) throws {
        let g = Graph()
        var vars: [String: Variable] = [:]
        for leaf in leaves { vars[leaf] = g.input(try t("\(prefix).\(leaf)"), requiresGrad: true) }
        let y = build(g, vars)
        expectClose(y.value, try t("\(prefix).y"), rtol: rtol, "\(prefix) forward")
        // sum(y * gy) == mse(y, y - gy/2)... simpler: seed through mse with gradient scaling:
        // d/dy mean((y - target)^2) = 2 (y - target) / n; with target = y - gy * n / 2 this is exactly gy.
        let gy = try t("\(prefix).gy")
        let n = Float(gy.count)
        let target = Tensor(shape: gy.shape, data: zip(y.value.data, gy.data).map { $0 - $1 * n / 2 })
        g.backward(from: g.mseLoss(y, target))
        for leaf in leaves {
            expectClose(vars[leaf]?.grad, try t("\(prefix).g\(leaf)"), rtol: rtol, atol: 1e-3, "\(prefix) grad \(leaf)")
        }
    }

    @Test func conv2dStride1And2() throws {
        for (prefix, stride) in [("conv_s1", 1), ("conv_s2", 2)] {
            try check(prefix, leaves: ["x", "w", "b"]) { g, v in
                g.conv2d(v["x"]!, weight: v["w"]!, bias: v["b"]!, stride: stride, padding: 1)
            }
        }
    }

    @Test func convTranspose4x4Stride2And7x7Stride7() throws {
        for (prefix, stride, padding) in [("convt_4s2p1", 2, 1), ("convt_7s7", 7, 0)] {
            try check(prefix, leaves: ["x", "w", "b"]) { g, v in
                g.convTranspose2d(v["x"]!, weight: v["w"]!, bias: v["b"]!, stride: stride, padding: padding)
            }
        }
    }

    @Test func batchNormTrainAndEvalIncludingRunningStatistics() throws {
        for (mode, training) in [("bn_train", true), ("bn_eval", false)] {
            let mean = Buffer(try t("\(mode).running_mean0")), variance = Buffer(try t("\(mode).running_var0"))
            let count = Buffer(Tensor(shape: [], data: [0]), isInteger: true)
            try check(mode, leaves: ["x", "gamma", "beta"]) { g, v in
                g.batchNorm2d(v["x"]!, gamma: v["gamma"]!, beta: v["beta"]!, runningMean: mean, runningVar: variance,
                              batchesTracked: count, training: training)
            }
            expectClose(mean.value, try t("\(mode).running_mean1"), rtol: 1e-5, "\(mode) running_mean")
            expectClose(variance.value, try t("\(mode).running_var1"), rtol: 1e-5, "\(mode) running_var")
            #expect(count.value.data == [training ? 1 : 0])
        }
    }

    @Test func geluAvgPoolLinear() throws {
        try check("gelu", leaves: ["x"]) { g, v in g.gelu(v["x"]!) }
        try check("avgpool7", leaves: ["x"]) { g, v in g.avgPool2d(v["x"]!, kernel: 7) }
        try check("linear", leaves: ["x", "w", "b"]) { g, v in g.linear(v["x"]!, weight: v["w"]!, bias: v["b"]!) }
    }

    @Test func mseLossAndItsGradient() throws {
        let g = Graph()
        let p = g.input(try t("mse.p"), requiresGrad: true)
        let loss = g.mseLoss(p, try t("mse.t"))
        #expect(abs(loss.value.data[0] - (try t("mse.y")).data[0]) <= 1e-5 * abs((try t("mse.y")).data[0]))
        // the fixture's upstream gradient gy scales d loss / d p
        let gy = (try t("mse.gy")).data[0]
        g.backward(from: loss)
        let scaled = try #require(p.grad).data.map { $0 * gy }
        expectClose(Tensor(shape: p.shape, data: scaled), try t("mse.gp"), rtol: 1e-5, "mse grad")
    }
}
