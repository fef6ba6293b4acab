import Foundation

/// The subset of diffusers' `UNet2DConditionModel` config (`unet/config.json`) that DeepFloyd IF uses.
///
/// Unknown keys are ignored (configs carry `_class_name`, `_diffusers_version`, ...). Keys that fix the network's
/// shape are required; the rest default to diffusers' own defaults, so a config that omits them means what it
/// means to diffusers. Options IF never uses are rejected by `validate()` rather than silently mis-run.
public struct IFUNetConfig: Sendable {
    public var inChannels: Int
    public var outChannels: Int
    public var blockOutChannels: [Int]
    public var downBlockTypes: [String]
    public var upBlockTypes: [String]
    public var midBlockType: String
    /// Per level (diffusers accepts an int for all levels).
    public var layersPerBlock: [Int]
    /// Per-head width of the SimpleCrossAttn blocks (heads = channels / attentionHeadDim), per level.
    public var attentionHeadDim: [Int]
    public var crossAttentionDim: Int
    public var encoderHidDim: Int?
    public var encoderHidDimType: String?
    public var additionEmbedType: String?
    public var additionEmbedTypeNumHeads: Int
    public var classEmbedType: String?
    public var normNumGroups: Int
    public var normEps: Float
    public var actFn: String
    public var flipSinToCos: Bool
    public var freqShift: Float
    public var timeEmbeddingDim: Int?
    public var timeEmbeddingActFn: String?
    public var resnetTimeScaleShift: String
    public var resnetSkipTimeAct: Bool
    public var resnetOutScaleFactor: Float
    public var midBlockScaleFactor: Float
    public var crossAttentionNorm: String?
    public var convInKernel: Int
    public var convOutKernel: Int
    public var sampleSize: Int?
    /// Options that must keep their default for the IF network; recorded so `validate()` can name them.
    var fixedOptions: [(key: String, value: String, expected: String)] = []

    /// Width of the time embedding MLP output (`time_embedding_dim` or 4 x block_out_channels[0]).
    public var timeEmbedDim: Int { timeEmbeddingDim ?? 4 * blockOutChannels[0] }
    /// Width of the sinusoidal timestep features.
    public var timeProjDim: Int { blockOutChannels[0] }
    /// Width of the text states fed to the UNet (`encoder_hid_dim`, or `cross_attention_dim` without a projection).
    public var textDim: Int { encoderHidDim ?? crossAttentionDim }
    public var levels: Int { blockOutChannels.count }

    public static let downBlocks = ["ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"]
    public static let upBlocks = ["ResnetUpsampleBlock2D", "SimpleCrossAttnUpBlock2D"]
    public static let midBlock = "UNetMidBlock2DSimpleCrossAttn"

