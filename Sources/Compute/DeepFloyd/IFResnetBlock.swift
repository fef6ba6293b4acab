/// diffusers' `ResnetBlock2D` as IF configures it:
/// `h = conv1(resample(act(GN1(x))))`, `h = GN2(h) * (1 + scale) + shift` (scale/shift from
/// `time_emb_proj(act(emb))`, or `GN2(h + t)` for "default"), `h = conv2(act(h))`,
/// `out = (shortcut(resample(x)) + h) / output_scale_factor`. Down/up-sampling is avg-pool / nearest inside.
enum IFResnetBlock {
    static func forward(_ layers: IFLayers, _ r: IFUNetLayout.Resnet, _ x: Tensor, emb: Tensor) throws -> Tensor {
        let c = layers.config, act = IFActivation(name: c.actFn), p = r.prefix
        var h = try layers.groupNorm("\(p).norm1", x, groups: c.normNumGroups, eps: c.normEps, activation: act)
        var input = x
        switch r.resample {
        case .down: h = IFResample.avgPool2(h); input = IFResample.avgPool2(x)
        case .up: h = IFResample.nearest2(h); input = IFResample.nearest2(x)
        case .none: break
        }
        h = try layers.conv("\(p).conv1", h)
        let t = try layers.linear("\(p).time_emb_proj", c.resnetSkipTimeAct ? emb : act.applied(emb))  // [B, k*Co]
        let (b, co, plane) = (h.shape[0], h.shape[1], h.shape[2] * h.shape[3])
        if c.resnetTimeScaleShift == "scale_shift" {
            h = try layers.groupNorm("\(p).norm2", h, groups: c.normNumGroups, eps: c.normEps)
            h.withMutablePointer { hp in t.withPointer { tp in
                parallelRanges(b * co, costPerItem: plane) { range in
                    for bc in range {
                        let (bi, ch) = (bc / co, bc % co)
                        let scale = 1 + tp[bi * 2 * co + ch], shift = tp[bi * 2 * co + co + ch]
                        let row = hp + bc * plane
                        for i in 0..<plane { row[i] = act(row[i] * scale + shift) }
                    }
                }
            }}
        } else {
            h.withMutablePointer { hp in t.withPointer { tp in
                for bc in 0..<b * co { let v = tp[bc]; for i in 0..<plane { hp[bc * plane + i] += v } }
            }}
            h = try layers.groupNorm("\(p).norm2", h, groups: c.normNumGroups, eps: c.normEps, activation: act)
        }
        h = try layers.conv("\(p).conv2", h)
        if r.inChannels != r.outChannels { input = try layers.conv("\(p).conv_shortcut", input) }
        let inv = r.outputScale, count = h.count
        h.withMutablePointer { hp in input.withPointer { ip in
            parallelRanges(count, costPerItem: 1) { range in
                if inv == 1 {
                    for i in range { hp[i] = ip[i] + hp[i] }
                } else {
                    for i in range { hp[i] = (ip[i] + hp[i]) / inv }
                }
            }
        }}
        return h
    }
}
