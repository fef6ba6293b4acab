import Foundation

/// Precomputed T5 prompt embeddings, as the course shipped them (`prompt_embeds_dict.pth`, converted to safetensors
/// by `tools/convert_prompt_embeds.py`): one tensor per prompt, named by the prompt string, `[1, 77, D]` or
/// `[77, D]`. Alone, a prompt not in the file cannot be used (the error lists the ones that can) and the empty
/// prompt `""`, the unconditional (CFG) embedding, must be present; beside a snapshot's T5 encoder (`T5TextEncoder`)
/// the file only needs the prompts it should decide.
public struct IFPromptEmbeddings: Sendable {
    /// The file they came from (for errors).
    public let source: String
    /// Prompt -> `[L, D]`.
    public let embeddings: [String: Tensor]
    /// D, the text width every embedding shares.
    public let width: Int

    /// Checks every tensor is `[L, D]` or `[1, L, D]` with one D, and (with `requireNull`) that `""` is there.
    public init(embeddings raw: [String: Tensor], source: String, requireNull: Bool = true) throws {
        var tokens: [String: Tensor] = [:]
        var width: Int?
        for prompt in raw.keys.sorted() {
            let e = raw[prompt]!
            let s = e.shape.count == 3 && e.shape[0] == 1 ? Array(e.shape.dropFirst()) : e.shape
            guard s.count == 2, s[0] >= 1, s[1] >= 1 else {
                throw IFPromptError.badShape(source: source, prompt: prompt, shape: e.shape)
            }
            if let width, width != s[1] {
                throw IFPromptError.mixedWidths(source: source, prompt: prompt, width: s[1], expected: width)
            }
            width = s[1]
            tokens[prompt] = Tensor(shape: s, data: e.data)
        }
        guard let width, tokens[""] != nil || !requireNull else {
            throw IFPromptError.noNullPrompt(source: source, available: tokens.keys.sorted())
        }
        self.source = source
        self.embeddings = tokens
        self.width = width
    }

    /// Reads a safetensors file of prompt -> embedding (F32, F16 or BF16).
    public static func load(path: String, requireNull: Bool = true) throws -> IFPromptEmbeddings {
        guard FileManager.default.fileExists(atPath: path) else {
            throw IFError.missingFile(path: path, what: "prompt embeddings; convert the course's prompt_embeds_dict.pth with tools/convert_prompt_embeds.py")
        }
        let file = try SafeTensors.read(path: path)
        var all: [String: Tensor] = [:]
        for entry in file.entries { all[entry.name] = entry.tensor }
        return try IFPromptEmbeddings(embeddings: all, source: path, requireNull: requireNull)
    }

    /// Every prompt in the file, sorted ("" first).
    public var prompts: [String] { embeddings.keys.sorted() }

    /// The `[L, D]` embedding of `prompt`, or an error listing the prompts the file has.
    public func embedding(_ prompt: String) throws -> Tensor {
        guard let e = embeddings[prompt] else {
            throw IFPromptError.missingPrompt(source: source, prompt: prompt, available: prompts)
        }
        return e
    }

    /// The `""` prompt: CFG's unconditional branch (present unless loaded with `requireNull: false`).
    public var null: Tensor? { embeddings[""] }
}

/// Why a prompt embeddings file cannot be used; names the file and prompt.
public enum IFPromptError: Error, CustomStringConvertible, Equatable {
    case missingPrompt(source: String, prompt: String, available: [String])
    case noNullPrompt(source: String, available: [String])
    case badShape(source: String, prompt: String, shape: [Int])
    case mixedWidths(source: String, prompt: String, width: Int, expected: Int)

    public var description: String {
        func list(_ p: [String]) -> String { p.isEmpty ? "none" : p.map { "\"\($0)\"" }.joined(separator: ", ") }
        switch self {
        case let .missingPrompt(source, prompt, available):
            return "\(source): no embedding for the prompt \"\(prompt)\"; available prompts: \(list(available))"
        case let .noNullPrompt(source, available):
            return "\(source): no embedding for the empty prompt \"\" (the unconditional branch of CFG); "
                + "available prompts: \(list(available))"
        case let .badShape(source, prompt, shape):
            return "\(source): embedding of \"\(prompt)\" has shape \(shape); expected [1, L, D] or [L, D]"
        case let .mixedWidths(source, prompt, width, expected):
            return "\(source): embedding of \"\(prompt)\" is \(width) wide, the others \(expected)"
        }
    }
}
