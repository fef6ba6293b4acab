import Foundation

/// GELU, exact erf form: 0.5 x (1 + erf(x / sqrt 2)); derivative Phi(x) + x phi(x).
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

    @inline(__always)
    static func value(_ x: Float) -> Float { 0.5 * x * (1 + erf(x * 0.70710678118654752)) }

    @inline(__always)
    static func derivative(_ x: Float) -> Float {
        0.5 * (1 + erf(x * 0.70710678118654752)) + x * 0.39894228040143268 * exp(-0.5 * x * x)
    }
}
