import Compute

/// The model Part A runs on, as one build option: its name (`Backend`) and what that model needs.
public enum PartABackendChoice: Sendable, Equatable {
    /// Part B's class-conditioned digit model; a class label plays the prompt.
    case digits
    /// DeepFloyd IF stage I from the user's snapshot.
    case deepfloyd(DeepFloydOptions)

    public var name: Backend {
        switch self {
        case .digits: .digits
        case .deepfloyd: .deepfloyd
        }
    }

    public var deepfloyd: DeepFloydOptions? {
        if case .deepfloyd(let options) = self { return options }
        return nil
    }

    /// Loads Part A's model on first use; nil = the class-conditioned model of the build's model store.
    public var denoiserLoader: (() throws -> any Denoiser)? { deepfloyd?.denoiserLoader }

    /// The backend the recipes run on, with its sets from `content/part-a.yml`.
    func partA(models: ModelSet, contentDirectory: String) throws -> any PartABackend {
        switch self {
        case .digits: try DigitBackend(model: PartAModel(models.final(.classConditioned)), contentDirectory: contentDirectory,
                                         judge: .classifier(models.final(.classifier)))
        case .deepfloyd(let options): try DeepFloydBackend(options: options, contentDirectory: contentDirectory)
        }
    }

    /// `--backend NAME` with its options: "digits" takes none; "deepfloyd" needs the snapshot and, without the
    /// snapshot's text encoder, a prompts file.
    public static func parse(_ name: String, modelDir: String?, stage2Dir: String?, prompts: String?) throws -> PartABackendChoice {
        switch Backend(rawValue: name) {
        case .digits:
            guard modelDir == nil, prompts == nil, stage2Dir == nil else {
                throw BackendError("--model-dir, --stage2-dir and --prompts belong to --backend deepfloyd; the digits backend uses Part B's model")
            }
            return .digits
        case .deepfloyd:
            guard let modelDir, prompts != nil || T5TextEncoder.isPresent(in: modelDir) else {
                throw BackendError("--backend deepfloyd needs --model-dir DIR (a Hugging Face snapshot of DeepFloyd/IF-I-L-v1.0 "
                    + "or IF-I-XL-v1.0, the folder holding unet/) with its text_encoder/ and tokenizer/, or --prompts FILE "
                    + "(prompt embeddings, see tools/convert_prompt_embeds.py)" + (modelDir == nil ? "; --model-dir is missing" : "")
                    + (prompts == nil ? "; --prompts is missing and the snapshot has no text_encoder/config.json" : ""))
            }
            return .deepfloyd(DeepFloydOptions(modelDir: modelDir, stage2Dir: stage2Dir, promptsFile: prompts))
        case nil:
            throw BackendError("unknown backend `\(name)`; use one of \(Backend.names)")
        }
    }
}

/// A `--backend` option combination that cannot work; says what to pass.
public struct BackendError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
