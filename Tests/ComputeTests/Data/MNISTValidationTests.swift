import Testing
@testable import Compute

/// Damaged files are errors that name the file and say what was expected, never crashes.
@Suite struct MNISTValidationTests {
    @Test func syntheticFilesLoadWhenChecksumsAreNotRequired() throws {
        let mnist = try MNIST.load(directory: "/d", fileSystem: syntheticMNISTDisk(), verifyChecksums: false)
        #expect(mnist.labels(.train, indices: [0, 1, 2]) == [5, 0, 4])
        #expect(mnist.images(.test, indices: [1]).data[0] == Float(1) / 255)
    }

    @Test func wrongMagicIsNamed() {
        let fs = syntheticMNISTDisk(overrides: ["train-labels-idx1-ubyte": idxLabels([5, 0, 4], magic: 0x0000_0803)])
        let message = errorDescription { _ = try MNIST.load(directory: "/d", fileSystem: fs, verifyChecksums: false) }
        #expect(message?.contains("/d/train-labels-idx1-ubyte") == true)
        #expect(message?.contains("expected IDX magic number 0x00000801, found 0x00000803") == true)
    }

    @Test func truncatedAndOversizedFilesAreNamed() {
        let full = idxImages(count: 2)
        let truncated = syntheticMNISTDisk(overrides: ["t10k-images-idx3-ubyte": Array(full.dropLast(10))])
        let message = errorDescription { _ = try MNIST.load(directory: "/d", fileSystem: truncated, verifyChecksums: false) }
        #expect(message?.contains("/d/t10k-images-idx3-ubyte: truncated: its header promises 1584 bytes, found 1574") == true)

        let oversized = syntheticMNISTDisk(overrides: ["t10k-images-idx3-ubyte": full + [0]])
        #expect(throws: MNISTError.wrongByteCount(file: "/d/t10k-images-idx3-ubyte", expected: 1584, found: 1585)) {
            _ = try MNIST.load(directory: "/d", fileSystem: oversized, verifyChecksums: false)
        }
        #expect(throws: MNISTError.tooShort(file: "x", expectedAtLeast: 16, found: 5)) {
            _ = try IDX.parseImages([0, 0, 8, 3, 0], file: "x")
        }
    }

    @Test func absurdHeaderDimensionsAreAnErrorNotACrash() {
        let header = bigEndian(IDX.imagesMagic) + bigEndian(.max) + bigEndian(.max) + bigEndian(.max)
        #expect(throws: MNISTError.badDimensions(file: "x", expected: "a size below 2 GiB",
                                                 found: "4294967295 x 4294967295 x 4294967295")) {
            _ = try IDX.parseImages(header, file: "x")
        }
    }

    @Test func wrongImageSizeIsNamed() {
        #expect(throws: MNISTError.badDimensions(file: "x", expected: "N x 28 x 28", found: "1 x 32 x 32")) {
            _ = try IDX.parseImages(idxImages(count: 1, rows: 32, columns: 32), file: "x")
        }
    }

    @Test func labelOutOfRangeIsNamed() {
        let fs = syntheticMNISTDisk(overrides: ["t10k-labels-idx1-ubyte": idxLabels([7, 10])])
        #expect(throws: MNISTError.labelOutOfRange(file: "/d/t10k-labels-idx1-ubyte", index: 1, value: 10)) {
            _ = try MNIST.load(directory: "/d", fileSystem: fs, verifyChecksums: false)
        }
    }

    @Test func imageAndLabelCountsMustMatch() {
        let fs = syntheticMNISTDisk(overrides: ["train-labels-idx1-ubyte": idxLabels([5, 0])])
        #expect(throws: MNISTError.countMismatch(images: "/d/train-images-idx3-ubyte", imageCount: 3,
                                                 labels: "/d/train-labels-idx1-ubyte", labelCount: 2)) {
            _ = try MNIST.load(directory: "/d", fileSystem: fs, verifyChecksums: false)
        }
    }

    @Test func syntheticFilesFailTheChecksumByDefault() {
        let message = errorDescription { _ = try MNIST.load(directory: "/d", fileSystem: syntheticMNISTDisk()) }
        #expect(message?.contains("SHA-256") == true)
        #expect(message?.contains("sitegen data fetch") == true)
    }

    /// One flipped pixel in the real test images: structure is fine, only the digest can catch it.
    @Test func oneFlippedByteFailsTheChecksumNamingFileAndDigests() throws {
        var files: [String: [UInt8]] = [:]
        for file in MNISTFile.allCases {
            files["/m/" + file.gzipName] = try FileSystem.live.read(join(sharedMNISTDirectory, file.gzipName))
        }
        var images = try Gzip.inflate(files["/m/t10k-images-idx3-ubyte.gz"]!, name: "t10k")
        images[5000] ^= 0x01
        files["/m/t10k-images-idx3-ubyte.gz"] = nil
        files["/m/t10k-images-idx3-ubyte"] = images
        let message = errorDescription {
            _ = try MNIST.load(directory: "/m", fileSystem: FileSystem.inMemory(files).0)
        }
        #expect(message?.hasPrefix("/m/t10k-images-idx3-ubyte: SHA-256 of the uncompressed bytes is ") == true)
        #expect(message?.contains("expected \(MNISTFile.testImages.sha256)") == true)
        #expect(message?.contains(Hashing.sha256Hex(images)) == true)
    }

    @Test func missingFileInALoadedFolderIsNamed() {
        let (fs, _) = FileSystem.inMemory(["/d/train-images-idx3-ubyte": idxImages(count: 1)])
        let message = errorDescription { _ = try MNIST.load(directory: "/d", fileSystem: fs) }
        #expect(message?.contains("missing train-labels-idx1-ubyte[.gz]") == true)
    }
}
