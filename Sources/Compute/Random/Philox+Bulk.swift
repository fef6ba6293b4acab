import Dispatch

/// Bulk draws. Because values are index-addressed, the output is identical whether it is computed in one
/// thread or split across many; chunks are split on block boundaries only for speed.
extension Philox {
    /// Below this many values the thread hand-off costs more than it saves.
    static let parallelThreshold = 1 << 16
    static let chunkBlocks = 1 << 13

    /// Calls `body(firstBlock, blockCount)` over the block range `blocks`, in parallel for large ranges.
    private static func forEachChunk(_ blocks: Range<UInt64>, count: Int,
                                     _ body: (UInt64, UInt64) -> Void) {
        let total = blocks.upperBound - blocks.lowerBound
        let chunks = Int((total + UInt64(chunkBlocks) - 1) / UInt64(chunkBlocks))
        func run(_ chunk: Int) {
            let first = blocks.lowerBound + UInt64(chunk) * UInt64(chunkBlocks)
            body(first, min(UInt64(chunkBlocks), blocks.upperBound - first))
        }
        if count < parallelThreshold || chunks < 2 {
            for chunk in 0..<chunks { run(chunk) }
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: run)
        }
    }

    /// Fills `count` values, value `j` being `value(words of block, word slot)` for word index
    /// `startIndex + j`; `transform` maps a whole block to its four values.
    private func fill(count: Int, startIndex: UInt64,
                      _ transform: @escaping (SIMD4<UInt32>) -> SIMD4<Float>) -> [Float] {
        precondition(count >= 0, "fill: negative count \(count)")
        if count == 0 { return [] }
        let end = startIndex + UInt64(count)
        let blocks = (startIndex >> 2)..<((end + 3) >> 2)
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Philox.forEachChunk(blocks, count: count) { first, n in
                for b in first..<(first + n) {
                    let values = transform(self.block(b))
                    for slot in 0..<4 {
                        let index = (b << 2) + UInt64(slot)
                        if index >= startIndex && index < end {
                            base[Int(index - startIndex)] = values[slot]
                        }
                    }
                }
            }
        }
        return out
    }

    /// `uniform(index:)` for indices startIndex ..< startIndex + count.
    public func fillUniform(count: Int, startIndex: UInt64 = 0) -> [Float] {
        fill(count: count, startIndex: startIndex) { w in
            SIMD4(Philox.unitFloat(w[0]), Philox.unitFloat(w[1]),
                  Philox.unitFloat(w[2]), Philox.unitFloat(w[3]))
        }
    }

    /// `normal(index:)` for indices startIndex ..< startIndex + count (same Box-Muller pairing).
    public func fillNormal(count: Int, startIndex: UInt64 = 0) -> [Float] {
        fill(count: count, startIndex: startIndex) { w in
            let a = Philox.boxMuller(w[0], w[1]), b = Philox.boxMuller(w[2], w[3])
            return SIMD4(a.cos, a.sin, b.cos, b.sin)
        }
    }

    /// A tensor of standard normals laid out in row-major order from `startIndex`.
    public func normalTensor(shape: [Int], startIndex: UInt64 = 0) -> Tensor {
        Tensor(shape: shape, data: fillNormal(count: shape.reduce(1, *), startIndex: startIndex))
    }

    /// A tensor of uniforms in [0, 1) laid out in row-major order from `startIndex`.
    public func uniformTensor(shape: [Int], startIndex: UInt64 = 0) -> Tensor {
        Tensor(shape: shape, data: fillUniform(count: shape.reduce(1, *), startIndex: startIndex))
    }

    /// A permutation of 0..<n by Fisher-Yates (Durstenfeld): step k = 0, 1, ... swaps position
    /// i = n-1-k with j = uniformInt(i+1, index64: startIndex64 + k). Uses the n-1 64-bit draws
    /// startIndex64 ..< startIndex64 + n - 1 (that is, word indices 2·startIndex64 ..< 2·(startIndex64 + n - 1)).
    public func permutation(_ n: Int, startIndex64: UInt64 = 0) -> [Int] {
        precondition(n >= 0, "permutation: negative n \(n)")
        var result = Array(0..<n)
        if n < 2 { return result }
        result.withUnsafeMutableBufferPointer { a in
            var k: UInt64 = 0
            for i in stride(from: n - 1, through: 1, by: -1) {
                let j = uniformInt(i + 1, index64: startIndex64 + k)
                a.swapAt(i, j)
                k += 1
            }
        }
        return result
    }
}

extension Philox {
    /// The shuffle for epoch `epoch` of a dataset of `n` items: epoch e uses the 64-bit draws
    /// e·(n-1) ..< (e+1)·(n-1), so every epoch has its own order and a run resumed at epoch e needs no
    /// cursor state, only e.
    public func epochPermutation(_ n: Int, epoch: Int) -> [Int] {
        precondition(epoch >= 0, "epochPermutation: negative epoch \(epoch)")
        return permutation(n, startIndex64: UInt64(epoch) * UInt64(max(n - 1, 0)))
    }
}
