/// The small MNIST classifier that scores generated digits (Part B evaluation). Built from the UNet's own
/// blocks, so it trains on the same engine: Conv(1→W) · DownConv(W→2W) · Conv(2W→2W) · DownConv(2W→4W) ·
/// flatten · Linear(4W·7·7→10). The linear layer sees the 7×7 map rather than its average: pooling it away
/// (as the UNet's Flatten does) made short runs learn far more slowly.
public final class DigitClassifier: Module {
    public let features: Sequential
    public let classifier: LinearLayer

    public init(width W: Int, classes: Int = 10, init source: UniformSource) {
        features = Sequential([
            Conv(1, W, init: source),
            DownConv(W, 2 * W, init: source),
            Conv(2 * W, 2 * W, init: source),
            DownConv(2 * W, 4 * W, init: source),
        ])
        classifier = LinearLayer(4 * W * 7 * 7, classes, init: source)
        super.init()
        register("features", features)
        register("classifier", classifier)
    }

    /// Logits [N, 10] for images [N, 1, 28, 28].
    public func forward(_ x: Variable, in g: Graph) -> Variable {
        classifier.forward(g.flattenBatch(features.forward(x, in: g)), in: g)
    }

    public func predict(_ x: Tensor) -> Tensor {
        let g = Graph(recording: false)
        return forward(g.input(x), in: g).value
    }
}
