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