    /// Parses `unet/config.json`; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> IFUNetConfig {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw IFError.invalidConfig(file: file, reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let json = object as? [String: Any] else {
            throw IFError.invalidConfig(file: file, reason: "top level is not a JSON object")
        }
        let r = ConfigReader(json: json, file: file)
        let blocks: [Int] = try r.required("block_out_channels")
        let levels = blocks.count
        var c = IFUNetConfig(
            inChannels: try r.required("in_channels"),
            outChannels: try r.required("out_channels"),
            blockOutChannels: blocks,
            downBlockTypes: try r.required("down_block_types"),
            upBlockTypes: try r.required("up_block_types"),
            midBlockType: try r.optional("mid_block_type") ?? "UNetMidBlock2DCrossAttn",
            layersPerBlock: try r.perLevel("layers_per_block", levels: levels, default: nil),
            attentionHeadDim: try r.perLevel("attention_head_dim", levels: levels, default: 8),
            crossAttentionDim: try r.required("cross_attention_dim"),
            encoderHidDim: try r.optional("encoder_hid_dim"),
            encoderHidDimType: try r.optional("encoder_hid_dim_type"),
            additionEmbedType: try r.optional("addition_embed_type"),
            additionEmbedTypeNumHeads: try r.optional("addition_embed_type_num_heads") ?? 64,
            classEmbedType: try r.optional("class_embed_type"),
            normNumGroups: try r.optional("norm_num_groups") ?? 32,
            normEps: Float(try r.optional("norm_eps") ?? 1e-5 as Double),
            actFn: try r.optional("act_fn") ?? "silu",
            flipSinToCos: try r.optional("flip_sin_to_cos") ?? true,
            freqShift: Float(try r.optional("freq_shift") ?? 0 as Double),
            timeEmbeddingDim: try r.optional("time_embedding_dim"),
            timeEmbeddingActFn: try r.optional("time_embedding_act_fn"),
            resnetTimeScaleShift: try r.optional("resnet_time_scale_shift") ?? "default",
            resnetSkipTimeAct: try r.optional("resnet_skip_time_act") ?? false,
            resnetOutScaleFactor: Float(try r.optional("resnet_out_scale_factor") ?? 1 as Double),
            midBlockScaleFactor: Float(try r.optional("mid_block_scale_factor") ?? 1 as Double),
            crossAttentionNorm: try r.optional("cross_attention_norm"),
            convInKernel: try r.optional("conv_in_kernel") ?? 3,
            convOutKernel: try r.optional("conv_out_kernel") ?? 3,
            sampleSize: try r.optional("sample_size"))
        if c.encoderHidDim != nil && c.encoderHidDimType == nil { c.encoderHidDimType = "text_proj" }  // as diffusers
        c.fixedOptions = [
            ("time_embedding_type", try r.optionalText("time_embedding_type") ?? "positional", "positional"),
            ("class_embeddings_concat", try r.optionalText("class_embeddings_concat", boolean: true) ?? "false", "false"),
            ("num_class_embeds", try r.optionalText("num_class_embeds") ?? "null", "null"),
            ("time_cond_proj_dim", try r.optionalText("time_cond_proj_dim") ?? "null", "null"),
            ("timestep_post_act", try r.optionalText("timestep_post_act") ?? "null", "null"),
            ("dual_cross_attention", try r.optionalText("dual_cross_attention", boolean: true) ?? "false", "false"),
            ("only_cross_attention", try r.optionalText("only_cross_attention", boolean: true) ?? "false", "false"),
            ("mid_block_only_cross_attention", try r.optionalText("mid_block_only_cross_attention", boolean: true) ?? "null", "null or false"),
            ("center_input_sample", try r.optionalText("center_input_sample", boolean: true) ?? "false", "false"),
        ]
        try c.validate(file: file)
        return c
    }

    /// Rejects configurations this engine does not implement, naming the key.
    public func validate(file: String) throws {
        func unsupported(_ key: String, _ value: Any, _ supported: String) -> IFError {
            .unsupportedConfig(file: file, key: key, value: "\(value)", supported: supported)
        }
        for (key, value, expected) in fixedOptions where !expected.components(separatedBy: " or ").contains(value) {
            throw unsupported(key, value, expected)
        }
        let levels = blockOutChannels.count
        guard levels >= 1, blockOutChannels.allSatisfy({ $0 > 0 }) else {
            throw IFError.invalidConfig(file: file, reason: "block_out_channels \(blockOutChannels) must be positive")
        }
        guard downBlockTypes.count == levels, upBlockTypes.count == levels else {
            throw IFError.invalidConfig(file: file, reason: "down_block_types (\(downBlockTypes.count)) and up_block_types (\(upBlockTypes.count)) must have one entry per block_out_channels (\(levels))")
        }
        for t in downBlockTypes where !Self.downBlocks.contains(t) {
            throw unsupported("down_block_types", t, Self.downBlocks.joined(separator: ", "))
        }
        for t in upBlockTypes where !Self.upBlocks.contains(t) {
            throw unsupported("up_block_types", t, Self.upBlocks.joined(separator: ", "))
        }
        guard midBlockType == Self.midBlock else { throw unsupported("mid_block_type", midBlockType, Self.midBlock) }
        guard ["gelu", "silu", "swish"].contains(actFn) else { throw unsupported("act_fn", actFn, "gelu, silu") }
        if let a = timeEmbeddingActFn, !["gelu", "silu", "swish"].contains(a) {
            throw unsupported("time_embedding_act_fn", a, "gelu, silu, null")
        }
        guard ["scale_shift", "default"].contains(resnetTimeScaleShift) else {
            throw unsupported("resnet_time_scale_shift", resnetTimeScaleShift, "scale_shift, default")
        }
        if let t = additionEmbedType, t != "text" { throw unsupported("addition_embed_type", t, "text, null") }
        if let t = classEmbedType, t != "timestep" { throw unsupported("class_embed_type", t, "timestep, null") }
        if let t = encoderHidDimType, t != "text_proj" { throw unsupported("encoder_hid_dim_type", t, "text_proj") }
        if let n = crossAttentionNorm, n != "group_norm" { throw unsupported("cross_attention_norm", n, "group_norm, null") }
        guard layersPerBlock.allSatisfy({ $0 >= 1 }) else {
            throw IFError.invalidConfig(file: file, reason: "layers_per_block \(layersPerBlock) must be >= 1")
        }
        for (i, c) in blockOutChannels.enumerated() {
            guard c % normNumGroups == 0 else {
                throw IFError.invalidConfig(file: file, reason: "block_out_channels[\(i)] = \(c) is not divisible by norm_num_groups \(normNumGroups)")
            }
            let usesAttention = downBlockTypes[i].hasPrefix("SimpleCrossAttn") || upBlockTypes[levels - 1 - i].hasPrefix("SimpleCrossAttn")
            if usesAttention, c % attentionHeadDim[i] != 0 {
                throw IFError.invalidConfig(file: file, reason: "block_out_channels[\(i)] = \(c) is not divisible by attention_head_dim \(attentionHeadDim[i])")
            }
        }
        if crossAttentionNorm == "group_norm", crossAttentionDim % 32 != 0 {
            throw IFError.invalidConfig(file: file, reason: "cross_attention_dim \(crossAttentionDim) must be divisible by 32 (diffusers' norm_cross uses 32 groups)")
        }
        if additionEmbedType == "text", textDim % additionEmbedTypeNumHeads != 0 {
            throw IFError.invalidConfig(file: file, reason: "the text width \(textDim) is not divisible by addition_embed_type_num_heads \(additionEmbedTypeNumHeads)")
        }
        guard timeProjDim % 2 == 0, convInKernel % 2 == 1, convOutKernel % 2 == 1 else {
            throw IFError.invalidConfig(file: file, reason: "block_out_channels[0] must be even and conv kernels odd")
        }
    }
}

