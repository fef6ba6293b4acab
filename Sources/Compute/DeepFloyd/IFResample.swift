/// The resampling inside IF's down/up resnets: `AvgPool2d(2, 2)` and nearest-neighbour 2x (no convolutions).
enum IFResample {
    /// [B, C, H, W] -> [B, C, H/2, W/2], mean of each 2x2 window (odd edges dropped, as PyTorch does).
    static func avgPool2(_ x: Tensor) -> Tensor {
        let (bc, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (h / 2, w / 2)
        var y = Tensor(uninitialized: [x.shape[0], x.shape[1], oh, ow])
        x.withPointer { xp in y.withMutablePointer { yp in
            parallelRanges(bc, costPerItem: oh * ow * 4) { range in
                for p in range {
                    let src = xp + p * h * w, dst = yp + p * oh * ow
                    for i in 0..<oh {
                        for j in 0..<ow {
                            let a = src[2 * i * w + 2 * j], b = src[2 * i * w + 2 * j + 1]
                            let c = src[(2 * i + 1) * w + 2 * j], d = src[(2 * i + 1) * w + 2 * j + 1]
                            dst[i * ow + j] = (a + b + c + d) * 0.25
                        }
                    }
                }
            }
        }}
        return y
    }

    /// [B, C, H, W] -> [B, C, 2H, 2W], each value repeated in a 2x2 block.
    static func nearest2(_ x: Tensor) -> Tensor {
        let (bc, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        var y = Tensor(uninitialized: [x.shape[0], x.shape[1], 2 * h, 2 * w])
        x.withPointer { xp in y.withMutablePointer { yp in
            parallelRanges(bc, costPerItem: h * w * 4) { range in
                for p in range {
                    let src = xp + p * h * w, dst = yp + p * 4 * h * w
                    for i in 0..<2 * h {
                        let row = src + (i / 2) * w, out = dst + i * 2 * w
                        for j in 0..<2 * w { out[j] = row[j / 2] }
                    }
                }
            }
        }}
        return y
    }
}
