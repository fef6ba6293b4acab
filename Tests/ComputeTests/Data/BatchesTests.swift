import Testing
@testable import Compute

@Suite struct BatchesTests {
    @Test func batchesCoverTheOrderInSequence() {
        #expect(batches(of: [4, 2, 0, 1, 3], size: 2) == [[4, 2], [0, 1], [3]])
        #expect(batches(of: [4, 2, 0, 1, 3], size: 2, dropLast: true) == [[4, 2], [0, 1]])
        #expect(batches(of: [], size: 3).isEmpty)
    }

    @Test func epochShufflesAreDistinctPermutationsAndReproducible() {
        let p = Philox(seed: 11, streamNamed: "mnist/epoch")
        let e0 = p.epochPermutation(1000, epoch: 0), e1 = p.epochPermutation(1000, epoch: 1)
        #expect(e0.sorted() == Array(0..<1000) && e1.sorted() == Array(0..<1000))
        #expect(e0 != e1)
        #expect(e1 == p.epochPermutation(1000, epoch: 1))
        #expect(e0 == p.permutation(1000))
    }
}
