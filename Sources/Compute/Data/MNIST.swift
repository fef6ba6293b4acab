public enum MNISTSplit: String, CaseIterable, Sendable {
    case train, test

    var files: (images: MNISTFile, labels: MNISTFile) {
        switch self {
        case .train: return (.trainImages, .trainLabels)
        case .test: return (.testImages, .testLabels)
        }
    }
}

/// MNIST in memory as the raw bytes of the IDX files (47 MB for train): tensors are made per batch so
/// the whole set is never held as Float (which would be 4x larger).
public struct MNIST: Sendable, Equatable {
    public static let rows = 28
    public static let columns = 28
    public static let pixelsPerImage = rows * columns

    public var trainImages: [UInt8]
    public var trainLabels: [UInt8]
    public var testImages: [UInt8]
    public var testLabels: [UInt8]

    public init(trainImages: [UInt8], trainLabels: [UInt8], testImages: [UInt8], testLabels: [UInt8]) {
        precondition(trainImages.count == trainLabels.count * MNIST.pixelsPerImage
                     && testImages.count == testLabels.count * MNIST.pixelsPerImage,
                     "MNIST: image bytes and label counts disagree")
        self.trainImages = trainImages
        self.trainLabels = trainLabels
        self.testImages = testImages
        self.testLabels = testLabels
    }

    /// Loads the four files from `directory` (raw or .gz each), validating their structure and, when
    /// `verifyChecksums` is true, that they are the standard MNIST files byte for byte.
    /// Tests of the validation itself pass small synthetic files with `verifyChecksums: false`.
    public static func load(directory: String, fileSystem: FileSystem = .live,
                            verifyChecksums: Bool = true) throws -> MNIST {
        func split(_ split: MNISTSplit) throws -> (images: [UInt8], labels: [UInt8]) {
            let (imageFile, labelFile) = split.files
            let imagePath = try locate(imageFile)
            let labelPath = try locate(labelFile)
            let imageBytes = try imageFile.readBytes(imagePath, fileSystem: fileSystem)
            let labelBytes = try labelFile.readBytes(labelPath, fileSystem: fileSystem)
            let images = try IDX.parseImages(imageBytes, file: imagePath, rows: rows, columns: columns)
            let labels = try IDX.parseLabels(labelBytes, file: labelPath)
            guard images.count == labels.count else {
                throw MNISTError.countMismatch(images: imagePath, imageCount: images.count,
                                               labels: labelPath, labelCount: labels.count)
            }
            if verifyChecksums {
                try imageFile.verify(imageBytes, file: imagePath)
                try labelFile.verify(labelBytes, file: labelPath)
            }
            return (images.pixels, labels)
        }
        func locate(_ file: MNISTFile) throws -> String {
            guard let path = file.path(in: directory, fileSystem: fileSystem) else {
                throw MNISTError.notFound(tried: [MNISTLocator.Attempt(
                    path: directory, source: "MNIST.load", problem: "missing \(file.baseName)[.gz]")])
            }
            return path
        }
        let train = try split(.train)
        let test = try split(.test)
        return MNIST(trainImages: train.images, trainLabels: train.labels,
                     testImages: test.images, testLabels: test.labels)
    }

    public func count(_ split: MNISTSplit) -> Int {
        split == .train ? trainLabels.count : testLabels.count
    }

    /// The images at `indices` as a [N, 1, 28, 28] tensor with values pixel / 255 in [0, 1].
    public func images(_ split: MNISTSplit, indices: [Int]) -> Tensor {
        let source = split == .train ? trainImages : testImages
        let n = MNIST.pixelsPerImage
        var data = [Float](repeating: 0, count: indices.count * n)
        source.withUnsafeBufferPointer { src in
            data.withUnsafeMutableBufferPointer { dst in
                for (row, index) in indices.enumerated() {
                    precondition(index >= 0 && index < count(split), "MNIST.images: index \(index) out of range")
                    for p in 0..<n { dst[row * n + p] = Float(src[index * n + p]) / 255 }
                }
            }
        }
        return Tensor(shape: [indices.count, 1, MNIST.rows, MNIST.columns], data: data)
    }

    /// The labels (0...9) at `indices`.
    public func labels(_ split: MNISTSplit, indices: [Int]) -> [Int] {
        let source = split == .train ? trainLabels : testLabels
        return indices.map { index in
            precondition(index >= 0 && index < source.count, "MNIST.labels: index \(index) out of range")
            return Int(source[index])
        }
    }
}
