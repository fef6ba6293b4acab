/// DeepFloyd IF's UNet (diffusers `UNet2DConditionModel` with IF's block types), forward only, driven entirely by
/// the config. Weights are fetched per layer from the source while that layer runs (see `IFWeightSource`).
public struct IFUNet: Sendable {
    public let config: IFUNetConfig
    public let layout: IFUNetLayout
    public let weights: IFWeightSource

    /// Checks every tensor's shape against the config before accepting the weights.
    public init(config: IFUNetConfig, weights: IFWeightSource) throws {
        self.config = config
        layout = IFUNetLayout(config)
        self.weights = weights
        try layout.check(weights)
    }

    public init(snapshot: IFSnapshot) throws {
        try self.init(config: snapshot.config, weights: snapshot.weights)
    }

    /// One forward pass.
    /// - sample `[B, in_channels, H, W]` (H, W divisible by 2^(levels-1)); `timesteps` one per sample (or one for all);
    ///   `text` the raw text-encoder states `[B, L, encoder_hid_dim]`; `classLabels` the stage II noise level per sample.
    /// - record: called with `act.<module>` intermediates named as in diffusers (`act.down_blocks.0`, `act.mid_block`, ...).
    /// - Returns `[B, out_channels, H, W]`.
    public func forward(sample: Tensor, timesteps: [Float], text: Tensor, classLabels: [Float]? = nil,
                        record: ((String, Tensor) -> Void)? = nil) throws -> Tensor {
        let c = config, layers = IFLayers(source: weights, config: c), act = IFActivation(name: c.actFn)
        let b = try validate(sample: sample, timesteps: timesteps, text: text, classLabels: classLabels)
        func note(_ name: String, _ t: Tensor) { record?("act.\(name)", t) }
        let ts = timesteps.count == 1 ? Array(repeating: timesteps[0], count: b) : timesteps

        let tProj = IFTimestepEmbedding.features(ts, dim: c.timeProjDim, flipSinToCos: c.flipSinToCos, shift: c.freqShift)
        note("time_proj", tProj)
        var emb = try IFTimestepEmbedding.mlp(layers, "time_embedding", tProj, activation: act)
        note("time_embedding", emb)
        if c.classEmbedType != nil, let labels = classLabels {
            let lProj = IFTimestepEmbedding.features(labels.count == 1 ? Array(repeating: labels[0], count: b) : labels,
                                                     dim: c.timeProjDim, flipSinToCos: c.flipSinToCos, shift: c.freqShift)
            note("class_time_proj", lProj)
            let classEmb = try IFTimestepEmbedding.mlp(layers, "class_embedding", lProj, activation: act)
            note("class_embedding", classEmb)
            emb = add(emb, classEmb)
        }
        if c.additionEmbedType == "text" {
            let aug = try IFAttentionPooling.forward(layers, text, heads: c.additionEmbedTypeNumHeads)
            note("add_embedding", aug)
            emb = add(emb, aug)
        }
        if let name = c.timeEmbeddingActFn {
            emb = IFActivation(name: name).applied(emb)
            note("time_embed_act", emb)
        }
        var context = text
        if c.encoderHidDim != nil {
            context = try layers.linear("encoder_hid_proj", text)
            note("encoder_hid_proj", context)
        }

        var h = try layers.conv("conv_in", sample)
        note("conv_in", h)
        var skips = [h]
        for (i, block) in layout.down.enumerated() {
            for (j, r) in block.resnets.enumerated() {
                h = try IFResnetBlock.forward(layers, r, h, emb: emb)
                if j < block.attentions.count {
                    h = try IFAddedKVAttention.forward(layers, block.attentions[j], h, text: context)
                }
                skips.append(h)
            }
            if let s = block.sampler {
                h = try IFResnetBlock.forward(layers, s, h, emb: emb)
                skips.append(h)
            }
            note("down_blocks.\(i)", h)
        }
        h = try IFResnetBlock.forward(layers, layout.mid.resnets[0], h, emb: emb)
        for (j, a) in layout.mid.attentions.enumerated() {
            h = try IFAddedKVAttention.forward(layers, a, h, text: context)
            h = try IFResnetBlock.forward(layers, layout.mid.resnets[j + 1], h, emb: emb)
        }
        note("mid_block", h)
        for (i, block) in layout.up.enumerated() {
            for (j, r) in block.resnets.enumerated() {
                h = ConcatChannels.forward(h, skips.removeLast())
                h = try IFResnetBlock.forward(layers, r, h, emb: emb)
                if j < block.attentions.count {
                    h = try IFAddedKVAttention.forward(layers, block.attentions[j], h, text: context)
                }
            }
            if let s = block.sampler { h = try IFResnetBlock.forward(layers, s, h, emb: emb) }
            note("up_blocks.\(i)", h)
        }
        h = try layers.groupNorm("conv_norm_out", h, groups: c.normNumGroups, eps: c.normEps)
        note("conv_norm_out", h)
        act.apply(&h)
        let out = try layers.conv("conv_out", h)
        note("conv_out", out)
        return out
    }

    /// The batch size, or an error naming the input whose shape does not fit the config.
    private func validate(sample: Tensor, timesteps: [Float], text: Tensor, classLabels: [Float]?) throws -> Int {
        let c = config
        let factor = 1 << (c.levels - 1)
        guard sample.shape.count == 4, sample.shape[1] == c.inChannels, sample.shape[0] >= 1,
              sample.shape[2] % factor == 0, sample.shape[3] % factor == 0, sample.shape[2] > 0, sample.shape[3] > 0 else {
            throw IFError.badInput(what: "sample", reason: "shape \(sample.shape); expected [B, \(c.inChannels), H, W] with H, W multiples of \(factor)")
        }
        let b = sample.shape[0]
        guard timesteps.count == b || timesteps.count == 1 else {
            throw IFError.badInput(what: "timestep", reason: "\(timesteps.count) values for a batch of \(b)")
        }
        guard text.shape.count == 3, text.shape[0] == b, text.shape[1] >= 1, text.shape[2] == c.textDim else {
            throw IFError.badInput(what: "encoder_hidden_states", reason: "shape \(text.shape); expected [\(b), L, \(c.textDim)]")
        }
        if c.classEmbedType != nil {
            guard let labels = classLabels, labels.count == b || labels.count == 1 else {
                throw IFError.badInput(what: "class_labels", reason: "this UNet (class_embed_type \"timestep\") needs one noise level per sample (batch \(b)), got \(classLabels?.count ?? 0)")
            }
        }
        return b
    }

    private func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        var y = a
        y.withMutablePointer { yp in b.withPointer { bp in for i in 0..<a.count { yp[i] += bp[i] } } }
        return y
    }
}
