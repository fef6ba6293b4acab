/// The network a config describes: every block, its widths, and the tensor names and shapes it needs. The same
/// description drives the forward pass and the pre-flight shape check, so the two cannot disagree.
public struct IFUNetLayout: Sendable {
    public enum Resample: Sendable { case none, down, up }

    public struct Resnet: Sendable {
        public var prefix: String
        public var inChannels: Int
        public var outChannels: Int
        public var resample: Resample
        public var outputScale: Float
    }

    public struct Attention: Sendable {
        public var prefix: String
        public var channels: Int
        public var heads: Int
    }

    /// A down block (resnets[i] then attentions[i], outputs collected) or an up block (skips concatenated first).
    public struct Block: Sendable {
        public var prefix: String
        public var resnets: [Resnet]
        public var attentions: [Attention]
        /// The down/up-sampling resnet at the block's end, if any.
        public var sampler: Resnet?
    }

    public let config: IFUNetConfig
    public let down: [Block]
    /// resnets.0, then for each attention: attention, next resnet.
    public let mid: Block
    public let up: [Block]

    public init(_ c: IFUNetConfig) {
        config = c
        let n = c.levels
        func resnet(_ p: String, _ i: Int, _ o: Int, _ r: Resample = .none, scale: Float? = nil) -> Resnet {
            Resnet(prefix: p, inChannels: i, outChannels: o, resample: r, outputScale: scale ?? c.resnetOutScaleFactor)
        }
        var down: [Block] = []
        var output = c.blockOutChannels[0]
        for i in 0..<n {
            let input = output
            output = c.blockOutChannels[i]
            let p = "down_blocks.\(i)"
            let attn = c.downBlockTypes[i].hasPrefix("SimpleCrossAttn")
            down.append(Block(
                prefix: p,
                resnets: (0..<c.layersPerBlock[i]).map { j in resnet("\(p).resnets.\(j)", j == 0 ? input : output, output) },
                attentions: attn ? (0..<c.layersPerBlock[i]).map { j in
                    Attention(prefix: "\(p).attentions.\(j)", channels: output, heads: output / c.attentionHeadDim[i])
                } : [],
                sampler: i < n - 1 ? resnet("\(p).downsamplers.0", output, output, .down) : nil))
        }
        self.down = down
        let top = c.blockOutChannels[n - 1]
        mid = Block(prefix: "mid_block",
                    resnets: [resnet("mid_block.resnets.0", top, top, scale: c.midBlockScaleFactor),
                              resnet("mid_block.resnets.1", top, top, scale: c.midBlockScaleFactor)],
                    attentions: [Attention(prefix: "mid_block.attentions.0", channels: top, heads: top / c.attentionHeadDim[n - 1])],
                    sampler: nil)
        var up: [Block] = []
        let reversed = Array(c.blockOutChannels.reversed())
        let reversedLayers = Array(c.layersPerBlock.reversed())
        output = reversed[0]
        for i in 0..<n {
            let prev = output
            output = reversed[i]
            let input = reversed[min(i + 1, n - 1)]
            let layers = reversedLayers[i] + 1
            let p = "up_blocks.\(i)"
            let attn = c.upBlockTypes[i].hasPrefix("SimpleCrossAttn")
            up.append(Block(
                prefix: p,
                resnets: (0..<layers).map { j in
                    let skip = j == layers - 1 ? input : output
                    return resnet("\(p).resnets.\(j)", (j == 0 ? prev : output) + skip, output)
                },
                // diffusers passes attention_head_dim[i] (not reversed) to up block i.
                attentions: attn ? (0..<layers).map { j in
                    Attention(prefix: "\(p).attentions.\(j)", channels: output, heads: output / c.attentionHeadDim[i])
                } : [],
                sampler: i < n - 1 ? resnet("\(p).upsamplers.0", output, output, .up) : nil))
        }
        self.up = up
    }

