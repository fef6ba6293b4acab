/// Average pooling with kernel == stride == k and no padding: [N,C,H,W] -> [N,C,H/k,W/k].
public enum AvgPool2d {
    public static func forward(_ x: Tensor, kernel k: Int) -> Tensor {
        precondition(x.shape.count == 4 && k >= 1 && x.shape[2] >= k && x.shape[3] >= k,
                     "AvgPool2d: input \(x.shape) with kernel \(k)")
        let (nc, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (h / k, w / k)
        var y = Tensor(zeros: [x.shape[0], x.shape[1], oh, ow])
        let inv = 1 / Float(k * k)
        x.withPointer { xp in y.withMutablePointer { yp in
            for p in 0..<nc {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var s: Float = 0
                        for i in 0..<k { for j in 0..<k { s += xp[(p * h + oy * k + i) * w + ox * k + j] } }
                        yp[(p * oh + oy) * ow + ox] = s * inv
                    }
                }
            }
        }}
        return y
    }

    /// Adds dL/dx: every input pixel of a window gets gy / k^2 (pixels outside all windows get nothing).
    public static func backward(gradOutput gy: Tensor, kernel k: Int, gradInput gx: inout Tensor) {
        precondition(gx.shape.count == 4 && gy.shape == [gx.shape[0], gx.shape[1], gx.shape[2] / k, gx.shape[3] / k],
                     "AvgPool2d.backward: gradOutput \(gy.shape) vs gradInput \(gx.shape), kernel \(k)")
        let (nc, h, w) = (gx.shape[0] * gx.shape[1], gx.shape[2], gx.shape[3])
        let (oh, ow) = (h / k, w / k)
        let inv = 1 / Float(k * k)
        gy.withPointer { gp in gx.withMutablePointer { xp in
            for p in 0..<nc {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let g = gp[(p * oh + oy) * ow + ox] * inv
                        for i in 0..<k { for j in 0..<k { xp[(p * h + oy * k + i) * w + ox * k + j] += g } }
                    }
                }
            }
        }}
    }
}
