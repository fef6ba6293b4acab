import Foundation
import Testing
@testable import Compute

@Suite struct TrainingCrossEntropyTests {
    @Test func equalLogitsCostLogOfTheClassCount() {
        let logits = Tensor(shape: [3, 10], repeating: 0.7)
        #expect(abs(CrossEntropyLoss.forward(logits, labels: [0, 4, 9]) - Float(log(10.0))) < 1e-6)
    }

    @Test func hugeLogitsStayFinite() {
        let logits = Tensor(shape: [1, 3], data: [1000, -1000, 0])
        #expect(CrossEntropyLoss.forward(logits, labels: [0]) == 0)
        #expect(abs(CrossEntropyLoss.forward(logits, labels: [2]) - 1000) < 1e-3)
    }

    @Test func gradientMatchesFiniteDifferences() {
        var stream = RandomStream(seed: 3, streamNamed: "test/ce")
        let logits = stream.normalTensor(shape: [4, 5])
        let labels = [1, 0, 4, 2]
        let upstream: Float = 1.7
        var grad = Tensor(zeros: logits.shape)
        CrossEntropyLoss.backward(logits, labels: labels, gradOutput: upstream, gradLogits: &grad)
        let h: Float = 1e-2
        for i in 0..<logits.count {
            var plus = logits, minus = logits
            plus.data[i] += h
            minus.data[i] -= h
            let numeric = upstream * (CrossEntropyLoss.forward(plus, labels: labels)
                - CrossEntropyLoss.forward(minus, labels: labels)) / (2 * h)
            #expect(abs(numeric - grad.data[i]) < 2e-3, "d loss / d logit[\(i)]: numeric \(numeric), analytic \(grad.data[i])")
        }
    }

    @Test func backwardAddsIntoTheGradientBuffer() {
        let logits = Tensor(shape: [1, 2], data: [0, 0])
        var grad = Tensor(shape: [1, 2], data: [10, 10])
        CrossEntropyLoss.backward(logits, labels: [0], gradOutput: 1, gradLogits: &grad)
        #expect(grad.data == [9.5, 10.5])
    }
}
