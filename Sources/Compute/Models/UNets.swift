/// The three Part B models of unet.py. Build with an injected uniform source, run `forward` on a `Graph`
/// (recording for training, `Graph(recording: false)` for sampling), switch BatchNorm with `train()` / `eval()`.

/// eps_theta(x) or x_hat(x): no conditioning.
public final class UnconditionalUNet: Module {
    public let body: UNetBody

    public init(inChannels: Int = 1, D: Int, init source: UniformSource) {
        body = UNetBody(inChannels: inChannels, D: D, init: source)
        super.init()
        register("body", body)
    }

    public func forward(_ x: Variable, in g: Graph) -> Variable { body.run(x, in: g) }

    /// Inference without a tape (uses the current train/eval mode).
    public func predict(_ x: Tensor) -> Tensor {
        let g = Graph(recording: false)
        return forward(g.input(x), in: g).value
    }
}

/// eps_theta(x, t), t of shape [N, 1] normalised to [0, 1]: u0 += t1(t), u1 += t2(t).
public final class TimeConditionalUNet: Module {
    public let body: UNetBody
    public let t1: FCBlock, t2: FCBlock

    public init(inChannels: Int = 1, D: Int, init source: UniformSource) {
        body = UNetBody(inChannels: inChannels, D: D, init: source)
        t1 = FCBlock(1, 2 * D, init: source)
        t2 = FCBlock(1, D, init: source)
        super.init()
        register("body", body); register("t1", t1); register("t2", t2)
    }

    public func forward(_ x: Variable, t: Variable, in g: Graph) -> Variable {
        let e1 = t1.forward(t, in: g)
        let e2 = t2.forward(t, in: g)
        return body.run(x, in: g, mod0: { g.addChannels($0, e1) }, mod1: { g.addChannels($0, e2) })
    }

    public func predict(_ x: Tensor, t: Tensor) -> Tensor {
        let g = Graph(recording: false)
        return forward(g.input(x), t: g.input(t), in: g).value
    }
}

/// eps_theta(x, c, t), c one-hot [N, 10] (rows zeroed for the unconditional branch), t [N, 1]:
/// u0 = c1(c) * u0 + t1(t), u1 = c2(c) * u1 + t2(t).
public final class ClassConditionalUNet: Module {
    public let body: UNetBody
    public let t1: FCBlock, t2: FCBlock, c1: FCBlock, c2: FCBlock

    public init(inChannels: Int = 1, D: Int, classes: Int = 10, init source: UniformSource) {
        body = UNetBody(inChannels: inChannels, D: D, init: source)
        t1 = FCBlock(1, 2 * D, init: source)
        t2 = FCBlock(1, D, init: source)
        c1 = FCBlock(classes, 2 * D, init: source)
        c2 = FCBlock(classes, D, init: source)
        super.init()
        register("body", body); register("t1", t1); register("t2", t2); register("c1", c1); register("c2", c2)
    }

    public func forward(_ x: Variable, c: Variable, t: Variable, in g: Graph) -> Variable {
        let et1 = t1.forward(t, in: g), et2 = t2.forward(t, in: g)
        let ec1 = c1.forward(c, in: g), ec2 = c2.forward(c, in: g)
        return body.run(x, in: g,
                        mod0: { g.addChannels(g.multiplyChannels($0, ec1), et1) },
                        mod1: { g.addChannels(g.multiplyChannels($0, ec2), et2) })
    }

    public func predict(_ x: Tensor, c: Tensor, t: Tensor) -> Tensor {
        let g = Graph(recording: false)
        return forward(g.input(x), c: g.input(c), t: g.input(t), in: g).value
    }
}
