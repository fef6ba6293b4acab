import Compute
import Foundation

/// `--backend deepfloyd`: where the user's IF snapshot and prompt embeddings are. Part A then runs on IF stage I
/// with the seed's own parameters instead of the digit model. Prompts come from the precomputed file when it holds
/// them, else from the snapshot's own T5 encoder (`text_encoder/` + `tokenizer/`), cached (see `IFPromptSource`).
public struct DeepFloydOptions: Sendable, Equatable {
    /// The Hugging Face snapshot of stage I (holding `unet/`), e.g. DeepFloyd/IF-I-L-v1.0.
    public var modelDir: String
    /// Stage II snapshot (e.g. DeepFloyd/IF-II-L-v1.0): Part 0's figure `a.setup` then also shows its samples
    /// upsampled to 256 px. The other figures work at stage I's size, as the seed's do.
    public var stage2Dir: String?
    /// Stage II's denoising steps (the course notebook's `upsample` uses 30; diffusers' default is 50).
    public var stage2Steps: Int
    /// safetensors of prompt -> T5 embedding (see `IFPromptEmbeddings`); nil = every prompt from the snapshot's
    /// text encoder.
    public var promptsFile: String?
    /// Where natively encoded prompt embeddings are kept between builds (default: the user cache's `t5-embeddings`).
    public var embeddingCache: String
    /// TEST ONLY: replaces the course's strided timesteps 990, 960, …, 0 in every loop (i_start values then start
    /// at the first listed timestep at or below the seed's), so an end-to-end test runs in seconds. nil = the seed's.
    public var timestepsOverride: [Int]?

    public init(modelDir: String, stage2Dir: String? = nil, promptsFile: String? = nil, timestepsOverride: [Int]? = nil,
                stage2Steps: Int = 30, embeddingCache: String? = nil) {
        self.modelDir = modelDir
        self.embeddingCache = embeddingCache ?? (UserCache.directory() as NSString).appendingPathComponent("t5-embeddings")
        self.stage2Dir = stage2Dir
        self.stage2Steps = stage2Steps
        self.promptsFile = promptsFile
        self.timestepsOverride = timestepsOverride
    }

    /// The snapshot's identity without hashing gigabytes: the UNet config's SHA-256 plus each weight/index file's
    /// name and size. Re-downloading the same snapshot keeps it; another model or variant changes it.
    public func snapshotIdentity() -> String { Self.snapshotIdentity(of: modelDir) }

    /// The same identity for any snapshot folder (the stage II one too).
    public static func snapshotIdentity(of modelDir: String) -> String {
        let fm = FileManager.default
        let unet = IFSnapshot.unetDirectory(in: modelDir)
        var text = ""
        if let config = fm.contents(atPath: (unet as NSString).appendingPathComponent("config.json")) {
            text += "config.json:" + Hashing.sha256Hex(config) + "\n"
        }
        let names = ((try? fm.contentsOfDirectory(atPath: unet)) ?? []).filter {
            $0.hasSuffix(".safetensors") || $0.hasSuffix(".json")
        }.sorted()
        for name in names {
            let size = (try? fm.attributesOfItem(atPath: (unet as NSString).appendingPathComponent(name)))?[.size] as? NSNumber
            text += "\(name):\(size?.intValue ?? -1)\n"
        }
        return Hashing.sha256Hex(text)
    }

    /// SHA-256 of the prompts file's bytes (a few MB), "missing" when it cannot be read (loading then fails
    /// clearly), "none" without a file.
    public func promptsHash() -> String {
        guard let promptsFile else { return "none" }
        return FileManager.default.contents(atPath: promptsFile).map { Hashing.sha256Hex($0) } ?? "missing"
    }

    /// The text encoder's identity (`T5TextEncoder.identity`), "none" when the snapshot has none.
    public func textEncoderIdentity() -> String {
        T5TextEncoder.isPresent(in: modelDir) ? T5TextEncoder.identity(modelDir: modelDir) : "none"
    }

    /// The cache-key identity of Part A's model: snapshot, prompts file and text encoder together.
    public func partAModel() -> PartAModel {
        PartAModel(name: "deepfloyd-if", hash: Hashing.sha256Hex(snapshotIdentity() + "|" + promptsHash() + "|" + textEncoderIdentity()))
    }

    /// The prompt embeddings of this snapshot and file (one shared source per process).
    var promptSource: IFPromptSource { IFPromptSource.shared(self) }

    /// `loadDenoiser` for `FigureContext`, which loads it on first use only.
    public var denoiserLoader: () throws -> any Denoiser { { try loadDenoiser() } }

    /// Stage I's UNet behind the `Denoiser` protocol, `.null` = the `""` prompt.
    public func loadDenoiser() throws -> any Denoiser {
        let snapshot = try IFSnapshot.open(modelDir: modelDir)
        let width = try promptSource.width()
        guard width == snapshot.config.textDim else {
            throw IFError.badInput(what: promptsFile ?? T5TextEncoder.encoderDirectory(in: modelDir),
                                   reason: "embeddings are \(width) wide but the UNet in \(modelDir) expects text width "
                                       + "\(snapshot.config.textDim); use the prompts of this model family")
        }
        return try IFDenoiser(unet: try IFUNet(snapshot: snapshot), nullEmbedding: try promptSource.embedding(""))
    }
}
