import Foundation
import Testing
@testable import Compute

/// Opt-in (SITEGEN_BENCH=1): wall time of one training step (forward, MSE, backward, Adam) of the project's
/// time-conditioned UNet (D=64) on a batch of 64, to size the training budget. Prints, asserts only sanity.
@Test(.enabled(if: ProcessInfo.processInfo.environment["SITEGEN_BENCH"] != nil))
func timeConditionalTrainingStepThroughput() {
    let batch = Int(ProcessInfo.processInfo.environment["SITEGEN_BENCH_BATCH"] ?? "") ?? 64
    let model = TimeConditionalUNet(D: 64, init: uniformSource(seed: 1))
    let adam = Adam(model, lr: 1e-3)
    let x = randomTensor([batch, 1, 28, 28], seed: 2), t = randomTensor([batch, 1], seed: 3, scale: 0.5)
    let target = randomTensor([batch, 1, 28, 28], seed: 4)
    var losses: [Float] = []
    var times: [Double] = []
    for _ in 0 ..< 3 {
        let start = DispatchTime.now().uptimeNanoseconds
        model.zeroGrad()
        let g = Graph()
        let loss = g.mseLoss(model.forward(g.input(x), t: g.input(t), in: g), target)
        g.backward(from: loss)
        adam.update()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        losses.append(loss.value.data[0])
    }
    let start = DispatchTime.now().uptimeNanoseconds
    _ = model.predict(x, t: t)
    let forward = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("TimeConditionalUNet D=64 batch \(batch): forward only (no tape) \(String(format: "%.2f", forward)) s")
    print("TimeConditionalUNet D=64 batch \(batch): train step \(times.map { String(format: "%.2f", $0) }) s, loss \(losses)")
    #expect(losses.last! < losses.first!, "training on one batch lowers its loss")
}
