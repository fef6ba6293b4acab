/// Moves between NCHW images and the channel-major matrix [C, images*H*W] that a batched GEMM reads/writes.

/// Copies `count` floats with memcpy: `UnsafeMutablePointer.update(from:count:)` compiled to a scalar
/// one-float-per-iteration loop here, which made the layout shuffles of the small UNets several times slower.
@inline(__always)
func copyFloats(_ dst: UnsafeMutablePointer<Float>, from src: UnsafePointer<Float>, count: Int) {
    UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count * MemoryLayout<Float>.stride)
}

/// dst[c, n*plane + q] = src[n, c, q]
func gatherChannelMajor(_ src: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                        _ dst: UnsafeMutablePointer<Float>, threads: Int? = nil) {
    let cols = images * plane
    parallelRanges(channels, costPerItem: cols, threads: threads) { range in
        for c in range {
            for n in 0..<images {
                copyFloats(dst + c * cols + n * plane, from: src + (n * channels + c) * plane, count: plane)
            }
        }
    }
}

/// dst[n, c, q] = src[c, n*plane + q] (+ bias[c]); `accumulate` adds instead of overwriting.
func scatterChannelMajor(_ src: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                         bias: UnsafePointer<Float>?, accumulate: Bool, _ dst: UnsafeMutablePointer<Float>,
                         threads: Int? = nil) {
    let cols = images * plane
    parallelRanges(channels, costPerItem: cols, threads: threads) { range in
        for c in range {
            let b = bias?[c] ?? 0
            for n in 0..<images {
                let s = src + c * cols + n * plane, d = dst + (n * channels + c) * plane
                if accumulate {
                    for q in 0..<plane { d[q] += s[q] + b }
                } else {
                    for q in 0..<plane { d[q] = s[q] + b }
                }
            }
        }
    }
}

/// gb[c] += sum over n and q of gy[n, c, q], in a fixed order (Double accumulator).
func addChannelSums(_ gy: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                    _ gb: UnsafeMutablePointer<Float>) {
    parallelRanges(channels, costPerItem: images * plane) { range in
        for c in range {
            var total = 0.0
            for n in 0..<images {
                let s = gy + (n * channels + c) * plane
                total += Double(laneSum(s, count: plane))
            }
            gb[c] += Float(total)
        }
    }
}

/// How many images to process per GEMM so the unfolded matrix stays near `targetColumns` wide:
/// wide enough for an efficient GEMM, small enough to stay in cache and skip huge allocations.
/// At least one chunk per thread, so every thread has work.
func imagesPerChunk(plane: Int, total: Int) -> Int {
    let perThread = (total + computeThreads - 1) / computeThreads
    return max(1, min(perThread, gemmTargetColumns / max(plane, 1)))
}

/// Adds per-worker partial gradients into `dst` in worker order (deterministic for a fixed thread count).
func addPartials(_ partials: UnsafePointer<Float>, workers: Int, count: Int, _ dst: UnsafeMutablePointer<Float>) {
    // Each element sums its workers in the same order whichever thread does it.
    parallelRanges(count, costPerItem: workers + 1) { range in
        for i in range {
            var s: Float = 0
            for w in 0..<workers { s += partials[w * count + i] }
            dst[i] += s
        }
    }
}

/// Target GEMM width (images x pixels) per chunk; a variable only so the benchmark can tune it.
nonisolated(unsafe) var gemmTargetColumns = 2048
