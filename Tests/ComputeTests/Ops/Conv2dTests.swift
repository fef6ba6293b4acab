import Testing
import Compute

/// A convolution case: input shape, output channels, kernel (h, w), stride, padding.
struct ConvCase: Sendable, CustomTestStringConvertible {
    let input: [Int], outChannels: Int, kernel: (Int, Int), stride: Int, padding: Int
    var testDescription: String { "x\(input) co\(outChannels) k\(kernel) s\(stride) p\(padding)" }
}

let convCases: [ConvCase] = [
    ConvCase(input: [2, 3, 5, 6], outChannels: 4, kernel: (3, 3), stride: 1, padding: 1),
    ConvCase(input: [3, 2, 7, 7], outChannels: 3, kernel: (3, 3), stride: 2, padding: 1),
    ConvCase(input: [2, 3, 6, 5], outChannels: 2, kernel: (3, 2), stride: 2, padding: 0),
    ConvCase(input: [1, 1, 5, 4], outChannels: 5, kernel: (3, 3), stride: 1, padding: 1),
    ConvCase(input: [2, 2, 4, 5], outChannels: 3, kernel: (1, 1), stride: 1, padding: 0),
    ConvCase(input: [2, 2, 5, 5], outChannels: 2, kernel: (3, 3), stride: 3, padding: 2),
    // output planes of 196+ pixels: one GEMM per image written straight into NCHW
    ConvCase(input: [2, 2, 14, 15], outChannels: 3, kernel: (3, 3), stride: 1, padding: 1),
    ConvCase(input: [2, 2, 29, 28], outChannels: 3, kernel: (3, 3), stride: 2, padding: 1),
    // one input or output channel, stride 1: the direct-loop path
    ConvCase(input: [2, 3, 5, 6], outChannels: 1, kernel: (3, 3), stride: 1, padding: 1),
    ConvCase(input: [2, 1, 4, 6], outChannels: 3, kernel: (3, 2), stride: 1, padding: 2),
]

@Test(arguments: convCases)
func conv2dForwardMatchesDirectLoops(_ c: ConvCase) {
    var rng = SplitMix64(seed: 1)
    let x = rng.tensor(c.input)
    let w = rng.tensor([c.outChannels, c.input[1], c.kernel.0, c.kernel.1])
    let b = rng.tensor([c.outChannels])
    let y = Conv2d.forward(x, weight: w, bias: b, stride: c.stride, padding: c.padding)
    let ref = Reference.conv2d(x.doubles, x.shape, w.doubles, w.shape, b.doubles, stride: c.stride, padding: c.padding)
    let oh = (c.input[2] + 2 * c.padding - c.kernel.0) / c.stride + 1
    let ow = (c.input[3] + 2 * c.padding - c.kernel.1) / c.stride + 1
    #expect(y.shape == [c.input[0], c.outChannels, oh, ow])
    #expect(relativeError(y.data, ref) < 1e-5)
}

@Test(arguments: convCases)
func conv2dBackwardMatchesFiniteDifferences(_ c: ConvCase) {
    var rng = SplitMix64(seed: 2)
    let x = rng.tensor(c.input)
    let w = rng.tensor([c.outChannels, c.input[1], c.kernel.0, c.kernel.1])
    let b = rng.tensor([c.outChannels])
    let y = Conv2d.forward(x, weight: w, bias: b, stride: c.stride, padding: c.padding)
    let r = rng.tensor(y.shape)
    var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: b.shape)
    Conv2d.backward(x, weight: w, gradOutput: r, stride: c.stride, padding: c.padding,
                    gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: true)
    func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
        weightedSum(r.doubles, Reference.conv2d(x, c.input, w, gw.shape, b, stride: c.stride, padding: c.padding))
    }
    expectGradient(gx, matches: numericGradient(x.doubles) { loss($0, w.doubles, b.doubles) }, "dL/dx")
    expectGradient(gw, matches: numericGradient(w.doubles) { loss(x.doubles, $0, b.doubles) }, "dL/dweight")
    expectGradient(gb, matches: numericGradient(b.doubles) { loss(x.doubles, w.doubles, $0) }, "dL/dbias")
}

