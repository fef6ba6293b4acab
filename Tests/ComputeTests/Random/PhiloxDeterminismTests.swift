import Testing
@testable import Compute

@Suite struct PhiloxDeterminismTests {
    @Test func differentSeedsAndStreamsGiveDifferentValues() {
        let a = Philox(seed: 1, stream: 0).fillUniform(count: 64)
        let b = Philox(seed: 2, stream: 0).fillUniform(count: 64)
        let c = Philox(seed: 1, stream: 1).fillUniform(count: 64)
        let named = Philox(seed: 1, streamNamed: "b.noising/eps").fillUniform(count: 64)
        #expect(a != b)
        #expect(a != c)
        #expect(a != named)
        #expect(zip(a, b).filter { $0 == $1 }.count < 4)
    }

    @Test func aValueDependsOnlyOnSeedStreamAndIndexNotOnCallOrder() {
        let p = Philox(seed: 77, stream: 9)
        let indices: [UInt64] = [5, 0, 123_456, 3, 1 << 33, 4]
        let forward = indices.map { p.normal(index: $0) }
        let backward = indices.reversed().map { p.normal(index: $0) }.reversed()
        #expect(forward == Array(backward))
        let bulk = p.fillNormal(count: 8)
        #expect(bulk[5] == forward[0] && bulk[0] == forward[1] && bulk[3] == forward[3] && bulk[4] == forward[5])
    }

    @Test func bulkFillsMatchScalarDrawsForAnyStartIncludingUnalignedAndParallel() {
        let p = Philox(seed: 3, stream: 4)
        for start: UInt64 in [0, 1, 2, 3, 7, 1_000_001] {
            let count = 200_003  // above the parallel threshold, not a multiple of 4
            let u = p.fillUniform(count: count, startIndex: start)
            let z = p.fillNormal(count: count, startIndex: start)
            for j in [0, 1, 2, 3, 4, 65_535, 65_536, 131_071, count - 1] {
                #expect(u[j] == p.uniform(index: start + UInt64(j)))
                #expect(z[j] == p.normal(index: start + UInt64(j)))
            }
        }
    }

    @Test func repeatedBulkFillsAreBitIdentical() {
        let p = Philox(seed: 10, stream: 11)
        #expect(p.fillNormal(count: 300_000) == p.fillNormal(count: 300_000))
    }

    @Test func normalTensorHasTheShapeAndTheBulkValues() {
        let p = Philox(seed: 5, stream: 6)
        let t = p.normalTensor(shape: [2, 1, 3, 3], startIndex: 10)
        #expect(t.shape == [2, 1, 3, 3])
        #expect(t.data == p.fillNormal(count: 18, startIndex: 10))
    }

    @Test func permutationIsAPermutationAndDeterministic() {
        let p = Philox(seed: 2024, streamNamed: "epoch")
        for n in [0, 1, 2, 3, 10, 60_000] {
            let perm = p.permutation(n)
            #expect(perm.sorted() == Array(0..<n))
            #expect(perm == p.permutation(n))
        }
        #expect(p.permutation(60_000) != Array(0..<60_000))
        #expect(p.permutation(1000) != p.permutation(1000, startIndex64: 999))
    }
}
