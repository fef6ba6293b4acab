/// Fully connected layer, PyTorch layout: y = x W^T + b.
public enum Linear {
    /// x [N,In], weight [Out,In], bias [Out] -> [N,Out]
    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let (n, din, dout) = dims(x, weight)
        if let bias { precondition(bias.shape == [dout], "Linear: bias \(bias.shape) for weight \(weight.shape)") }
        var y = Tensor(zeros: [n, dout])
        x.withPointer { xp in weight.withPointer { wp in y.withMutablePointer { yp in
            if let bias {
                bias.withPointer { bp in for i in 0..<n { (yp + i * dout).update(from: bp, count: dout) } }
            }
            sgemm(transB: true, m: n, n: dout, k: din, a: xp, lda: din, b: wp, ldb: din,
                  beta: bias == nil ? 0 : 1, c: yp, ldc: dout)
        }}}
        return y
    }

    /// Adds dL/dx (if `computeInput`), dL/dweight, dL/dbias.
    public static func backward(_ x: Tensor, weight: Tensor, gradOutput gy: Tensor,
                                gradInput gx: inout Tensor, gradWeight gw: inout Tensor, gradBias gb: inout Tensor,
                                computeInput: Bool) {
        let (n, din, dout) = dims(x, weight)
        precondition(gy.shape == [n, dout] && gw.shape == weight.shape && gb.shape == [dout],
                     "Linear.backward: gradOutput \(gy.shape), gradWeight \(gw.shape), gradBias \(gb.shape) for x \(x.shape), weight \(weight.shape)")
        if computeInput { precondition(gx.shape == x.shape, "Linear.backward: gradInput \(gx.shape) vs x \(x.shape)") }
        x.withPointer { xp in weight.withPointer { wp in gy.withPointer { gp in
            gw.withMutablePointer { gwp in
                sgemm(transA: true, m: dout, n: din, k: n, a: gp, lda: dout, b: xp, ldb: din, beta: 1, c: gwp, ldc: din)
            }
            gb.withMutablePointer { gbp in
                for o in 0..<dout {
                    var s: Float = 0
                    for i in 0..<n { s += gp[i * dout + o] }
                    gbp[o] += s
                }
            }
            if computeInput {
                gx.withMutablePointer { gxp in
                    sgemm(m: n, n: din, k: dout, a: gp, lda: dout, b: wp, ldb: din, beta: 1, c: gxp, ldc: din)
                }
            }
        }}}
    }

    private static func dims(_ x: Tensor, _ w: Tensor) -> (Int, Int, Int) {
        precondition(x.shape.count == 2 && w.shape.count == 2 && x.shape[1] == w.shape[1],
                     "Linear: input \(x.shape) does not match weight \(w.shape)")
        return (x.shape[0], x.shape[1], w.shape[0])
    }
}
