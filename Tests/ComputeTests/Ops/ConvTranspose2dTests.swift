import Testing
import Compute

let convTransposeCases: [ConvCase] = [
    ConvCase(input: [2, 3, 3, 4], outChannels: 2, kernel: (4, 4), stride: 2, padding: 1),
    ConvCase(input: [3, 2, 1, 1], outChannels: 3, kernel: (7, 7), stride: 7, padding: 0),
    ConvCase(input: [2, 2, 3, 2], outChannels: 3, kernel: (3, 2), stride: 1, padding: 0),
    ConvCase(input: [1, 3, 4, 3], outChannels: 2, kernel: (3, 3), stride: 2, padding: 1),
    ConvCase(input: [2, 2, 2, 3], outChannels: 2, kernel: (2, 2), stride: 3, padding: 0),
]

@Test(arguments: convTransposeCases)
func convTranspose2dForwardMatchesScatterDefinition(_ c: ConvCase) {
    var rng = SplitMix64(seed: 11)
    let x = rng.tensor(c.input)
    let w = rng.tensor([c.input[1], c.outChannels, c.kernel.0, c.kernel.1])
    let b = rng.tensor([c.outChannels])
    let y = ConvTranspose2d.forward(x, weight: w, bias: b, stride: c.stride, padding: c.padding)
    let oh = (c.input[2] - 1) * c.stride - 2 * c.padding + c.kernel.0
    let ow = (c.input[3] - 1) * c.stride - 2 * c.padding + c.kernel.1
    #expect(y.shape == [c.input[0], c.outChannels, oh, ow])
    let ref = Reference.convTranspose2d(x.doubles, x.shape, w.doubles, w.shape, b.doubles, stride: c.stride, padding: c.padding)
    #expect(relativeError(y.data, ref) < 1e-5)
}

@Test(arguments: convTransposeCases)
func convTranspose2dBackwardMatchesFiniteDifferences(_ c: ConvCase) {
    var rng = SplitMix64(seed: 12)
    let x = rng.tensor(c.input)
    let w = rng.tensor([c.input[1], c.outChannels, c.kernel.0, c.kernel.1])
    let b = rng.tensor([c.outChannels])
    let y = ConvTranspose2d.forward(x, weight: w, bias: b, stride: c.stride, padding: c.padding)
    let r = rng.tensor(y.shape)
    var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: b.shape)
    ConvTranspose2d.backward(x, weight: w, gradOutput: r, stride: c.stride, padding: c.padding,
                             gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: true)
    func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
        weightedSum(r.doubles, Reference.convTranspose2d(x, c.input, w, gw.shape, b, stride: c.stride, padding: c.padding))
    }
    expectGradient(gx, matches: numericGradient(x.doubles) { loss($0, w.doubles, b.doubles) }, "dL/dx")
    expectGradient(gw, matches: numericGradient(w.doubles) { loss(x.doubles, $0, b.doubles) }, "dL/dweight")
    expectGradient(gb, matches: numericGradient(b.doubles) { loss(x.doubles, w.doubles, $0) }, "dL/dbias")
}

@Test func convTranspose2dBackwardAddsIntoGradients() {
    var rng = SplitMix64(seed: 13)
    let x = rng.tensor([2, 3, 3, 3]), w = rng.tensor([3, 2, 4, 4]), gy = rng.tensor([2, 2, 6, 6])
    var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: [2])
    for _ in 0..<2 {
        ConvTranspose2d.backward(x, weight: w, gradOutput: gy, stride: 2, padding: 1,
                                 gradInput: &gx, gradWeight: &gw, gradBias: &gb, computeInput: true)
    }
    var once = (Tensor(zeros: x.shape), Tensor(zeros: w.shape), Tensor(zeros: [2]))
    ConvTranspose2d.backward(x, weight: w, gradOutput: gy, stride: 2, padding: 1,
                             gradInput: &once.0, gradWeight: &once.1, gradBias: &once.2, computeInput: true)
    #expect(once.0.data.contains { $0 != 0 })
    #expect(relativeError(gx.data, once.0.doubles.map { 2 * $0 }) < 1e-6)
    #expect(relativeError(gw.data, once.1.doubles.map { 2 * $0 }) < 1e-6)
    #expect(relativeError(gb.data, once.2.doubles.map { 2 * $0 }) < 1e-6)
}

/// Many images: several GEMM chunks, two threads.
@Test func convTranspose2dSplitsLargeBatchesWithoutChangingResults() {
    var rng = SplitMix64(seed: 14)
    let x = rng.tensor([40, 4, 7, 7]), w = rng.tensor([4, 3, 4, 4]), b = rng.tensor([3])
    let y = ConvTranspose2d.forward(x, weight: w, bias: b, stride: 2, padding: 1)
    let ref = Reference.convTranspose2d(x.doubles, x.shape, w.doubles, w.shape, b.doubles, stride: 2, padding: 1)
    #expect(relativeError(y.data, ref) < 1e-5)
}
