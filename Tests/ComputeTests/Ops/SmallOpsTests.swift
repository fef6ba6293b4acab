import Testing
import Foundation
import Compute

@Test func geluForwardIsTheExactErfForm() {
    var rng = SplitMix64(seed: 31)
    let x = rng.tensor([3, 2, 5, 7], scale: 4)
    #expect(relativeError(GELU.forward(x).data, Reference.gelu(x.doubles)) < 1e-6)
    // a tanh approximation differs by ~1e-3 at x = 2: make sure we are not using it
    let two = GELU.forward(Tensor(shape: [1], data: [2]))
    #expect(abs(Double(two.data[0]) - 2 * 0.5 * (1 + erf(2 / 2.0.squareRoot()))) < 1e-6)
}

@Test func geluBackwardMatchesFiniteDifferencesAndAdds() {
    var rng = SplitMix64(seed: 32)
    let x = rng.tensor([2, 3, 4, 5], scale: 4), r = rng.tensor([2, 3, 4, 5])
    var gx = Tensor(zeros: x.shape)
    GELU.backward(x, gradOutput: r, gradInput: &gx)
    expectGradient(gx, matches: numericGradient(x.doubles) { weightedSum(r.doubles, Reference.gelu($0)) }, "dL/dx")
    let once = gx
    GELU.backward(x, gradOutput: r, gradInput: &gx)
    #expect(relativeError(gx.data, once.doubles.map { 2 * $0 }) < 1e-6)
}

@Test func avgPoolAveragesWindowsAndSpreadsGradients() {
    var rng = SplitMix64(seed: 33)
    let x = rng.tensor([2, 3, 14, 7])
    let y = AvgPool2d.forward(x, kernel: 7)
    #expect(y.shape == [2, 3, 2, 1])
    #expect(relativeError(y.data, Reference.avgPool(x.doubles, x.shape, k: 7)) < 1e-6)
    let r = rng.tensor(y.shape)
    var gx = Tensor(zeros: x.shape)
    AvgPool2d.backward(gradOutput: r, kernel: 7, gradInput: &gx)
    expectGradient(gx, matches: numericGradient(x.doubles) { weightedSum(r.doubles, Reference.avgPool($0, x.shape, k: 7)) }, "dL/dx")
    let once = gx
    AvgPool2d.backward(gradOutput: r, kernel: 7, gradInput: &gx)
    #expect(relativeError(gx.data, once.doubles.map { 2 * $0 }) < 1e-6)
}

@Test func linearMatchesDirectLoopsAndFiniteDifferences() {
    var rng = SplitMix64(seed: 34)
    let x = rng.tensor([5, 3]), w = rng.tensor([4, 3]), b = rng.tensor([4])
    let y = Linear.forward(x, weight: w, bias: b)
    #expect(relativeError(y.data, Reference.linear(x.doubles, n: 5, inputs: 3, w.doubles, outputs: 4, b.doubles)) < 1e-6)
    #expect(relativeError(Linear.forward(x, weight: w, bias: nil).data,
                          Reference.linear(x.doubles, n: 5, inputs: 3, w.doubles, outputs: 4, nil)) < 1e-6)
    let r = rng.tensor(y.shape)
    var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: [4])
    Linear.backward(x, weight: w, gradOutput: r, gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: true)
    func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
        weightedSum(r.doubles, Reference.linear(x, n: 5, inputs: 3, w, outputs: 4, b))
    }
    expectGradient(gx, matches: numericGradient(x.doubles) { loss($0, w.doubles, b.doubles) }, "dL/dx")
    expectGradient(gw, matches: numericGradient(w.doubles) { loss(x.doubles, $0, b.doubles) }, "dL/dweight")
    expectGradient(gb, matches: numericGradient(b.doubles) { loss(x.doubles, w.doubles, $0) }, "dL/dbias")
    let once = (gx, gw, gb)
    var skipped = Tensor(zeros: x.shape)
    Linear.backward(x, weight: w, gradOutput: r, gradInput: &skipped, gradWeight: &gw, gradBias: &gb, computeInput: false)
    #expect(skipped.data.allSatisfy { $0 == 0 })
    #expect(relativeError(gw.data, once.1.doubles.map { 2 * $0 }) < 1e-6)
    #expect(relativeError(gb.data, once.2.doubles.map { 2 * $0 }) < 1e-6)
}

