import Compute
import Foundation
import Yams

/// `content/part-a.yml`: what each Part A technique is shown on, one block per backend, so a student changes
/// prompts, pairs and pictures without touching Swift. Read node by node with Yams so that every mistake names
/// the file, the line and the entry, and what was expected.
///
///     digits:
///       test_image: mnist:0          # pictures: mnist:N, mnist-class:K, web, test-picture, all-content,
///       test_prompt: "7"             #           images/NAME.png, drawings/NAME.json
///       anagrams: [["6", "9"], ...]  # pairs: exactly two prompts
///       inpaint:
///         - {picture: mnist:1, prompt: "2", mask: [34, 55, 11, 53]}   # 64-px frame: rows 15..<24, cols 5..<23 at 28 px
enum PartASetsFile {
    static let name = "part-a.yml"

    /// The sets of `backend`, each prompt checked by `condition` (a digit class for the digit model).
    static func load(contentDirectory: String, backend: Backend,
                     condition: @escaping (String) throws -> Void) throws -> PartASets {
        let path = (contentDirectory as NSString).appendingPathComponent(name)
        let file = (contentDirectory as NSString).lastPathComponent + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceError(file: file, "missing: Part A's prompts, pairs and pictures are read from it (see README, Part A content)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self))
        } catch let error as YamlError {
            throw SourceError(file: file, "invalid YAML: \(error)")
        }
        guard let mapping = root?.mapping else { throw SourceError(file: file, line: 1, "expected one block per backend (digits:, deepfloyd:)") }
        for (key, _) in mapping where Backend(rawValue: key.string ?? "") == nil {
            throw SourceError(file: file, line: key.mark?.line, "unknown backend `\(key.string ?? "?")`; expected one of \(Backend.names)")
        }
        guard let block = root?[backend.rawValue] else {
            throw SourceError(file: file, "no `\(backend.rawValue):` block; the \(backend.rawValue) backend needs one")
        }
        let r = Reader(file: file, backend: backend.rawValue, contentDirectory: contentDirectory, condition: condition)
        let sets = PartASets(
            testImage: try r.picture(r.field(block, "test_image"), "test_image"),
            testPrompt: try r.prompt(r.field(block, "test_prompt"), "test_prompt"),
            setupPrompts: try r.prompts(r.field(block, "setup_prompts"), "setup_prompts"),
            samplePrompt: try r.prompt(r.field(block, "sample_prompt"), "sample_prompt"),
            sampleCount: try r.count(r.field(block, "sample_count"), "sample_count"),
            cfgPrompts: try r.prompts(r.field(block, "cfg_prompts"), "cfg_prompts"),
            editPrompt: try r.prompt(r.field(block, "edit_prompt"), "edit_prompt"),
            sdeditPictures: try r.list(r.field(block, "sdedit_pictures"), "sdedit_pictures") { try r.picture($0, $1) },
            sdeditStarts: try r.starts(r.field(block, "sdedit_starts"), "sdedit_starts"),
            webPictures: try r.list(r.field(block, "web_pictures"), "web_pictures") { try r.picture($0, $1) },
            drawnPictures: try r.list(r.field(block, "drawn_pictures"), "drawn_pictures") { try r.picture($0, $1) },
            inpaint: try r.list(r.field(block, "inpaint"), "inpaint") { try r.edit($0, $1, masks: true) },
            translation: try r.list(r.field(block, "translation"), "translation") { try r.edit($0, $1, masks: false) },
            anagrams: try r.list(r.field(block, "anagrams"), "anagrams") { try r.pair($0, $1) },
            hybrids: try r.list(r.field(block, "hybrids"), "hybrids") { try r.pair($0, $1) })
        let known = Set(Reader.fields)
        for (key, _) in block.mapping ?? [:] where !known.contains(key.string ?? "") {
            throw SourceError(file: file, line: key.mark?.line,
                              "\(backend.rawValue).\(key.string ?? "?"): unknown entry; expected one of \(Reader.fields.joined(separator: ", "))")
        }
        return sets
    }

    /// Reads one backend's block; every error names file, line and entry.
    struct Reader {
        var file: String
        var backend: String
        var contentDirectory: String
        var condition: (String) throws -> Void
        static let fields = ["test_image", "test_prompt", "setup_prompts", "sample_prompt", "sample_count", "cfg_prompts",
                             "edit_prompt", "sdedit_pictures", "sdedit_starts", "web_pictures", "drawn_pictures", "inpaint", "translation", "anagrams", "hybrids"]

        func error(_ node: Node, _ entry: String, _ message: String) -> SourceError {
            SourceError(file: file, line: node.mark?.line, "\(backend).\(entry): \(message)")
        }

        func field(_ block: Node, _ key: String) throws -> Node {
            guard let node = block[key] else {
                throw SourceError(file: file, line: block.mark?.line, "\(backend): missing entry `\(key)`")
            }
            return node
        }

        func prompt(_ node: Node, _ entry: String) throws -> String {
            guard let text = node.scalar?.string else { throw error(node, entry, "expected a prompt in quotes") }
            do {
                try condition(text)
            } catch {
                throw self.error(node, entry, "\(error)")
            }
            return text
        }

