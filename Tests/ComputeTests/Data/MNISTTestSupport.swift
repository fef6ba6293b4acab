import Foundation
@testable import Compute

/// The shared offline MNIST copy: this file is Tests/ComputeTests/Data/…, the repo root is three folders
/// up, and shared/ sits beside the repo (here and in CI).
let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.standardizedFileURL.path
}()

let sharedMNISTDirectory = MNISTLocator.absolute("../shared/data/mnist", cwd: repoRoot)

/// Loaded once for all tests that need the real files.
let realMNIST: Result<MNIST, Error> = Result { try MNIST.load(directory: sharedMNISTDirectory) }

/// A small synthetic IDX image file: `count` images of `rows` x `columns`, pixel = (i + p) mod 256.
func idxImages(count: Int, rows: Int = 28, columns: Int = 28, magic: UInt32 = IDX.imagesMagic) -> [UInt8] {
    var bytes = bigEndian(magic) + bigEndian(UInt32(count)) + bigEndian(UInt32(rows)) + bigEndian(UInt32(columns))
    for i in 0..<count { for p in 0..<(rows * columns) { bytes.append(UInt8((i + p) % 256)) } }
    return bytes
}

func idxLabels(_ labels: [UInt8], magic: UInt32 = IDX.labelsMagic) -> [UInt8] {
    bigEndian(magic) + bigEndian(UInt32(labels.count)) + labels
}

func bigEndian(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
}

/// An in-memory folder `dir` with four small valid files (3 train, 2 test), optionally overridden.
func syntheticMNISTDisk(dir: String = "/d", overrides: [String: [UInt8]] = [:]) -> FileSystem {
    var files = [
        "\(dir)/train-images-idx3-ubyte": idxImages(count: 3),
        "\(dir)/train-labels-idx1-ubyte": idxLabels([5, 0, 4]),
        "\(dir)/t10k-images-idx3-ubyte": idxImages(count: 2),
        "\(dir)/t10k-labels-idx1-ubyte": idxLabels([7, 2]),
    ]
    for (name, bytes) in overrides { files["\(dir)/\(name)"] = bytes }
    return FileSystem.inMemory(files).0
}

/// The error thrown by `body`, as its description; nil if nothing was thrown.
func errorDescription(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch { return "\(error)" }
}
