/// Channel concatenation of two NCHW tensors with equal N, H, W (the UNet skip connections).
public enum ConcatChannels {
    /// [N,Ca,H,W] ++ [N,Cb,H,W] -> [N,Ca+Cb,H,W]
    public static func forward(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape.count == 4 && b.shape.count == 4 && a.shape[0] == b.shape[0] && a.shape[2...] == b.shape[2...],
                     "ConcatChannels: \(a.shape) and \(b.shape) differ outside the channel axis")
        let n = a.shape[0], sa = a.count / n, sb = b.count / n
        var y = Tensor(uninitialized: [n, a.shape[1] + b.shape[1], a.shape[2], a.shape[3]])
        a.withPointer { ap in b.withPointer { bp in y.withMutablePointer { yp in
            // Split across threads: copied by the thread that walks the graph, the skips left the other core idle.
            parallelRanges(n, costPerItem: sa + sb) { images in
                for i in images {
                    copyFloats(yp + i * (sa + sb), from: ap + i * sa, count: sa)
                    copyFloats(yp + i * (sa + sb) + sa, from: bp + i * sb, count: sb)
                }
            }
        }}}
        return y
    }

    /// Adds the two channel slices of gy into gradA and gradB.
    public static func backward(gradOutput gy: Tensor, gradA: inout Tensor, gradB: inout Tensor) {
        precondition(gradA.shape.count == 4 && gradB.shape.count == 4 &&
                     gy.shape == [gradA.shape[0], gradA.shape[1] + gradB.shape[1], gradA.shape[2], gradA.shape[3]] &&
                     gradB.shape[0] == gradA.shape[0] && gradB.shape[2...] == gradA.shape[2...],
                     "ConcatChannels.backward: gradOutput \(gy.shape) vs gradA \(gradA.shape), gradB \(gradB.shape)")
        let n = gy.shape[0], sa = gradA.count / n, sb = gradB.count / n
        gy.withPointer { gp in gradA.withMutablePointer { ap in gradB.withMutablePointer { bp in
            parallelRanges(n, costPerItem: sa + sb) { images in
                for i in images {
                    let g = gp + i * (sa + sb), gb = g + sa, da = ap + i * sa, db = bp + i * sb
                    for q in 0..<sa { da[q] += g[q] }
                    for q in 0..<sb { db[q] += gb[q] }
                }
            }
        }}}
    }
}