    /// Every tensor the forward pass reads, with the shape the config implies, in a fixed order.
    public var expectedTensors: [(name: String, shape: [Int])] {
        let c = config
        var out: [(String, [Int])] = []
        func linear(_ p: String, _ o: Int, _ i: Int) { out += [("\(p).weight", [o, i]), ("\(p).bias", [o])] }
        func norm(_ p: String, _ ch: Int) { out += [("\(p).weight", [ch]), ("\(p).bias", [ch])] }
        func conv(_ p: String, _ o: Int, _ i: Int, _ k: Int) { out += [("\(p).weight", [o, i, k, k]), ("\(p).bias", [o])] }
        let temb = c.timeEmbedDim
        linear("time_embedding.linear_1", temb, c.timeProjDim)
        linear("time_embedding.linear_2", temb, temb)
        if c.classEmbedType != nil {
            linear("class_embedding.linear_1", temb, c.timeProjDim)
            linear("class_embedding.linear_2", temb, temb)
        }
        if c.additionEmbedType != nil {
            let d = c.textDim
            norm("add_embedding.norm1", d)
            out.append(("add_embedding.pool.positional_embedding", [1, d]))
            for q in ["q", "k", "v"] { linear("add_embedding.pool.\(q)_proj", d, d) }
            linear("add_embedding.proj", temb, d)
            norm("add_embedding.norm2", temb)
        }
        if let hid = c.encoderHidDim { linear("encoder_hid_proj", c.crossAttentionDim, hid) }
        conv("conv_in", c.blockOutChannels[0], c.inChannels, c.convInKernel)
        func resnet(_ r: Resnet) {
            norm("\(r.prefix).norm1", r.inChannels)
            conv("\(r.prefix).conv1", r.outChannels, r.inChannels, 3)
            linear("\(r.prefix).time_emb_proj", c.resnetTimeScaleShift == "scale_shift" ? 2 * r.outChannels : r.outChannels, temb)
            norm("\(r.prefix).norm2", r.outChannels)
            conv("\(r.prefix).conv2", r.outChannels, r.outChannels, 3)
            if r.inChannels != r.outChannels { conv("\(r.prefix).conv_shortcut", r.outChannels, r.inChannels, 1) }
        }
        func attention(_ a: Attention) {
            let ch = a.channels
            for q in ["to_q", "to_k", "to_v", "to_out.0"] { linear("\(a.prefix).\(q)", ch, ch) }
            linear("\(a.prefix).add_k_proj", ch, c.crossAttentionDim)
            linear("\(a.prefix).add_v_proj", ch, c.crossAttentionDim)
            norm("\(a.prefix).group_norm", ch)
            if c.crossAttentionNorm == "group_norm" { norm("\(a.prefix).norm_cross", c.crossAttentionDim) }
        }
        for b in down + [mid] + up {
            b.resnets.forEach(resnet)
            b.attentions.forEach(attention)
            if let s = b.sampler { resnet(s) }
        }
        norm("conv_norm_out", c.blockOutChannels[0])
        conv("conv_out", c.outChannels, c.blockOutChannels[0], c.convOutKernel)
        return out
    }

    /// Fails on the first tensor that is missing or whose shape differs from the config's.
    public func check(_ weights: IFWeightSource) throws {
        for (name, shape) in expectedTensors {
            guard let actual = weights.shape(of: name) else { throw IFError.missingTensor(name: name, source: weights.origin) }
            guard actual == shape else {
                throw IFError.wrongShape(name: name, source: weights.origin, expected: shape, actual: actual)
            }
        }
    }

    /// Multiply-adds x 2 of one forward at `size` x `size` with `tokens` text tokens, per image.
    public func flops(size: Int, tokens: Int) -> Double {
        var total = 0.0
        let c = config
        var h = size
        func convF(_ o: Int, _ i: Int, _ k: Int, _ s: Int) -> Double { 2.0 * Double(o * i * k * k * s * s) }
        func resnetF(_ r: Resnet, _ s: Int) -> Double {
            let s2 = r.resample == .down ? s / 2 : r.resample == .up ? s * 2 : s
            var f = convF(r.outChannels, r.inChannels, 3, s2) + convF(r.outChannels, r.outChannels, 3, s2)
            if r.inChannels != r.outChannels { f += convF(r.outChannels, r.inChannels, 1, s2) }
            return f
        }
        func attnF(_ a: Attention, _ s: Int) -> Double {
            let n = Double(s * s), ch = Double(a.channels), l = Double(tokens)
            return 2 * (4 * n * ch * ch + 2 * l * ch * Double(c.crossAttentionDim) + 2 * n * (n + l) * ch)
        }
        total += convF(c.blockOutChannels[0], c.inChannels, c.convInKernel, h)
        for b in down {
            for r in b.resnets { total += resnetF(r, h) }
            for a in b.attentions { total += attnF(a, h) }
            if let s = b.sampler { total += resnetF(s, h); h /= 2 }
        }
        for r in mid.resnets { total += resnetF(r, h) }
        for a in mid.attentions { total += attnF(a, h) }
        for b in up {
            for r in b.resnets { total += resnetF(r, h) }
            for a in b.attentions { total += attnF(a, h) }
            if let s = b.sampler { total += resnetF(s, h); h *= 2 }
        }
        total += convF(c.outChannels, c.blockOutChannels[0], c.convOutKernel, h)
        return total
    }
}
