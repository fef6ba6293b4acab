import Testing
@testable import Compute

@Test func zerosHasTheShapesElementCount() {
    let t = Tensor(zeros: [2, 3, 4])
    #expect(t.count == 24)
    #expect(t.data.allSatisfy { $0 == 0 })
}

/// Large zero tensors are filled by several threads; every element must still be zero, even in memory a
/// freed tensor had dirtied.
@Test func largeZerosAreZeroEverywhere() {
    let count = Tensor.parallelZeroingCount * 3 + 5
    do { _ = Tensor(shape: [count], data: [Float](repeating: .nan, count: count)) }
    let z = Tensor(zeros: [3, count / 3 + 2])
    #expect(z.count == 3 * (count / 3 + 2))
    #expect(z.data.allSatisfy { $0.bitPattern == 0 })
}
