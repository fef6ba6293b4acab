/// `y = x W^T + b` for x `[rows, in]` (any leading shape), W `[out, in]`: one sgemm, rows split over the workers
/// when the product is big enough to pay for the split.
enum IFLinear {
    static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let din = weight.shape[1], dout = weight.shape[0]
        precondition(x.shape.last == din, "IFLinear: input \(x.shape) for weight \(weight.shape)")
        let rows = x.count / din
        var y = Tensor(uninitialized: Array(x.shape.dropLast()) + [dout])
        x.withPointer { xp in weight.withPointer { wp in y.withMutablePointer { yp in
            bias.withOptionalPointer { bp in
                let parts = rows >= 64 && rows * din * dout >= 1 << 22 ? computeThreads : 1
                parallelRanges(parts, costPerItem: 1 << 20) { chunk in
                    for part in chunk {
                        let r0 = rows * part / parts, r1 = rows * (part + 1) / parts
                        guard r1 > r0 else { continue }
                        if let bp { for r in r0..<r1 { (yp + r * dout).update(from: bp, count: dout) } }
                        sgemm(transB: true, m: r1 - r0, n: dout, k: din, a: xp + r0 * din, lda: din, b: wp, ldb: din,
                              beta: bp == nil ? 0 : 1, c: yp + r0 * dout, ldc: dout)
                    }
                }
            }
        }}}
        return y
    }
}
