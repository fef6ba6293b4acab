/// A node of the model tree, named like PyTorch's `nn.Module`: a parameter's name is the path of child
/// names down to it (`body.inc.net.0.net.0.weight`), so state dicts map 1:1 onto PyTorch checkpoints.
open class Module {
    public private(set) var training = true
    private var childList: [(name: String, module: Module)] = []
    private var parameterList: [(name: String, parameter: Parameter)] = []
    private var bufferList: [(name: String, buffer: Buffer)] = []

    public init() {}

    /// Registers in call order, which is also PyTorch's state_dict order (own parameters, own buffers, children).
    @discardableResult
    public func register<M: Module>(_ name: String, _ child: M) -> M {
        childList.append((name, child))
        return child
    }

    @discardableResult
    public func register(_ name: String, _ parameter: Parameter) -> Parameter {
        parameterList.append((name, parameter))
        return parameter
    }

    @discardableResult
    public func register(_ name: String, _ buffer: Buffer) -> Buffer {
        bufferList.append((name, buffer))
        return buffer
    }

    /// Every parameter with its full dotted name, in PyTorch's `named_parameters()` order.
    public func namedParameters(prefix: String = "") -> [(name: String, parameter: Parameter)] {
        parameterList.map { (prefix + $0.name, $0.parameter) }
            + childList.flatMap { $0.module.namedParameters(prefix: prefix + $0.name + ".") }
    }

    public func namedBuffers(prefix: String = "") -> [(name: String, buffer: Buffer)] {
        bufferList.map { (prefix + $0.name, $0.buffer) }
            + childList.flatMap { $0.module.namedBuffers(prefix: prefix + $0.name + ".") }
    }

    /// BatchNorm uses batch statistics (and updates its running ones) only in training mode.
    public func train(_ on: Bool = true) {
        training = on
        for child in childList { child.module.train(on) }
    }

    public func eval() { train(false) }

    public func zeroGrad() {
        for (_, p) in namedParameters() { p.zeroGrad() }
    }

    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.parameter.value.count } }
}

/// A module with one input and one output, so `Sequential` can chain it.
open class Layer: Module {
    open func forward(_ x: Variable, in graph: Graph) -> Variable {
        preconditionFailure("\(type(of: self)) must override forward(_:in:)")
    }
}

/// nn.Sequential: children named "0", "1", ... and applied in order.
public final class Sequential: Layer {
    public let layers: [Layer]

    public init(_ layers: [Layer]) {
        self.layers = layers
        super.init()
        for (i, layer) in layers.enumerated() { register(String(i), layer) }
    }

    override public func forward(_ x: Variable, in graph: Graph) -> Variable {
        layers.reduce(x) { $1.forward($0, in: graph) }
    }
}
