/// Philox-4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel random numbers:
/// as easy as 1, 2, 3" (SC'11, the Random123 library).
///
/// A counter-based generator is a keyed bijection of a 128-bit counter, so every random value is a pure
/// function of (seed, stream, index). That is the property the project needs: a value never depends on the
/// order of calls or on how work is split across threads, and a training run can be resumed from a plain
/// integer position.
///
/// Layout (fixed forever — changing it changes every figure on the site):
/// - key     = (seed low 32 bits, seed high 32 bits)
/// - counter = (block low, block high, stream low, stream high)
/// - one block yields four 32-bit words; the 32-bit *word index* `i` lives in block `i / 4`, word `i % 4`.
///
/// Every index-taking draw below is addressed in word indices (4 per block) unless it says otherwise; see
/// each method for which words it reads.
public struct Philox: Sendable, Equatable {
    public var seed: UInt64
    public var stream: UInt64

    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    /// Named streams let recipes say what a random stream is for ("b.noising/eps") instead of
    /// allocating numbers by hand; FNV-1a 64 of the UTF-8 bytes is stable across platforms and releases.
    public init(seed: UInt64, streamNamed name: String) {
        self.init(seed: seed, stream: Philox.stream(named: name))
    }

    /// FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) of the UTF-8 bytes of `name`.
    public static func stream(named name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    // MARK: The bijection

    @usableFromInline static let m0: UInt32 = 0xD251_1F53
    @usableFromInline static let m1: UInt32 = 0xCD9E_8D57
    @usableFromInline static let w0: UInt32 = 0x9E37_79B9
    @usableFromInline static let w1: UInt32 = 0xBB67_AE85

    /// Ten Philox rounds on `counter` under `key`, exactly as Random123's `philox4x32_R(10, ...)`.
    @inlinable
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3]
        var k0 = key[0], k1 = key[1]
        for round in 0..<10 {
            if round > 0 {
                k0 = k0 &+ w0
                k1 = k1 &+ w1
            }
            let p0 = UInt64(m0) &* UInt64(c0)
            let p1 = UInt64(m1) &* UInt64(c2)
            let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
            let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
            c0 = hi1 ^ c1 ^ k0
            c1 = lo1
            c2 = hi0 ^ c3 ^ k1
            c3 = lo0
        }
        return SIMD4(c0, c1, c2, c3)
    }

    /// The four words of block number `block` of this (seed, stream).
    @inlinable
    public func block(_ block: UInt64) -> SIMD4<UInt32> {
        Philox.block(
            counter: SIMD4(UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32),
                           UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32)),
            key: SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
    }

    /// The 32-bit word at word index `index`.
    @inlinable
    public func word(_ index: UInt64) -> UInt32 {
        block(index >> 2)[Int(index & 3)]
    }
}
