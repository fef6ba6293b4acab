/// The building blocks of unet.py. Each wraps an `nn.Sequential` called `net`, as in the PyTorch code,
/// so that parameter names come out identical (`down1.net.0.net.1.running_mean`).
open class NetBlock: Layer {
    public let net: Sequential

    public init(_ layers: [Layer]) {
        net = Sequential(layers)
        super.init()
        register("net", net)
    }

    override open func forward(_ x: Variable, in g: Graph) -> Variable { net.forward(x, in: g) }
}

/// (conv or transposed conv) -> BatchNorm2d -> GELU, with the last two run as the fused kernel (same
/// semantics, one sweep and one stored tensor fewer). The Sequential keeps all three, for PyTorch's names.
open class ConvNormGELU: NetBlock {
    let conv: Layer, norm: BatchNorm2dLayer

    init(_ conv: Layer, _ norm: BatchNorm2dLayer) {
        self.conv = conv
        self.norm = norm
        super.init([conv, norm, GELULayer()])
    }

    override open func forward(_ x: Variable, in g: Graph) -> Variable {
        g.batchNormGELU(conv.forward(x, in: g), gamma: g.parameter(norm.weight), beta: g.parameter(norm.bias),
                        runningMean: norm.runningMean, runningVar: norm.runningVar,
                        batchesTracked: norm.numBatchesTracked, training: norm.training)
    }
}

/// Conv2d(i, o, 3, 1, 1) -> BatchNorm2d -> GELU
public final class Conv: ConvNormGELU {
    public init(_ i: Int, _ o: Int, init source: UniformSource) {
        super.init(Conv2dLayer(i, o, kernel: 3, stride: 1, padding: 1, init: source), BatchNorm2dLayer(o))
    }
}

/// Conv2d(i, o, 3, 2, 1) -> BatchNorm2d -> GELU: halves the resolution.
public final class DownConv: ConvNormGELU {
    public init(_ i: Int, _ o: Int, init source: UniformSource) {
        super.init(Conv2dLayer(i, o, kernel: 3, stride: 2, padding: 1, init: source), BatchNorm2dLayer(o))
    }
}

/// ConvTranspose2d(i, o, 4, 2, 1) -> BatchNorm2d -> GELU: doubles the resolution.
public final class UpConv: ConvNormGELU {
    public init(_ i: Int, _ o: Int, init source: UniformSource) {
        super.init(ConvTranspose2dLayer(i, o, kernel: 4, stride: 2, padding: 1, init: source), BatchNorm2dLayer(o))
    }
}

/// AvgPool2d(7) -> GELU: 7x7 -> 1x1.
public final class Flatten: NetBlock {
    public init() {
        super.init([AvgPool2dLayer(7), GELULayer()])
    }
}

/// ConvTranspose2d(c, c, 7, 7, 0) -> BatchNorm2d -> GELU: 1x1 -> 7x7.
public final class Unflatten: ConvNormGELU {
    public init(_ c: Int, init source: UniformSource) {
        super.init(ConvTranspose2dLayer(c, c, kernel: 7, stride: 7, padding: 0, init: source), BatchNorm2dLayer(c))
    }
}

/// Conv(i, o) -> Conv(o, o)
public final class ConvBlock: NetBlock {
    public init(_ i: Int, _ o: Int, init source: UniformSource) {
        super.init([Conv(i, o, init: source), Conv(o, o, init: source)])
    }
}

/// DownConv(i, o) -> ConvBlock(o, o)
public final class DownBlock: NetBlock {
    public init(_ i: Int, _ o: Int, init source: UniformSource) {
        super.init([DownConv(i, o, init: source), ConvBlock(o, o, init: source)])
    }
}

/// UpConv(i, o) -> ConvBlock(o, o)
public final class UpBlock: NetBlock {
    public init(_ i: Int, _ o: Int, init source: UniformSource) {
        super.init([UpConv(i, o, init: source), ConvBlock(o, o, init: source)])
    }
}

/// Linear(i, o) -> GELU -> Linear(o, o): embeds t or the class vector into a per-channel vector.
public final class FCBlock: NetBlock {
    public init(_ i: Int, _ o: Int, init source: UniformSource) {
        super.init([LinearLayer(i, o, init: source), GELULayer(), LinearLayer(o, o, init: source)])
    }
}