        func prompts(_ node: Node, _ entry: String) throws -> [String] {
            try list(node, entry) { try prompt($0, $1) }
        }

        func list<T>(_ node: Node, _ entry: String, _ item: (Node, String) throws -> T) throws -> [T] {
            guard let items = node.sequence else { throw error(node, entry, "expected a list `[...]`") }
            guard items.count > 0 else { throw error(node, entry, "the list is empty") }
            return try items.enumerated().map { try item($0.element, "\(entry)[\($0.offset)]") }
        }

        func count(_ node: Node, _ entry: String) throws -> Int {
            guard let n = node.int, (1...64).contains(n) else { throw error(node, entry, "expected a count 1...64") }
            return n
        }

        func starts(_ node: Node, _ entry: String) throws -> [Int] {
            try list(node, entry) { item, name in
                guard let i = item.int, (0..<SeedMapping.seedStridedTimesteps.count - 1).contains(i) else {
                    throw error(item, name, "expected an i_start 0...\(SeedMapping.seedStridedTimesteps.count - 2) "
                        + "(an index into the seed's 990, 960, …, 0)")
                }
                return i
            }
        }

        func pair(_ node: Node, _ entry: String) throws -> PromptPair {
            guard let items = node.sequence, items.count == 2 else {
                throw error(node, entry, "expected a pair of two prompts, like [\"6\", \"9\"]")
            }
            return PromptPair(first: try prompt(items[0], entry + "[0]"), second: try prompt(items[1], entry + "[1]"))
        }

        func edit(_ node: Node, _ entry: String, masks: Bool) throws -> EditEntry {
            guard let map = node.mapping else { throw error(node, entry, "expected {picture: ..., prompt: ...}") }
            let allowed = masks ? ["picture", "prompt", "mask"] : ["picture", "prompt"]
            for (key, _) in map where !allowed.contains(key.string ?? "") {
                throw error(key, entry, "unknown key `\(key.string ?? "?")`; expected \(allowed.joined(separator: ", "))")
            }
            guard let picture = node["picture"], let prompt = node["prompt"] else {
                throw error(node, entry, "needs both `picture` and `prompt`")
            }
            var edit = EditEntry(picture: try self.picture(picture, entry + ".picture"),
                                 prompt: try self.prompt(prompt, entry + ".prompt"))
            if let mask = node["mask"] {
                guard let v = mask.sequence?.compactMap(\.int), v.count == 4, v[0] >= 0, v[0] < v[1], v[1] <= 64, v[2] >= 0, v[2] < v[3], v[3] <= 64 else {
                    throw error(mask, entry + ".mask", "expected [row_start, row_end, col_start, col_end] with start < end, "
                        + "in the seed's 64 x 64 frame, each model scaling it to its size (half-open: rows row_start..<row_end)")
                }
                edit.mask = MaskRect(rows: v[0]..<v[1], cols: v[2]..<v[3])
            }
            return edit
        }

        func picture(_ node: Node, _ entry: String) throws -> PictureRef {
            guard let text = node.scalar?.string else { throw error(node, entry, "expected a picture name") }
            let picture: PictureRef
            do {
                picture = try PictureRef(parsing: text)
            } catch let message as PictureRef.ParseError {
                throw error(node, entry, message.text)
            }
            if case .contentFile(let name) = picture,
               !FileManager.default.fileExists(atPath: (contentDirectory as NSString).appendingPathComponent(name)) {
                throw error(node, entry, "`\(name)` is not in the content folder")
            }
            return picture
        }
    }
}

extension PictureRef {
    struct ParseError: Error { var text: String }

    /// `mnist:N`, `mnist-class:K`, `web`, `test-picture`, `all-content`, `images/NAME.png`, `drawings/NAME.json`.
    init(parsing text: String) throws {
        let expected = "expected mnist:N, mnist-class:K, web, test-picture, all-content, images/NAME.png or drawings/NAME.json"
        if let n = text.split(separator: ":").last.flatMap({ Int($0) }), text.hasPrefix("mnist:") {
            guard (0..<10_000).contains(n) else { throw ParseError(text: "`\(text)`: MNIST has test images 0...9999") }
            self = .mnistTest(n)
        } else if let k = text.split(separator: ":").last.flatMap({ Int($0) }), text.hasPrefix("mnist-class:") {
            guard (0...9).contains(k) else { throw ParseError(text: "`\(text)`: classes are 0...9") }
            self = .firstOfClass(k)
        } else if text == "web" {
            self = .web
        } else if text == "test-picture" {
            self = .firstContentPicture
        } else if text == "all-content" {
            self = .allContent
        } else if (text.hasPrefix("images/") && text.lowercased().hasSuffix(".png"))
                    || (text.hasPrefix("drawings/") && text.hasSuffix(".json")), !text.contains("..") {
            self = .contentFile(text)
        } else {
            throw ParseError(text: "unknown picture `\(text)`; \(expected)")
        }
    }
}
