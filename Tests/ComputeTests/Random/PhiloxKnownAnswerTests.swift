import Testing
@testable import Compute

/// Random123's kat_vectors for philox4x32_10 (counter[4], key[2] -> output[4]).
@Suite struct PhiloxKnownAnswerTests {
    @Test func zeroCounterAndKey() {
        #expect(Philox.block(counter: SIMD4(0, 0, 0, 0), key: SIMD2(0, 0))
                == SIMD4(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8))
    }

    @Test func allOnesCounterAndKey() {
        let ones = UInt32.max
        #expect(Philox.block(counter: SIMD4(ones, ones, ones, ones), key: SIMD2(ones, ones))
                == SIMD4(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd))
    }

    @Test func piDigitsCounterAndKey() {
        #expect(Philox.block(counter: SIMD4(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344),
                             key: SIMD2(0xa409_3822, 0x299f_31d0))
                == SIMD4(0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1))
    }

    /// The seed/stream/index layout: seed 0, stream 0, block 0 is the all-zero vector above.
    @Test func seedZeroStreamZeroIndexZeroIsTheZeroVector() {
        let p = Philox(seed: 0, stream: 0)
        #expect(p.block(0) == SIMD4(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8))
        #expect(p.word(3) == 0x9b00_dbd8)
    }

    /// Expected values computed by an independent Python implementation of the documented layout
    /// (itself checked against the three vectors above); see Philox.swift for the layout.
    @Test(arguments: [
        (UInt64(0), UInt64(0), UInt64(0), UInt32(0x6627_e8d5), Float(0.3990464210510254), Float(0.991137683391571)),
        (42, 0, 5, 0x53ba_6cfd, 0.32706332206726074, 0.13913749158382416),
        (42, 7, 1_000_003, 0xd752_beba, 0.8411062955856323, -1.9429304599761963),
        (0xdead_beef_cafe_f00d, 0x7225_57e3_8f1b_d017, (1 << 40) + 3, 0xac30_a7bd,
         0.6726173758506775, -0.802165150642395),
    ])
    func ownKnownValues(seed: UInt64, stream: UInt64, index: UInt64, word: UInt32, uniform: Float, normal: Float) {
        #expect(Philox(seed: seed, stream: stream).word(index) == word)
        #expect(Philox.uniform(seed: seed, stream: stream, index: index) == uniform)
        #expect(abs(Philox.normal(seed: seed, stream: stream, index: index) - normal) <= 1e-6)
    }

    @Test func namedStreamsAreFNV1a64() {
        #expect(Philox.stream(named: "") == 0xcbf2_9ce4_8422_2325)
        #expect(Philox.stream(named: "a") == 0xaf63_dc4c_8601_ec8c)
        #expect(Philox.stream(named: "b.noising/eps") == 0x7225_57e3_8f1b_d017)
    }

    @Test func permutationKnownValues() {
        #expect(Philox(seed: 42, stream: 0).permutation(10) == [0, 9, 1, 7, 5, 6, 8, 2, 3, 4])
        #expect(Philox(seed: 1, streamNamed: "c.train/epoch").permutation(10) == [5, 7, 6, 2, 4, 1, 9, 0, 8, 3])
    }
}