@Test func conv2dBackwardAddsIntoGradientsAndCanSkipTheInput() {
    var rng = SplitMix64(seed: 3)
    let x = rng.tensor([2, 3, 6, 6]), w = rng.tensor([4, 3, 3, 3]), gy = rng.tensor([2, 4, 3, 3])
    var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: [4])
    Conv2d.backward(x, weight: w, gradOutput: gy, stride: 2, padding: 1,
                    gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: true)
    let (gx1, gw1, gb1) = (gx, gw, gb)
    #expect(gx1.data.contains { $0 != 0 } && gw1.data.contains { $0 != 0 })
    Conv2d.backward(x, weight: w, gradOutput: gy, stride: 2, padding: 1,
                    gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: true)
    #expect(relativeError(gx.data, gx1.doubles.map { 2 * $0 }) < 1e-6)
    #expect(relativeError(gw.data, gw1.doubles.map { 2 * $0 }) < 1e-6)
    #expect(relativeError(gb.data, gb1.doubles.map { 2 * $0 }) < 1e-6)
    var untouched = Tensor(zeros: x.shape)
    Conv2d.backward(x, weight: w, gradOutput: gy, stride: 2, padding: 1,
                    gradInput: &untouched, gradWeight: &gw, gradBias: &gb, computeInput: false)
    #expect(untouched.data.allSatisfy { $0 == 0 })
    #expect(relativeError(gw.data, gw1.doubles.map { 3 * $0 }) < 1e-6)
}

@Test func conv2dWithoutBiasHasNoOffset() {
    var rng = SplitMix64(seed: 4)
    let x = rng.tensor([1, 2, 4, 4]), w = rng.tensor([3, 2, 3, 3])
    let y = Conv2d.forward(x, weight: w, bias: nil, stride: 1, padding: 1)
    #expect(relativeError(y.data, Reference.conv2d(x.doubles, x.shape, w.doubles, w.shape, nil, stride: 1, padding: 1)) < 1e-5)
}

@Test func directAndGEMMPathsAgreeOnTheUNetHeadAndStem() {
    var rng = SplitMix64(seed: 6)
    let x = rng.tensor([40, 1, 9, 9]), w = rng.tensor([2, 1, 3, 3]), b = rng.tensor([2])
    let y = Conv2d.forward(x, weight: w, bias: b, stride: 1, padding: 1)
    #expect(relativeError(y.data, Reference.conv2d(x.doubles, x.shape, w.doubles, w.shape, b.doubles, stride: 1, padding: 1)) < 1e-5)
    let gy = rng.tensor(y.shape)
    var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: [2])
    Conv2d.backward(x, weight: w, gradOutput: gy, stride: 1, padding: 1,
                    gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: true)
    var refGw = [Double](repeating: 0, count: w.count)
    for k in 0..<w.count {
        var e = [Double](repeating: 0, count: w.count); e[k] = 1
        refGw[k] = weightedSum(gy.doubles, Reference.conv2d(x.doubles, x.shape, e, w.shape, nil, stride: 1, padding: 1))
    }
    #expect(relativeError(gw.data, refGw) < 1e-4)
    var refGx = [Double](repeating: 0, count: x.count)
    for k in 0..<x.count {
        var e = [Double](repeating: 0, count: x.count); e[k] = 1
        refGx[k] = weightedSum(gy.doubles, Reference.conv2d(e, x.shape, w.doubles, w.shape, nil, stride: 1, padding: 1))
    }
    #expect(relativeError(gx.data, refGx) < 1e-4)
}

/// Large enough that the batch is split into several GEMM chunks and loops run on two threads.
@Test func conv2dSplitsLargeBatchesWithoutChangingResults() {
    var rng = SplitMix64(seed: 5)
    let x = rng.tensor([23, 3, 12, 12]), w = rng.tensor([5, 3, 3, 3]), b = rng.tensor([5])
    let y = Conv2d.forward(x, weight: w, bias: b, stride: 1, padding: 1)
    #expect(relativeError(y.data, Reference.conv2d(x.doubles, x.shape, w.doubles, w.shape, b.doubles, stride: 1, padding: 1)) < 1e-5)
    let gy = rng.tensor(y.shape)
    var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: [5])
    Conv2d.backward(x, weight: w, gradOutput: gy, stride: 1, padding: 1,
                    gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: true)
    // dL/dw of L = sum(gy * conv(x)) is linear in x: check it against the reference by one directional derivative
    var refGw = [Double](repeating: 0, count: w.count)
    for k in 0..<w.count {
        var e = [Double](repeating: 0, count: w.count); e[k] = 1
        refGw[k] = weightedSum(gy.doubles, Reference.conv2d(x.doubles, x.shape, e, w.shape, nil, stride: 1, padding: 1))
    }
    #expect(relativeError(gw.data, refGw) < 1e-4)
}
