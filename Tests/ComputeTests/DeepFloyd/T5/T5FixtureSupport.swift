import Foundation
@testable import Compute

/// The T5 fixture written by tools/make_t5_reference.py: the tiny snapshot `t5-tiny/` (tokenizer/ and
/// text_encoder/), `t5-tiny.json` (prompts with transformers' ids and masks, torch's bucket table) and
/// `t5-tiny.io.safetensors` (transformers' encoder outputs per prompt and weights variant).
struct T5Fixture {
    struct Prompt: Decodable {
        var text: String
        var prepared: String
        var pieces: [String]
        var ids: [Int]
        var mask: [Int]
    }

    struct Record: Decodable {
        var prompts: [Prompt]
        var buckets_by_relative_position: [String: Int]
        var vocab_size: Int
    }

    let record: Record
    let outputs: SafeTensorsFile
    let snapshot: String

    static func load() throws -> T5Fixture {
        let data = try Data(contentsOf: URL(fileURLWithPath: try IFFixtures.path("t5-tiny.json")))
        return T5Fixture(record: try JSONDecoder().decode(Record.self, from: data),
                         outputs: try SafeTensors.read(path: try IFFixtures.path("t5-tiny.io.safetensors")),
                         snapshot: try IFFixtures.path("t5-tiny"))
    }

    var prompts: [Prompt] { record.prompts }
}
