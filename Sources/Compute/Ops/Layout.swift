/// Moves between NCHW images and the channel-major matrix [C, images*H*W] that a batched GEMM reads/writes.

/// dst[c, n*plane + q] = src[n, c, q]
func gatherChannelMajor(_ src: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                        _ dst: UnsafeMutablePointer<Float>) {
    let cols = images * plane
    parallelRanges(channels, costPerItem: cols) { range in
        for c in range {
            for n in 0..<images {
                (dst + c * cols + n * plane).update(from: src + (n * channels + c) * plane, count: plane)
            }
        }
    }
}

/// dst[n, c, q] = src[c, n*plane + q] (+ bias[c]); `accumulate` adds instead of overwriting.
func scatterChannelMajor(_ src: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                         bias: UnsafePointer<Float>?, accumulate: Bool, _ dst: UnsafeMutablePointer<Float>) {
    let cols = images * plane
    parallelRanges(channels, costPerItem: cols) { range in
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
                var part: Float = 0
                for q in 0..<plane { part += s[q] }
                total += Double(part)
            }
            gb[c] += Float(total)
        }
    }
}

/// How many images to process per GEMM so the unfolded matrix stays near `targetColumns` wide:
/// wide enough for an efficient GEMM, small enough to stay in cache and skip huge allocations.
func imagesPerChunk(plane: Int, total: Int, targetColumns: Int = 4096) -> Int {
    max(1, min(total, targetColumns / max(plane, 1)))
}
