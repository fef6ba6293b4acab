import Testing
@testable import Compute

@Suite struct SeedMappingTests {
    let digits = SeedMapping.digits

    @Test func noiseLevelsMapProportionally() {
        #expect(digits.timesteps(SeedMapping.seedNoiseLevels) == [75, 150, 225])
        #expect(SeedMapping.identity.timesteps(SeedMapping.seedNoiseLevels) == [250, 500, 750])
        #expect(digits.timestep(999) == 300 - 1 && digits.timestep(-1) == -1)
    }

    @Test func stridedTimestepsKeepTheirCountSoIStartKeepsItsMeaning() throws {
        let mapped = digits.stridedTimesteps
        #expect(mapped == (try Timesteps.strided(start: 297, stride: 9)))
        #expect(mapped.count == 34 && SeedMapping.seedStridedTimesteps.count == 34)
        #expect(mapped[10] == 207 && SeedMapping.seedStridedTimesteps[10] == 690)
        #expect([1, 3, 5, 7, 10, 20].map { mapped[$0] } == [288, 270, 252, 234, 207, 117])
    }

    @Test func blurKernelsScaleToOddSizesOfAtLeastThree() {
        #expect(digits.kernelSize(33) == 15)
        #expect(digits.kernelSize(5) == 3)
        #expect(digits.kernelSize(3) == 3)
        #expect(digits.kernelSize(11) == 5)
        #expect(abs(digits.sigma(2) - 0.875) < 1e-12)
        #expect(SeedMapping.identity.kernelSize(33) == 33)
    }

    @Test func theCampanileMaskKeepsItsCentreAndSize() {
        #expect(digits.range(2..<20) == 1..<9)
        #expect(digits.range(24..<42) == 10..<18)
        #expect(digits.range(60..<64) == 26..<28)
        #expect(SeedMapping.identity.range(2..<20) == 2..<20)
    }
}
