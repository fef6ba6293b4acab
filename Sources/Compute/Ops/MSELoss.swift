/// Mean squared error over all elements, summed in Double in a fixed order.
public enum MSELoss {
    public static func forward(_ prediction: Tensor, _ target: Tensor) -> Float {
        precondition(prediction.shape == target.shape, "MSELoss: prediction \(prediction.shape) vs target \(target.shape)")
        var s = 0.0
        prediction.withPointer { p in target.withPointer { t in
            for i in 0..<prediction.count { let d = Double(p[i] - t[i]); s += d * d }
        }}
        return Float(s / Double(prediction.count))
    }

    /// Adds gradOutput * 2 (prediction - target) / count into gradPrediction.
    public static func backward(_ prediction: Tensor, _ target: Tensor, gradOutput: Float, gradPrediction: inout Tensor) {
        precondition(prediction.shape == target.shape && gradPrediction.shape == prediction.shape,
                     "MSELoss.backward: prediction \(prediction.shape), target \(target.shape), gradPrediction \(gradPrediction.shape)")
        let k = gradOutput * 2 / Float(prediction.count)
        prediction.withPointer { p in target.withPointer { t in gradPrediction.withMutablePointer { g in
            for i in 0..<prediction.count { g[i] += k * (p[i] - t[i]) }
        }}}
    }
}
