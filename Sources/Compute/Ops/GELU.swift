/// GELU, exact erf form: 0.5 x (1 + erf(x / sqrt 2)); derivative Phi(x) + x phi(x).
/// erf and exp are our vectorisable ~1-ulp versions (FastMath.swift), not glibc's scalar calls.
public enum GELU {
    public static func forward(_ x: Tensor) -> Tensor {
        var y = Tensor(uninitialized: x.shape)
        x.withPointer { xp in y.withMutablePointer { yp in
            parallelRanges(x.count, costPerItem: 16) { range in
                for i in range { yp[i] = value(xp[i]) }
            }
        }}
        return y
    }

    public static func backward(_ x: Tensor, gradOutput gy: Tensor, gradInput gx: inout Tensor) {
        precondition(gy.shape == x.shape && gx.shape == x.shape,
                     "GELU.backward: gradOutput \(gy.shape), gradInput \(gx.shape) vs x \(x.shape)")
        x.withPointer { xp in gy.withPointer { gp in gx.withMutablePointer { gxp in
            parallelRanges(x.count, costPerItem: 16) { range in
                for i in range { gxp[i] += gp[i] * derivative(xp[i]) }
            }
        }}}
    }

    @inline(__always) static func value(_ x: Float) -> Float { geluValue(x) }
    @inline(__always) static func derivative(_ x: Float) -> Float { geluDerivative(x) }
}