/// Typed access to the config's JSON object with errors that name the file and key.
private struct ConfigReader {
    let json: [String: Any]
    let file: String

    func required<T>(_ key: String) throws -> T {
        guard let raw = json[key], !(raw is NSNull) else { throw IFError.missingConfigKey(file: file, key: key) }
        return try convert(raw, key)
    }

    func optional<T>(_ key: String) throws -> T? {
        guard let raw = json[key], !(raw is NSNull) else { return nil }
        return try convert(raw, key) as T
    }

    /// The raw value as text, for options that must keep one value.
    func optionalText(_ key: String, boolean: Bool = false) throws -> String? {
        guard let raw = json[key] else { return nil }
        if raw is NSNull { return "null" }
        if let s = raw as? String { return s }
        if let n = raw as? NSNumber { return boolean ? (n.boolValue ? "true" : "false") : "\(n)" }
        return "\(raw)"
    }

    /// An int for all levels or one per level.
    func perLevel(_ key: String, levels: Int, default value: Int?) throws -> [Int] {
        guard let raw = json[key], !(raw is NSNull) else {
            guard let value else { throw IFError.missingConfigKey(file: file, key: key) }
            return Array(repeating: value, count: levels)
        }
        if let list = raw as? [Any] {
            let ints: [Int] = try convert(list, key)
            guard ints.count == levels else {
                throw IFError.invalidConfig(file: file, reason: "'\(key)' has \(ints.count) entries for \(levels) levels")
            }
            return ints
        }
        return Array(repeating: try convert(raw, key) as Int, count: levels)
    }

    private func convert<T>(_ raw: Any, _ key: String) throws -> T {
        func bad() -> IFError { .invalidConfig(file: file, reason: "'\(key)' = \(raw) is not a \(T.self)") }
        if T.self == Int.self {
            guard let n = raw as? NSNumber, let d = Double(exactly: n.doubleValue), d == d.rounded() else { throw bad() }
            return Int(d) as! T
        }
        if T.self == Double.self {
            guard let n = raw as? NSNumber else { throw bad() }
            return n.doubleValue as! T
        }
        if T.self == Bool.self {
            guard let n = raw as? NSNumber else { throw bad() }
            return n.boolValue as! T
        }
        if T.self == String.self {
            guard let s = raw as? String else { throw bad() }
            return s as! T
        }
        if T.self == [Int].self {
            guard let list = raw as? [Any] else { throw bad() }
            return try list.map { try convert($0, key) as Int } as! T
        }
        if T.self == [String].self {
            guard let list = raw as? [String] else { throw bad() }
            return list as! T
        }
        throw bad()
    }
}
