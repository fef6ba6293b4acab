import Foundation
import Testing
@testable import Compute

/// The DeepFloyd fixtures (Tests/ComputeTests/Fixtures/deepfloyd, written by tools/make_if_reference.py).
enum IFFixtures {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) missing (run tools/make_if_reference.py)" }
    }

    static func directory() throws -> String {
        guard let base = Bundle.module.resourceURL else { throw Missing(path: "Fixtures/deepfloyd") }
        let dir = base.appendingPathComponent("Fixtures/deepfloyd").path
        guard FileManager.default.fileExists(atPath: dir) else { throw Missing(path: dir) }
        return dir
    }

    static func path(_ name: String) throws -> String { (try directory() as NSString).appendingPathComponent(name) }

    static func io(_ name: String) throws -> SafeTensorsFile { try SafeTensors.read(path: path("\(name).io.safetensors")) }

    /// A fresh copy of a fixture snapshot in a temporary folder, to damage in error tests.
    static func copy(_ name: String) throws -> String {
        let tmp = FileManager.default.temporaryDirectory
            .appendingPathComponent("if-fixture-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: try path(name), toPath: tmp)
        return tmp
    }
}

/// max |a - b|, after checking the shapes agree.
func ifMaxDiff(_ a: Tensor, _ b: Tensor) -> Float {
    #expect(a.shape == b.shape, "shapes \(a.shape) vs \(b.shape)")
    guard a.shape == b.shape else { return .infinity }
    var d: Float = 0
    for i in 0..<a.count { d = max(d, abs(a.data[i] - b.data[i])) }
    return d
}

/// Runs `body` and returns the description of the error it throws (nil if it throws none).
func ifErrorText(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch { return String(describing: error) }
}
