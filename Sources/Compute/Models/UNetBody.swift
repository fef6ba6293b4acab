/// The shared encoder/decoder of all three UNets (unet.py `UNetBody`), for 28x28 inputs.
public final class UNetBody: Module {
    public let inc: ConvBlock, down1: DownBlock, down2: DownBlock
    public let flat: Flatten, unflat: Unflatten
    public let up1: UpBlock, up2: UpBlock, outb: ConvBlock
    public let head: Conv2dLayer

    public init(inChannels: Int, D: Int, init source: UniformSource) {
        inc = ConvBlock(inChannels, D, init: source)
        down1 = DownBlock(D, D, init: source)
        down2 = DownBlock(D, 2 * D, init: source)
        flat = Flatten()
        unflat = Unflatten(2 * D, init: source)
        up1 = UpBlock(4 * D, D, init: source)
        up2 = UpBlock(2 * D, D, init: source)
        outb = ConvBlock(2 * D, D, init: source)
        head = Conv2dLayer(D, inChannels, kernel: 3, stride: 1, padding: 1, init: source)
        super.init()
        register("inc", inc); register("down1", down1); register("down2", down2)
        register("flat", flat); register("unflat", unflat)
        register("up1", up1); register("up2", up2); register("outb", outb); register("head", head)
    }

    /// `mod0` / `mod1` condition the decoder: applied to u0 (2D x 7x7) and u1 (D x 14x14). `trace`, when given,
    /// hears each stage's name, the stages its input comes from, and its output shape, in order.
    public func run(_ x: Variable, in g: Graph,
                    mod0: ((Variable) -> Variable)? = nil, mod1: ((Variable) -> Variable)? = nil,
                    trace: ((UNetStage) -> Void)? = nil) -> Variable {
        func stage(_ name: String, _ module: Module, from: [String], conditioned: Bool = false, _ out: Variable) -> Variable {
            trace?(UNetStage(name: name, block: String(describing: type(of: module)), inputs: from,
                             outputShape: Array(out.value.shape.dropFirst()), conditioned: conditioned))
            return out
        }
        let x0 = stage("inc", inc, from: ["input"], inc.forward(x, in: g))
        let d1 = stage("down1", down1, from: ["inc"], down1.forward(x0, in: g))
        let d2 = stage("down2", down2, from: ["down1"], down2.forward(d1, in: g))
        let f = stage("flat", flat, from: ["down2"], flat.forward(d2, in: g))
        var u0 = unflat.forward(f, in: g)
        if let mod0 { u0 = mod0(u0) }
        u0 = stage("unflat", unflat, from: ["flat"], conditioned: mod0 != nil, u0)
        var u1 = up1.forward(g.concatChannels(u0, d2), in: g)
        if let mod1 { u1 = mod1(u1) }
        u1 = stage("up1", up1, from: ["unflat", "down2"], conditioned: mod1 != nil, u1)
        let u2 = stage("up2", up2, from: ["up1", "down1"], up2.forward(g.concatChannels(u1, d1), in: g))
        let y = stage("outb", outb, from: ["up2", "inc"], outb.forward(g.concatChannels(u2, x0), in: g))
        return stage("head", head, from: ["outb"], head.forward(y, in: g))
    }
}

/// One stage of a UNet as its forward pass runs it: what the architecture figures are drawn from, so a change
/// of D, of a block or of a skip connection changes the picture.
public struct UNetStage: Sendable, Equatable {
    public var name: String
    /// The module's type (ConvBlock, DownBlock, ...).
    public var block: String
    /// The stages whose outputs form this one's input (two: a skip connection, concatenated along channels).
    public var inputs: [String]
    /// [C, H, W] of one image.
    public var outputShape: [Int]
    /// Whether the time (and class) embeddings modulate this stage's output.
    public var conditioned: Bool

    public init(name: String, block: String, inputs: [String], outputShape: [Int], conditioned: Bool) {
        self.name = name
        self.block = block
        self.inputs = inputs
        self.outputShape = outputShape
        self.conditioned = conditioned
    }
}

