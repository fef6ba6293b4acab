import Testing
@testable import Compute

@Suite struct RandomStreamTests {
    @Test func resumingFromACheckpointedPositionReproducesTheRun() {
        var run = RandomStream(seed: 1, streamNamed: "train")
        _ = run.normals(100)
        let checkpoint = run.position
        let continued = (run.permutation(50), run.normals(7), run.uniform(), run.int(below: 10))

        var resumed = RandomStream(seed: 1, streamNamed: "train", position: checkpoint)
        let again = (resumed.permutation(50), resumed.normals(7), resumed.uniform(), resumed.int(below: 10))
        #expect(continued.0 == again.0 && continued.1 == again.1 && continued.2 == again.2 && continued.3 == again.3)
        #expect(run.position == resumed.position)
    }

    @Test func drawsAdvanceThePositionAndReadTheGeneratorsWords() {
        var s = RandomStream(seed: 9, stream: 2)
        let u = s.uniform()
        #expect(u == s.generator.uniform(index: 0))
        #expect(s.position == 1)
        let z = s.normals(3)  // aligns to word 2, consumes the pairs (2,3) and (4,5)
        #expect(z == s.generator.fillNormal(count: 3, startIndex: 2))
        #expect(s.position == 6)
        let k = s.int(below: 1000)
        #expect(k == s.generator.uniformInt(1000, index64: 3))
        #expect(s.position == 8)
        let perm = s.permutation(5)
        #expect(perm == s.generator.permutation(5, startIndex64: 4))
        #expect(s.position == 16)
    }

    @Test func successiveEpochShufflesDiffer() {
        var s = RandomStream(seed: 3, stream: 0)
        #expect(s.permutation(100) != s.permutation(100))
    }
}
