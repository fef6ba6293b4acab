import Testing
@testable import Compute

/// The tape gives the gradients finite differences give, including for values used more than once.
@Suite struct GraphGradientTests {
    let x = randomTensor([2, 3, 4, 4], seed: 1)
    let w = randomTensor([3, 3, 3, 3], seed: 2, scale: 0.4)
    let b = randomTensor([3], seed: 3, scale: 0.1)
    let v = randomTensor([2, 3], seed: 4)
    let target = randomTensor([2, 6, 4, 4], seed: 5)

    /// a = gelu(conv(x)); loss = mse(cat([(a + v) * v, a]), target): `a` and `v` are each used twice.
    func loss(_ x: Tensor, _ w: Tensor, _ b: Tensor, _ v: Tensor, graph g: Graph = Graph(recording: false))
        -> (loss: Variable, x: Variable, v: Variable, w: Parameter, b: Parameter) {
        let wp = Parameter(w), bp = Parameter(b)
        let xv = g.input(x, requiresGrad: true), vv = g.input(v, requiresGrad: true)
        let a = g.gelu(g.conv2d(xv, weight: g.parameter(wp), bias: g.parameter(bp), stride: 1, padding: 1))
        let m = g.multiplyChannels(g.addChannels(a, vv), vv)
        return (g.mseLoss(g.concatChannels(m, a), target), xv, vv, wp, bp)
    }

    func numericGradient(at index: Int, of which: Int) -> Float {
        let h: Float = 1e-2
        func f(_ delta: Float) -> Float {
            var inputs = [x, w, b, v]
            inputs[which].data[index] += delta
            return loss(inputs[0], inputs[1], inputs[2], inputs[3]).loss.value.data[0]
        }
        return (f(h) - f(-h)) / (2 * h)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let g = Graph()
        let r = loss(x, w, b, v, graph: g)
        g.backward(from: r.loss)
        let analytic = [try #require(r.x.grad), r.w.grad, r.b.grad, try #require(r.v.grad)]
        for which in 0 ..< 4 {
            let n = analytic[which].count
            for index in Set([0, n / 3, n / 2, n - 1]).sorted() {
                let numeric = numericGradient(at: index, of: which)
                let exact = analytic[which].data[index]
                #expect(abs(numeric - exact) <= 2e-3 * max(1, abs(exact)) + 2e-4,
                        "input \(which) element \(index): tape \(exact), finite difference \(numeric)")
            }
        }
    }

    @Test func valueConcatenatedWithItselfGetsBothGradients() throws {
        // loss = mean(cat([x, x])^2) = mean(x^2)  =>  dloss/dx = 2x / count(x)
        let g = Graph()
        let xv = g.input(x, requiresGrad: true)
        g.backward(from: g.mseLoss(g.concatChannels(xv, xv), Tensor(zeros: [2, 6, 4, 4])))
        let grad = try #require(xv.grad)
        for i in 0 ..< x.count {
            #expect(abs(grad.data[i] - 2 * x.data[i] / Float(x.count)) < 1e-6)
        }
    }

    @Test func parameterGradientsAccumulateUntilZeroed() {
        let wp = Parameter(w)
        func backwardOnce() {
            let g = Graph()
            let y = g.conv2d(g.input(x), weight: g.parameter(wp), bias: nil, stride: 1, padding: 1)
            g.backward(from: g.mseLoss(y, Tensor(zeros: y.shape)))
        }
        backwardOnce()
        let once = wp.grad
        #expect(once.data.contains { $0 != 0 })
        backwardOnce()
        for i in 0 ..< once.count { #expect(abs(wp.grad.data[i] - 2 * once.data[i]) <= 1e-6 * max(1, abs(once.data[i]))) }
        wp.zeroGrad()
        #expect(wp.grad.data.allSatisfy { $0 == 0 })
    }

    @Test func inferenceGraphKeepsNoGradients() {
        let g = Graph(recording: false)
        let xv = g.input(x, requiresGrad: true)
        let y = g.gelu(xv)
        #expect(!y.requiresGrad)
        #expect(!xv.requiresGrad)
    }
}
