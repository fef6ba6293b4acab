import Foundation
import Testing
@testable import Compute

/// SplitMix64 (named TestRNG: the Ops tests have their own SplitMix64), a tiny seeded generator for test weights and inputs.
struct TestRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 24) }
}

/// A `UniformSource` over a TestRNG seeded with `seed`.
func uniformSource(seed: UInt64) -> UniformSource {
    final class Box { var rng: TestRNG; init(_ s: UInt64) { rng = TestRNG(seed: s) } }
    let box = Box(seed)
    return { count in (0 ..< count).map { _ in box.rng.uniform() } }
}

func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var rng = TestRNG(seed: seed)
    return Tensor(shape: shape, data: (0 ..< shape.reduce(1, *)).map { _ in (rng.uniform() * 2 - 1) * scale })
}

enum FixtureError: Error { case missing(String) }

/// A safetensors file from Tests/ComputeTests/Fixtures (written by tools/make_reference.py).
func fixture(_ name: String) throws -> SafeTensorsFile {
    guard let url = Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures") else {
        throw FixtureError.missing("Fixtures/\(name).safetensors (run tools/make_reference.py)")
    }
    return try SafeTensors.read(path: url.path)
}

/// max |a - b| / (max |b| + atol-scale): the error relative to the tensor's own magnitude, so that tensors
/// of tiny values (e.g. gradients that cancel) are judged against `atol` instead of their own noise.
func relativeError(_ a: Tensor, _ b: Tensor, atol: Float = 0) -> Float {
    precondition(a.shape == b.shape, "shapes \(a.shape) vs \(b.shape)")
    var diff: Float = 0, scale: Float = 0
    for i in 0 ..< a.count {
        diff = max(diff, abs(a.data[i] - b.data[i]))
        scale = max(scale, abs(b.data[i]))
    }
    return diff / max(scale, atol, .leastNormalMagnitude)
}

func expectClose(_ a: Tensor?, _ b: Tensor?, rtol: Float, atol: Float = 0, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard let a, let b else {
        Issue.record("\(what): missing tensor", sourceLocation: sourceLocation)
        return
    }
    guard a.shape == b.shape else {
        Issue.record("\(what): shape \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
        return
    }
    let err = relativeError(a, b, atol: atol)
    #expect(err <= rtol, "\(what): relative error \(err) > \(rtol)", sourceLocation: sourceLocation)
}