@Test func concatChannelsStacksChannelsAndSplitsGradients() {
    var rng = SplitMix64(seed: 35)
    let a = rng.tensor([2, 3, 2, 3]), b = rng.tensor([2, 1, 2, 3])
    let y = ConcatChannels.forward(a, b)
    #expect(y.shape == [2, 4, 2, 3])
    // channel 3 of image 1 is b's only channel of image 1; channel 2 of image 0 is a's last channel
    #expect(Array(y.data[(1 * 4 + 3) * 6..<(1 * 4 + 4) * 6]) == Array(b.data[6..<12]))
    #expect(Array(y.data[2 * 6..<3 * 6]) == Array(a.data[2 * 6..<3 * 6]))
    var ga = Tensor(zeros: a.shape), gb = Tensor(zeros: b.shape)
    ConcatChannels.backward(gradOutput: y, gradA: &ga, gradB: &gb)
    ConcatChannels.backward(gradOutput: y, gradA: &ga, gradB: &gb)
    #expect(ga.data == a.data.map { 2 * $0 } && gb.data == b.data.map { 2 * $0 })
}

/// The UNet's skip concatenations are large enough for the backward pass to split its images across threads.
@Test func concatChannelsBackwardOfAUNetSkipAddsEveryImagesGradient() {
    var rng = SplitMix64(seed: 37)
    let a = rng.tensor([6, 8, 14, 14]), b = rng.tensor([6, 8, 14, 14])
    let y = ConcatChannels.forward(a, b)
    var ga = Tensor(zeros: a.shape), gb = Tensor(zeros: b.shape)
    ConcatChannels.backward(gradOutput: y, gradA: &ga, gradB: &gb)
    ConcatChannels.backward(gradOutput: y, gradA: &ga, gradB: &gb)
    #expect(ga.data == a.data.map { 2 * $0 } && gb.data == b.data.map { 2 * $0 })
}

@Test func channelBroadcastAddAndMultiplyMatchFiniteDifferences() {
    var rng = SplitMix64(seed: 36)
    let x = rng.tensor([2, 3, 2, 2]), v = rng.tensor([2, 3]), r = rng.tensor([2, 3, 2, 2])
    func apply(_ x: [Double], _ v: [Double], multiply: Bool) -> [Double] {
        var y = x
        for i in 0..<x.count { y[i] = multiply ? x[i] * v[i / 4] : x[i] + v[i / 4] }
        return y
    }
    #expect(relativeError(ChannelBroadcast.add(x, v).data, apply(x.doubles, v.doubles, multiply: false)) < 1e-7)
    #expect(relativeError(ChannelBroadcast.multiply(x, v).data, apply(x.doubles, v.doubles, multiply: true)) < 1e-7)
    for multiply in [false, true] {
        var gx = Tensor(zeros: x.shape), gv = Tensor(zeros: v.shape)
        for _ in 0..<2 {   // twice: the expected gradients below are doubled
            if multiply { ChannelBroadcast.multiplyBackward(x, v, gradOutput: r, gradX: &gx, gradV: &gv) }
            else { ChannelBroadcast.addBackward(gradOutput: r, gradX: &gx, gradV: &gv) }
        }
        let nx = numericGradient(x.doubles) { 2 * weightedSum(r.doubles, apply($0, v.doubles, multiply: multiply)) }
        let nv = numericGradient(v.doubles) { 2 * weightedSum(r.doubles, apply(x.doubles, $0, multiply: multiply)) }
        expectGradient(gx, matches: nx, "dL/dx multiply=\(multiply)")
        expectGradient(gv, matches: nv, "dL/dv multiply=\(multiply)")
    }
}

@Test func mseLossIsTheMeanSquareAndItsGradient() {
    var rng = SplitMix64(seed: 37)
    let p = rng.tensor([3, 1, 2, 5]), t = rng.tensor([3, 1, 2, 5])
    let ref = zip(p.doubles, t.doubles).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 30
    #expect(abs(Double(MSELoss.forward(p, t)) - ref) < 1e-6)
    var g = Tensor(zeros: p.shape)
    MSELoss.backward(p, t, gradOutput: 0.5, gradPrediction: &g)
    let numeric = numericGradient(p.doubles) { q in
        0.5 * zip(q, t.doubles).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 30
    }
    expectGradient(g, matches: numeric, "dL/dprediction", tolerance: 1e-5)
    let once = g
    MSELoss.backward(p, t, gradOutput: 0.5, gradPrediction: &g)
    #expect(relativeError(g.data, once.doubles.map { 2 * $0 }) < 1e-7)
}

/// Our vectorisable erf must agree with the libm one to float precision over the whole useful range.
@Test func geluStaysWithinFloatPrecisionOfTheLibmErf() {
    let xs = (-12_000...12_000).map { Float($0) / 1000 }
    let y = GELU.forward(Tensor(shape: [xs.count], data: xs))
    var worst = 0.0
    for (x, v) in zip(xs, y.data) {
        let d = Double(x)
        let exact: Double = 0.5 * d * (1 + erf(d / 2.0.squareRoot()))
        worst = max(worst, abs(Double(v) - exact) / max(1, abs(d)))
    }
    #expect(worst < 3e-7)
}
