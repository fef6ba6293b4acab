/// The few tensor operations the diffusion techniques need, kept here (internal) so this folder depends on
/// nothing but `Tensor`. Loops take the buffers once per op (swift-notes: indexing stored arrays is slow).
enum BatchMath {
    static func batchSize(_ x: Tensor) throws -> Int {
        guard let n = x.shape.first, x.shape.count >= 2, n > 0 else {
            throw DiffusionError.notAnImageBatch(shape: x.shape)
        }
        return n
    }

    static func imageShape(_ x: Tensor) throws -> (n: Int, c: Int, h: Int, w: Int) {
        guard x.shape.count == 4, x.shape.allSatisfy({ $0 > 0 }) else {
            throw DiffusionError.notAnImageBatch(shape: x.shape)
        }
        return (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    }

    /// wa·a + wb·b, elementwise.
    static func combine(_ a: Tensor, _ wa: Float, _ b: Tensor, _ wb: Float) -> Tensor {
        precondition(a.shape == b.shape, "combine: \(a.shape) vs \(b.shape)")
        var out = [Float](repeating: 0, count: a.count)
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    for i in 0..<po.count { po[i] = wa * pa[i] + wb * pb[i] }
                }
            }
        }
        return Tensor(shape: a.shape, data: out)
    }

    /// wa[n]·a + wb[n]·b with one weight per batch sample (per-sample timesteps).
    static func combinePerSample(_ a: Tensor, _ wa: [Float], _ b: Tensor, _ wb: [Float]) -> Tensor {
        precondition(a.shape == b.shape && wa.count == a.shape[0] && wb.count == a.shape[0])
        let per = a.count / a.shape[0]
        var out = [Float](repeating: 0, count: a.count)
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    for n in 0..<wa.count {
                        let x = wa[n], y = wb[n]
                        for i in (n * per)..<((n + 1) * per) { po[i] = x * pa[i] + y * pb[i] }
                    }
                }
            }
        }
        return Tensor(shape: a.shape, data: out)
    }

    /// a + s ⊙ b, elementwise (noise with a per-element std).
    static func addScaled(_ a: Tensor, _ s: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape == b.shape && s.shape == a.shape)
        var out = a.data
        s.data.withUnsafeBufferPointer { ps in
            b.data.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    for i in 0..<po.count { po[i] += ps[i] * pb[i] }
                }
            }
        }
        return Tensor(shape: a.shape, data: out)
    }

    /// m ⊙ a + (1 − m) ⊙ b.
    static func blend(_ a: Tensor, _ b: Tensor, mask m: Tensor) -> Tensor {
        precondition(a.shape == b.shape && m.shape == a.shape)
        var out = [Float](repeating: 0, count: a.count)
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                m.data.withUnsafeBufferPointer { pm in
                    out.withUnsafeMutableBufferPointer { po in
                        for i in 0..<po.count { po[i] = pm[i] * pa[i] + (1 - pm[i]) * pb[i] }
                    }
                }
            }
        }
        return Tensor(shape: a.shape, data: out)
    }

    static func concatenate(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty)
        if parts.count == 1 { return parts[0] }
        let tail = Array(parts[0].shape.dropFirst())
        var data: [Float] = []
        data.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        var n = 0
        for p in parts {
            precondition(Array(p.shape.dropFirst()) == tail, "concatenate: \(p.shape) vs \(parts[0].shape)")
            data += p.data
            n += p.shape[0]
        }
        return Tensor(shape: [n] + tail, data: data)
    }

    static func slice(_ x: Tensor, from start: Int, count: Int) -> Tensor {
        let per = x.count / x.shape[0]
        if start == 0 && count == x.shape[0] { return x }
        return Tensor(shape: [count] + x.shape.dropFirst(),
                      data: Array(x.data[(start * per)..<((start + count) * per)]))
    }
}
