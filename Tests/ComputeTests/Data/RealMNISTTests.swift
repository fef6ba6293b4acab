import Foundation
import Testing
@testable import Compute

/// Checks against the real files in ../shared/data/mnist; facts from that folder's README.
@Suite struct RealMNISTTests {
    @Test func sharedGzipFilesLoadWithTheStandardCounts() throws {
        let mnist = try realMNIST.get()
        #expect(mnist.count(.train) == 60_000)
        #expect(mnist.count(.test) == 10_000)
        #expect(mnist.trainImages.count == 60_000 * 784)
    }

    @Test func firstLabelsAreTheKnownOnes() throws {
        let mnist = try realMNIST.get()
        #expect(mnist.labels(.test, indices: Array(0..<5)) == [7, 2, 1, 0, 4])
        #expect(mnist.labels(.train, indices: Array(0..<10)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
    }

    @Test func testLabelCountsPerDigitMatchThePublishedOnes() throws {
        let mnist = try realMNIST.get()
        var counts = [Int](repeating: 0, count: 10)
        for label in mnist.testLabels { counts[Int(label)] += 1 }
        #expect(counts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    }

    @Test func pixelsSpanTheFullByteRangeAndTensorsAreScaledByOne255th() throws {
        let mnist = try realMNIST.get()
        #expect(mnist.testImages.min() == 0 && mnist.testImages.max() == 255)
        let batch = mnist.images(.test, indices: [3, 0])
        #expect(batch.shape == [2, 1, 28, 28])
        #expect(batch.data.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(batch.data[784 + 300] == Float(mnist.testImages[300]) / 255)
        #expect(batch.data[300] == Float(mnist.testImages[3 * 784 + 300]) / 255)
        #expect(batch.data.contains(1))  // some pixel is full ink
    }

    @Test func rawAndGzipCopiesGiveTheSameBytes() throws {
        let mnist = try realMNIST.get()
        let temp = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-mnist-raw-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: temp) }
        try FileSystem.live.createDirectory(temp)
        for file in MNISTFile.allCases {
            let gz = try FileSystem.live.read(join(sharedMNISTDirectory, file.gzipName))
            try FileSystem.live.write(join(temp, file.baseName), try Gzip.inflate(gz, name: file.gzipName))
        }
        #expect(MNISTFile.trainImages.path(in: temp, fileSystem: .live) == join(temp, "train-images-idx3-ubyte"))
        let raw = try MNIST.load(directory: temp)
        #expect(raw == mnist)
    }
}
