/// The quality numbers shown on the site: classifier accuracy, class accuracy of generated digits, and the
/// single-step denoiser's test MSE.
public enum Evaluation {
    /// Predicted digit per image, in batches (eval mode; the classifier is switched to it).
    public static func predictions(of classifier: DigitClassifier, images: Tensor, batchSize: Int = 500) -> [Int] {
        classifier.eval()
        let n = images.shape.first ?? 0, pixels = n > 0 ? images.count / n : 0
        var result: [Int] = []
        result.reserveCapacity(n)
        for start in stride(from: 0, to: n, by: batchSize) {
            let m = min(batchSize, n - start)
            let slice = Tensor(shape: [m] + images.shape.dropFirst(),
                               data: Array(images.data[(start * pixels)..<((start + m) * pixels)]))
            let logits = classifier.predict(slice)
            let c = logits.shape[1]
            for i in 0..<m {
                let row = logits.data[(i * c)..<((i + 1) * c)]
                // First maximum wins ties, so the answer never depends on anything but the logits.
                result.append(row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }! - i * c)
            }
        }
        return result
    }

    /// Fraction of `images` classified as `labels`.
    public static func accuracy(of classifier: DigitClassifier, images: Tensor, labels: [Int]) throws -> Double {
        guard images.shape.first == labels.count, !labels.isEmpty else {
            throw TrainingError.invalidArgument("accuracy: \(images.shape.first ?? 0) images for \(labels.count) labels")
        }
        let predicted = predictions(of: classifier, images: images)
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// Test accuracy on the first `count` MNIST test images (all 10,000 by default).
    public static func testAccuracy(of classifier: DigitClassifier, data: MNIST, count: Int? = nil) throws -> Double {
        let n = min(count ?? data.count(.test), data.count(.test))
        let indices = Array(0..<n)
        return try accuracy(of: classifier, images: data.images(.test, indices: indices),
                            labels: data.labels(.test, indices: indices))
    }

    /// How often generated digits are recognised as the class they were asked for. Samples are clamped to
    /// [0, 1] first, the range the classifier was trained on (the sampler returns raw x₀).
    public static func classAccuracy(of samples: Tensor, labels: [Int], classifier: DigitClassifier) throws -> Double {
        try accuracy(of: classifier, images: clampedToUnit(samples), labels: labels)
    }

    /// The digit the classifier reads in each generated sample, after the same clamp as `classAccuracy`.
    public static func samplePredictions(_ samples: Tensor, classifier: DigitClassifier) -> [Int] {
        predictions(of: classifier, images: clampedToUnit(samples))
    }

    static func clampedToUnit(_ samples: Tensor) -> Tensor {
        var clamped = samples
        for i in 0..<clamped.data.count { clamped.data[i] = min(max(clamped.data[i], 0), 1) }
        return clamped
    }

    /// Wilson score interval of a binomial rate (`z` = 1.96 for 95 %): unlike the normal approximation it stays
    /// inside [0, 1] and is honest near 100 %, where a generator's accuracy lives.
    public static func wilsonInterval(successes: Int, trials: Int, z: Double = 1.959964) -> (low: Double, high: Double) {
        guard trials > 0 else { return (0, 1) }
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Mean squared error of D(x + σε) against x over the first `count` test images (all by default),
    /// noise from the seeded stream "eval/denoiser".
    public static func denoiserTestMSE(_ model: UnconditionalUNet, data: MNIST, sigma: Float = 0.5,
                                       count: Int? = nil, seed: UInt64 = 0, batchSize: Int = 500) -> Double {
        model.eval()
        let n = min(count ?? data.count(.test), data.count(.test))
        var stream = RandomStream(seed: seed, streamNamed: "eval/denoiser")
        var total = 0.0
        for start in stride(from: 0, to: n, by: batchSize) {
            let x = data.images(.test, indices: Array(start..<min(start + batchSize, n)))
            var z = x
            let eps = stream.normals(x.count)
            for i in 0..<z.data.count { z.data[i] += sigma * eps[i] }
            let y = model.predict(z)
            for i in 0..<y.data.count {
                let d = Double(y.data[i] - x.data[i])
                total += d * d
            }
        }
        return total / Double(n * MNIST.pixelsPerImage)
    }
}
