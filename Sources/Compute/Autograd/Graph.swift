/// A reverse-mode autodiff tape. Forward ops run immediately and, when recording, push a closure that
/// calls the matching kernel's backward; `backward(from:)` runs the closures newest-first.
///
/// One graph per forward pass: build it, run the model, call backward once, drop it (it holds every
/// intermediate activation). For inference use `Graph(recording: false)`, which keeps no tape.
public final class Graph {
    public let recording: Bool
    private var tape: [() -> Void] = []
    private var bindings: [(variable: Variable, parameter: Parameter)] = []

    public init(recording: Bool = true) {
        self.recording = recording
    }

    /// Data entering the graph; ask for its gradient with `requiresGrad` (e.g. the input image).
    public func input(_ value: Tensor, requiresGrad: Bool = false) -> Variable {
        Variable(value, requiresGrad: requiresGrad && recording)
    }

    /// A parameter's current value; backward adds its gradient into `parameter.grad`.
    public func parameter(_ p: Parameter) -> Variable {
        let v = Variable(p.value, requiresGrad: recording)
        if recording { bindings.append((v, p)) }
        return v
    }

    /// Records `output`; `pullback` runs during backward only if the output received a gradient.
    func record(_ output: Variable, _ pullback: @escaping (Tensor) -> Void) {
        guard recording, output.requiresGrad else { return }
        tape.append {
            guard let gy = output.grad else { return }
            pullback(gy)
        }
    }

    /// A fresh variable for an op result; it needs a gradient iff any input does.
    func result(_ value: Tensor, from inputs: Variable?...) -> Variable {
        Variable(value, requiresGrad: recording && inputs.contains { $0?.requiresGrad == true })
    }

    /// Seeds d loss / d loss = 1 (loss must hold one value), runs the tape backwards, then adds each
    /// parameter's gradient into `Parameter.grad`. The tape is consumed: call once per graph.
    public func backward(from loss: Variable) {
        precondition(recording, "Graph.backward: this graph was built with recording: false")
        precondition(loss.value.count == 1, "Graph.backward: loss must be a single value, got shape \(loss.shape)")
        guard loss.requiresGrad else { return }
        loss.give(Tensor(shape: loss.shape, data: [1]))
        for step in tape.reversed() { step() }
        for (variable, parameter) in bindings {
            guard let g = variable.grad else { continue }
            parameter.grad.data.withUnsafeMutableBufferPointer { pg in
                g.data.withUnsafeBufferPointer { vg in
                    for i in 0 ..< pg.count { pg[i] += vg[i] }
                }
            }
        }
        tape = []
        bindings = []
    }
}
