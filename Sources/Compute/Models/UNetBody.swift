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

    /// `mod0` / `mod1` condition the decoder: applied to u0 (2D x 7x7) and u1 (D x 14x14).
    public func run(_ x: Variable, in g: Graph,
                    mod0: ((Variable) -> Variable)? = nil, mod1: ((Variable) -> Variable)? = nil) -> Variable {
        let x0 = inc.forward(x, in: g)
        let d1 = down1.forward(x0, in: g)
        let d2 = down2.forward(d1, in: g)
        var u0 = unflat.forward(flat.forward(d2, in: g), in: g)
        if let mod0 { u0 = mod0(u0) }
        var u1 = up1.forward(g.concatChannels(u0, d2), in: g)
        if let mod1 { u1 = mod1(u1) }
        let u2 = up2.forward(g.concatChannels(u1, d1), in: g)
        let y = outb.forward(g.concatChannels(u2, x0), in: g)
        return head.forward(y, in: g)
    }
}
