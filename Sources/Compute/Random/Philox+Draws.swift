import Foundation

/// Scalar draws. Each names the word indices it reads so that callers (and `RandomStream`) can keep
/// different draws from sharing bits.
extension Philox {
    /// The top 24 bits of a word as a Float in [0, 1): every value is exactly representable, so the
    /// result is never rounded up to 1.
    @inlinable
    public static func unitFloat(_ word: UInt32) -> Float {
        Float(word >> 8) * 0x1p-24
    }

    /// Box-Muller on two words: `a` gives u1 = (a + 1) / 2^32 in (0, 1], so log(u1) is finite (the
    /// largest |z| is sqrt(2 ln 2^32) ≈ 6.66); `b` gives the angle 2π·b / 2^32. Double inside so the
    /// tails are not quantised by Float's 24-bit log argument.
    @inlinable
    public static func boxMuller(_ a: UInt32, _ b: UInt32) -> (cos: Float, sin: Float) {
        let u1 = (Double(a) + 1) * 0x1p-32
        let angle = (2 * Double.pi) * (Double(b) * 0x1p-32)
        let r = (-2 * log(u1)).squareRoot()
        return (Float(r * cos(angle)), Float(r * sin(angle)))
    }

    /// Uniform in [0, 1) from word `index`.
    @inlinable
    public func uniform(index: UInt64) -> Float {
        Philox.unitFloat(word(index))
    }

    public static func uniform(seed: UInt64, stream: UInt64, index: UInt64) -> Float {
        Philox(seed: seed, stream: stream).uniform(index: index)
    }

    /// Standard normal number `index`. Normals come in Box-Muller pairs over the even/odd word pair
    /// (2k, 2k+1): the even index is the cosine branch, the odd index the sine branch, so normals
    /// `2k` and `2k+1` read the same two words and are independent of each other.
    @inlinable
    public func normal(index: UInt64) -> Float {
        let words = block(index >> 2)
        let pair = Int(index & 2)
        let z = Philox.boxMuller(words[pair], words[pair + 1])
        return index & 1 == 0 ? z.cos : z.sin
    }

    public static func normal(seed: UInt64, stream: UInt64, index: UInt64) -> Float {
        Philox(seed: seed, stream: stream).normal(index: index)
    }

    /// 64 random bits number `index64`, made of words 2·index64 (low half) and 2·index64 + 1 (high half).
    @inlinable
    public func uint64(index64: UInt64) -> UInt64 {
        let words = block(index64 >> 1)
        let pair = Int((index64 & 1) << 1)
        return UInt64(words[pair]) | (UInt64(words[pair + 1]) << 32)
    }

    /// An integer uniform in 0..<n from the 64 bits `index64` (words 2·index64, 2·index64 + 1), by
    /// Lemire's multiply-high without rejection. Rejection would make the number of words consumed
    /// data-dependent, breaking index addressing; the bias left is at most n / 2^64 per value
    /// (below 1e-12 for any n < 2^24), far under anything measurable.
    @inlinable
    public func uniformInt(_ n: Int, index64: UInt64) -> Int {
        precondition(n > 0, "uniformInt: n must be positive, got \(n)")
        return Int(uint64(index64: index64).multipliedFullWidth(by: UInt64(n)).high)
    }

    /// True with probability `p`, from word `index` (compares the 24-bit uniform to p).
    @inlinable
    public func bernoulli(_ p: Float, index: UInt64) -> Bool {
        uniform(index: index) < p
    }
}
