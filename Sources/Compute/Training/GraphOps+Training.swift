/// The two graph ops the evaluation classifier needs beyond the UNets' set (kept here, not in Autograd,
/// because only training code uses them).
extension Graph {
    /// Mean softmax cross-entropy of logits [N, C] against integer labels, as a one-value variable.
    public func crossEntropyLoss(_ logits: Variable, labels: [Int]) -> Variable {
        let y = result(Tensor(shape: [], data: [CrossEntropyLoss.forward(logits.value, labels: labels)]), from: logits)
        record(y) { gy in
            var g = logits.takeGrad()
            CrossEntropyLoss.backward(logits.value, labels: labels, gradOutput: gy.data[0], gradLogits: &g)
            logits.give(g)
        }
        return y
    }

    /// [N, C, 1, 1] (or any [N, ...]) viewed as [N, rest]: a reshape, so the gradient is reshaped back.
    public func flattenBatch(_ x: Variable) -> Variable {
        let n = x.shape[0]
        let y = result(Tensor(shape: [n, x.value.count / max(n, 1)], data: x.value.data), from: x)
        record(y) { gy in
            var g = x.takeGrad()
            for i in 0..<g.data.count { g.data[i] += gy.data[i] }
            x.give(g)
        }
        return y
    }
}
