/// The PyTorch leaf modules the UNets use, with PyTorch's parameter names and layouts.

/// nn.Conv2d(i, o, k, stride, padding): weight [o, i, k, k], bias [o].
public final class Conv2dLayer: Layer {
    public let weight: Parameter, bias: Parameter
    public let stride: Int, padding: Int

    public init(_ i: Int, _ o: Int, kernel k: Int, stride: Int, padding: Int, init source: UniformSource) {
        let shape = [o, i, k, k]
        let bound = WeightInit.bound(weightShape: shape)
        weight = Parameter(WeightInit.uniform(shape: shape, bound: bound, from: source))
        bias = Parameter(WeightInit.uniform(shape: [o], bound: bound, from: source))
        self.stride = stride
        self.padding = padding
        super.init()
        register("weight", weight)
        register("bias", bias)
    }

    override public func forward(_ x: Variable, in g: Graph) -> Variable {
        g.conv2d(x, weight: g.parameter(weight), bias: g.parameter(bias), stride: stride, padding: padding)
    }
}

/// nn.ConvTranspose2d(i, o, k, stride, padding): weight [i, o, k, k], bias [o].
public final class ConvTranspose2dLayer: Layer {
    public let weight: Parameter, bias: Parameter
    public let stride: Int, padding: Int

    public init(_ i: Int, _ o: Int, kernel k: Int, stride: Int, padding: Int, init source: UniformSource) {
        let shape = [i, o, k, k]
        let bound = WeightInit.bound(weightShape: shape)
        weight = Parameter(WeightInit.uniform(shape: shape, bound: bound, from: source))
        bias = Parameter(WeightInit.uniform(shape: [o], bound: bound, from: source))
        self.stride = stride
        self.padding = padding
        super.init()
        register("weight", weight)
        register("bias", bias)
    }

    override public func forward(_ x: Variable, in g: Graph) -> Variable {
        g.convTranspose2d(x, weight: g.parameter(weight), bias: g.parameter(bias), stride: stride, padding: padding)
    }
}

/// nn.BatchNorm2d(c): weight (gamma) 1, bias (beta) 0, running_mean 0, running_var 1, num_batches_tracked 0.
public final class BatchNorm2dLayer: Layer {
    public let weight: Parameter, bias: Parameter
    public let runningMean: Buffer, runningVar: Buffer, numBatchesTracked: Buffer

    public init(_ c: Int) {
        weight = Parameter(Tensor(shape: [c], data: [Float](repeating: 1, count: c)))
        bias = Parameter(Tensor(zeros: [c]))
        runningMean = Buffer(Tensor(zeros: [c]))
        runningVar = Buffer(Tensor(shape: [c], data: [Float](repeating: 1, count: c)))
        numBatchesTracked = Buffer(Tensor(shape: [], data: [0]), isInteger: true)
        super.init()
        register("weight", weight)
        register("bias", bias)
        register("running_mean", runningMean)
        register("running_var", runningVar)
        register("num_batches_tracked", numBatchesTracked)
    }

    override public func forward(_ x: Variable, in g: Graph) -> Variable {
        g.batchNorm2d(x, gamma: g.parameter(weight), beta: g.parameter(bias), runningMean: runningMean,
                      runningVar: runningVar, batchesTracked: numBatchesTracked, training: training)
    }
}

/// nn.Linear(i, o): weight [o, i], bias [o].
public final class LinearLayer: Layer {
    public let weight: Parameter, bias: Parameter

    public init(_ i: Int, _ o: Int, init source: UniformSource) {
        let shape = [o, i]
        let bound = WeightInit.bound(weightShape: shape)
        weight = Parameter(WeightInit.uniform(shape: shape, bound: bound, from: source))
        bias = Parameter(WeightInit.uniform(shape: [o], bound: bound, from: source))
        super.init()
        register("weight", weight)
        register("bias", bias)
    }

    override public func forward(_ x: Variable, in g: Graph) -> Variable {
        g.linear(x, weight: g.parameter(weight), bias: g.parameter(bias))
    }
}

/// nn.GELU() (exact erf form).
public final class GELULayer: Layer {
    override public func forward(_ x: Variable, in g: Graph) -> Variable { g.gelu(x) }
}

/// nn.AvgPool2d(k) (stride k, no padding).
public final class AvgPool2dLayer: Layer {
    public let kernel: Int
    public init(_ kernel: Int) {
        self.kernel = kernel
        super.init()
    }

    override public func forward(_ x: Variable, in g: Graph) -> Variable { g.avgPool2d(x, kernel: kernel) }
}
