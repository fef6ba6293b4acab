import Foundation

/// Softmax cross-entropy over classes, averaged over the batch (PyTorch's `nn.CrossEntropyLoss()`):
/// L = −(1/N) Σ_n log softmax(z_n)[y_n]. The log-sum-exp subtracts each row's maximum so large logits
/// cannot overflow, and sums in Double in a fixed order so the value is reproducible.
public enum CrossEntropyLoss {
    /// logits [N, C], labels N values in 0..<C.
    public static func forward(_ logits: Tensor, labels: [Int]) -> Float {
        let (n, c) = dims(logits, labels)
        var total = 0.0
        logits.data.withUnsafeBufferPointer { z in
            for i in 0..<n {
                let row = z.baseAddress! + i * c
                let (maxValue, logSum) = logSumExp(row, c)
                total += maxValue + logSum - Double(row[labels[i]])
            }
        }
        return Float(total / Double(n))
    }

    /// Adds gradOutput · (softmax(z_n) − onehot(y_n)) / N into gradLogits.
    public static func backward(_ logits: Tensor, labels: [Int], gradOutput: Float, gradLogits: inout Tensor) {
        let (n, c) = dims(logits, labels)
        precondition(gradLogits.shape == logits.shape,
                     "CrossEntropyLoss.backward: gradLogits \(gradLogits.shape) vs logits \(logits.shape)")
        let scale = Double(gradOutput) / Double(n)
        logits.data.withUnsafeBufferPointer { z in
            gradLogits.data.withUnsafeMutableBufferPointer { g in
                for i in 0..<n {
                    let row = z.baseAddress! + i * c
                    let (maxValue, logSum) = logSumExp(row, c)
                    for k in 0..<c {
                        let p = exp(Double(row[k]) - maxValue - logSum)
                        let target: Double = k == labels[i] ? 1 : 0
                        g[i * c + k] += Float(scale * (p - target))
                    }
                }
            }
        }
    }

    /// (max, log Σ exp(z − max)) of one row.
    private static func logSumExp(_ row: UnsafePointer<Float>, _ c: Int) -> (Double, Double) {
        var maxValue = -Double.infinity
        for k in 0..<c { maxValue = max(maxValue, Double(row[k])) }
        var sum = 0.0
        for k in 0..<c { sum += exp(Double(row[k]) - maxValue) }
        return (maxValue, log(sum))
    }

    private static func dims(_ logits: Tensor, _ labels: [Int]) -> (Int, Int) {
        precondition(logits.shape.count == 2 && logits.shape[0] == labels.count && logits.shape[1] > 0,
                     "CrossEntropyLoss: logits \(logits.shape) for \(labels.count) labels")
        let c = logits.shape[1]
        precondition(labels.allSatisfy { $0 >= 0 && $0 < c }, "CrossEntropyLoss: labels outside 0..<\(c)")
        return (logits.shape[0], c)
    }
}
