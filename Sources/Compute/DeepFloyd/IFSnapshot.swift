import Foundation

/// A Hugging Face snapshot's `unet/` folder opened for inference: the parsed config and memory-mapped weights
/// (one file, a `.fp16`-style variant, or shards listed by `*.safetensors.index.json`), with every tensor's shape
/// checked against what the config implies before anything runs.
public struct IFSnapshot: Sendable {
    public let unetDirectory: String
    public let config: IFUNetConfig
    public let weights: IFSnapshotWeights

    /// `modelDir` is the snapshot root (holding `unet/`) or the `unet` folder itself. With `variant` nil the fp32
    /// weights are preferred and a lone variant (e.g. `.fp16`) is used if they are absent.
    public static func open(modelDir: String, variant: String? = nil) throws -> IFSnapshot {
        let unet = unetDirectory(in: modelDir)
        let configPath = (unet as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw IFError.missingFile(path: configPath, what: "the UNet config; pass the snapshot folder holding unet/config.json")
        }
        let config = try IFUNetConfig.parse(data, file: configPath)
        let weights = try IFSnapshotWeights(files: try weightFiles(in: unet, variant: variant))
        try IFUNetLayout(config).check(weights)
        return IFSnapshot(unetDirectory: unet, config: config, weights: weights)
    }

    /// The folder holding the UNet's `config.json`: `modelDir/unet` in a snapshot, else `modelDir` itself (the
    /// user passed the `unet` folder). Every reader of a snapshot resolves it here, so they agree on what it is.
    public static func unetDirectory(in modelDir: String) -> String {
        let nested = (modelDir as NSString).appendingPathComponent("unet")
        return FileManager.default.fileExists(atPath: (nested as NSString).appendingPathComponent("config.json")) ? nested : modelDir
    }

    /// The snapshot root, holding `scheduler/` and `image_noising_scheduler/` beside `unet/`.
    public static func rootDirectory(in modelDir: String) -> String {
        (unetDirectory(in: modelDir) as NSString).deletingLastPathComponent
    }

    /// The UNet config's path, which errors about the model name.
    public var configFile: String { (unetDirectory as NSString).appendingPathComponent("config.json") }
    public var rootDirectory: String { (unetDirectory as NSString).deletingLastPathComponent }

    /// The safetensors files to map, in index order. `stem` is the file name's start (diffusers' UNet
    /// `diffusion_pytorch_model`, transformers' text encoder `model`); `what` names the weights in errors.
    static func weightFiles(in dir: String, variant: String?, stem: String = "diffusion_pytorch_model",
                            what: String = "UNet weights") throws -> [String] {
        let fm = FileManager.default
        func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        func candidates(_ v: String?) -> (single: String, indexes: [String]) {
            guard let v else { return (path("\(stem).safetensors"), [path("\(stem).safetensors.index.json")]) }
            return (path("\(stem).\(v).safetensors"),
                    [path("\(stem).safetensors.index.\(v).json"), path("\(stem).\(v).safetensors.index.json")])
        }
        var order: [String?] = [variant]
        if variant == nil {
            // variants present: `<stem>.<v>.safetensors` or a shard index `<stem>.safetensors.index.<v>.json`
            let others = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted().compactMap { name -> String? in
                let parts = name.split(separator: ".").map(String.init)
                guard parts.first == stem else { return nil }
                if parts.count == 3, parts[2] == "safetensors" { return parts[1] }
                if parts.count == 5, parts[1] == "safetensors", parts[2] == "index", parts[4] == "json" { return parts[3] }
                return nil
            }
            order += Set(others).sorted().map { Optional($0) }
        }
        for v in order {
            let c = candidates(v)
            if fm.fileExists(atPath: c.single) { return [c.single] }
            if let index = c.indexes.first(where: { fm.fileExists(atPath: $0) }) { return try shards(index: index, dir: dir) }
        }
        let wanted = candidates(variant)
        throw IFError.missingFile(path: wanted.single, what: "\(what) (nor a shard index \(wanted.indexes[0]))")
    }

    private static func shards(index: String, dir: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: index),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw IFError.invalidIndex(file: index, reason: "not a JSON object")
        }
        guard let map = root["weight_map"] as? [String: String] else {
            throw IFError.invalidIndex(file: index, reason: "no 'weight_map' object of tensor name -> shard file")
        }
        let files = Set(map.values).sorted()
        guard !files.isEmpty else { throw IFError.invalidIndex(file: index, reason: "empty weight_map") }
        return try files.map { name in
            let p = (dir as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: p) else {
                throw IFError.missingFile(path: p, what: "a shard listed in \(index)")
            }
            return p
        }
    }
}

/// Memory-mapped safetensors files seen as one name -> tensor store.
public final class IFSnapshotWeights: IFWeightSource, @unchecked Sendable {
    public let files: [MappedSafeTensors]
    private let location: [String: Int]

    public init(files paths: [String]) throws {
        files = try paths.map(MappedSafeTensors.init(path:))
        var location: [String: Int] = [:]
        for (i, f) in files.enumerated() { for name in f.entries.keys { location[name] = i } }
        self.location = location
    }

    public var origin: String {
        files.count == 1 ? files[0].path : "\(files.count) shards in \((files[0].path as NSString).deletingLastPathComponent)"
    }

    public var names: [String] { location.keys.sorted() }

    public func shape(of name: String) -> [Int]? { location[name].flatMap { files[$0].entries[name]?.shape } }

    public func tensor(_ name: String) throws -> Tensor {
        var fresh: [Float] = []
        return try tensor(name, reusing: &fresh)
    }

    public func tensor(_ name: String, reusing storage: inout [Float]) throws -> Tensor {
        guard let i = location[name] else { throw IFError.missingTensor(name: name, source: origin) }
        return try files[i].tensor(name, reusing: &storage)
    }

    public func rows(_ name: String, _ indices: [Int]) throws -> Tensor {
        guard let i = location[name] else { throw IFError.missingTensor(name: name, source: origin) }
        return try files[i].rows(name, indices)
    }

    public func widenRows(_ name: String, _ rows: Range<Int>, into out: UnsafeMutablePointer<Float>) throws {
        guard let i = location[name] else { throw IFError.missingTensor(name: name, source: origin) }
        try files[i].widenRows(name, rows, into: out)
    }

    /// Stored dtypes, for reports (e.g. "F16").
    public var dtypes: [String] { Set(files.flatMap { $0.entries.values.map(\.dtype.rawValue) }).sorted() }
}