extension Module {
    /// The stages of a UNet body, traced by running it once on one blank image (eval mode, no tape).
    static func traceUNet(_ body: UNetBody, inChannels: Int, conditioned: Bool) -> [UNetStage] {
        var stages: [UNetStage] = []
        let g = Graph(recording: false)
        let identity: (Variable) -> Variable = { $0 }
        _ = body.run(g.input(Tensor(zeros: [1, inChannels, 28, 28])), in: g,
                     mod0: conditioned ? identity : nil, mod1: conditioned ? identity : nil, trace: { stages.append($0) })
        return stages
    }
}

extension UnconditionalUNet {
    public func stages() -> [UNetStage] { Module.traceUNet(body, inChannels: 1, conditioned: false) }
}

extension TimeConditionalUNet {
    public func stages() -> [UNetStage] { Module.traceUNet(body, inChannels: 1, conditioned: true) }
}

extension ClassConditionalUNet {
    public func stages() -> [UNetStage] { Module.traceUNet(body, inChannels: 1, conditioned: true) }
}

/// One embedding of a conditioned UNet: the FCBlock that turns t (or the class vector c) into one value per
/// channel, and the decoder stage whose output that vector modulates. What the FCBlock figure is drawn from.
public struct UNetEmbedding: Sendable, Equatable {
    /// The block's name in the state dict (`t1`, `c2`, ...).
    public var name: String
    /// The signal it embeds: "t" or "c".
    public var signal: String
    /// The stage whose output it modulates (a name from `stages()`).
    public var modulates: String
    /// Class embeddings scale the stage's output; time embeddings are added to it.
    public var multiplies: Bool
    public var layers: [LayerShape]

    public init(name: String, signal: String, modulates: String, multiplies: Bool, layers: [LayerShape]) {
        self.name = name
        self.signal = signal
        self.modulates = modulates
        self.multiplies = multiplies
        self.layers = layers
    }
}

/// A layer of a small fully connected block, as its forward pass runs it.
public struct LayerShape: Sendable, Equatable {
    /// The layer's type without "Layer" (`Linear`, `GELU`).
    public var layer: String
    public var inputs: Int
    public var outputs: Int

    public init(layer: String, inputs: Int, outputs: Int) {
        self.layer = layer
        self.inputs = inputs
        self.outputs = outputs
    }
}

extension FCBlock {
    /// Its layers with the widths they take and give, traced by running the block once on one zero input.
    public func layerShapes() -> [LayerShape] {
        guard let first = net.layers.first as? LinearLayer else { return [] }
        let g = Graph(recording: false)
        var x = g.input(Tensor(zeros: [1, first.weight.value.shape[1]]))
        var shapes: [LayerShape] = []
        for layer in net.layers {
            let y = layer.forward(x, in: g)
            let name = String(describing: type(of: layer))
            shapes.append(LayerShape(layer: name.hasSuffix("Layer") ? String(name.dropLast(5)) : name,
                                     inputs: x.value.shape[1], outputs: y.value.shape[1]))
            x = y
        }
        return shapes
    }
}

extension TimeConditionalUNet {
    /// t1 and t2 in the order `forward` applies them: t1 to the first conditioned stage, t2 to the second.
    public func embeddings() -> [UNetEmbedding] {
        let stages = stages().filter(\.conditioned).map(\.name)
        return [UNetEmbedding(name: "t1", signal: "t", modulates: stages[0], multiplies: false, layers: t1.layerShapes()),
                UNetEmbedding(name: "t2", signal: "t", modulates: stages[1], multiplies: false, layers: t2.layerShapes())]
    }
}

extension ClassConditionalUNet {
    /// c1 scales and t1 shifts the first conditioned stage; c2 and t2 the second (see `forward`).
    public func embeddings() -> [UNetEmbedding] {
        let stages = stages().filter(\.conditioned).map(\.name)
        return [UNetEmbedding(name: "c1", signal: "c", modulates: stages[0], multiplies: true, layers: c1.layerShapes()),
                UNetEmbedding(name: "t1", signal: "t", modulates: stages[0], multiplies: false, layers: t1.layerShapes()),
                UNetEmbedding(name: "c2", signal: "c", modulates: stages[1], multiplies: true, layers: c2.layerShapes()),
                UNetEmbedding(name: "t2", signal: "t", modulates: stages[1], multiplies: false, layers: t2.layerShapes())]
    }
}
