/// A per-sample, per-channel vector v [N,C] applied to every pixel of x [N,C,H,W] (the UNet conditioning).
public enum ChannelBroadcast {
    public static func add(_ x: Tensor, _ v: Tensor) -> Tensor {
        let plane = check(x, v)
        var y = Tensor(uninitialized: x.shape)
        x.withPointer { xp in v.withPointer { vp in y.withMutablePointer { yp in
            for p in 0..<v.count { let b = vp[p], d = yp + p * plane, s = xp + p * plane; for q in 0..<plane { d[q] = s[q] + b } }
        }}}
        return y
    }

    public static func addBackward(gradOutput gy: Tensor, gradX: inout Tensor, gradV: inout Tensor) {
        let plane = check(gy, gradV)
        precondition(gradX.shape == gy.shape, "ChannelBroadcast.addBackward: gradX \(gradX.shape) vs gradOutput \(gy.shape)")
        let vectors = gradV.count
        gy.withPointer { gp in gradX.withMutablePointer { xp in gradV.withMutablePointer { vp in
            for p in 0..<vectors {
                var s: Float = 0
                for q in 0..<plane { let g = gp[p * plane + q]; xp[p * plane + q] += g; s += g }
                vp[p] += s
            }
        }}}
    }

    public static func multiply(_ x: Tensor, _ v: Tensor) -> Tensor {
        let plane = check(x, v)
        var y = Tensor(uninitialized: x.shape)
        x.withPointer { xp in v.withPointer { vp in y.withMutablePointer { yp in
            for p in 0..<v.count { let a = vp[p], d = yp + p * plane, s = xp + p * plane; for q in 0..<plane { d[q] = s[q] * a } }
        }}}
        return y
    }

    public static func multiplyBackward(_ x: Tensor, _ v: Tensor, gradOutput gy: Tensor, gradX: inout Tensor, gradV: inout Tensor) {
        let plane = check(x, v)
        precondition(gy.shape == x.shape && gradX.shape == x.shape && gradV.shape == v.shape,
                     "ChannelBroadcast.multiplyBackward: gradOutput \(gy.shape), gradX \(gradX.shape), gradV \(gradV.shape) for x \(x.shape), v \(v.shape)")
        x.withPointer { xp in v.withPointer { vp in gy.withPointer { gp in
            gradX.withMutablePointer { gxp in gradV.withMutablePointer { gvp in
                for p in 0..<v.count {
                    let a = vp[p]
                    var s: Float = 0
                    for q in 0..<plane {
                        let g = gp[p * plane + q]
                        gxp[p * plane + q] += g * a
                        s += g * xp[p * plane + q]
                    }
                    gvp[p] += s
                }
            }}
        }}}
    }

    /// Checks x [N,C,H,W] against v [N,C]; returns H*W.
    private static func check(_ x: Tensor, _ v: Tensor) -> Int {
        precondition(x.shape.count == 4 && v.shape == [x.shape[0], x.shape[1]],
                     "ChannelBroadcast: vector \(v.shape) does not match [N,C] of \(x.shape)")
        return x.shape[2] * x.shape[3]
    }
}
