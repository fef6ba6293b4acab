import Compute
import Plotting

/// A picture a Part A figure starts from.
enum PictureRef: Sendable, Equatable {
    /// An MNIST test image by index.
    case mnistTest(Int)
    /// The first MNIST test image of a class.
    case firstOfClass(Int)
    /// The typeset "web" picture (`WebDigit`).
    case web
    /// The first PNG of `content/images`, else the first drawing, else the web picture: the seed's Campanile.
    case firstContentPicture
    /// Every drawing and PNG of `content/`.
    case allContent
    /// One file of `content/`: `images/NAME.png` or `drawings/NAME.json`.
    case contentFile(String)

    var readsMNIST: Bool {
        switch self {
        case .mnistTest, .firstOfClass: true
        case .web, .firstContentPicture, .allContent, .contentFile: false
        }
    }

    var readsContent: Bool {
        switch self {
        case .firstContentPicture, .allContent, .contentFile: true
        case .mnistTest, .firstOfClass, .web: false
        }
    }

    /// How the parameters name it.
    var text: String {
        switch self {
        case .mnistTest(let i): "MNIST test image \(i)"
        case .firstOfClass(let k): "first MNIST test image of class \(k)"
        case .web: "typeset web picture"
        case .firstContentPicture: "first PNG of content/images (else the first drawing)"
        case .allContent: "content/drawings/*.json and content/images/*.png"
        case .contentFile(let name): "content/\(name)"
        }
    }

    enum Pixels { case mnist(Tensor), picture(PixelImage) }

    /// The pictures this reference names, each with a row title.
    func load(_ context: FigureContext, figure: String,
              contentDirectory: String) throws -> [(name: String, pixels: Pixels)] {
        switch self {
        case .mnistTest(let index):
            let mnist = try context.mnist()
            let label = mnist.labels(.test, indices: [index])[0]
            return [("test \(index) (\(label))", .mnist(mnist.images(.test, indices: [index])))]
        case .firstOfClass(let k):
            let mnist = try context.mnist()
            let all = mnist.labels(.test, indices: Array(0..<mnist.count(.test)))
            guard let index = all.firstIndex(of: k) else { throw FigureError(figure: figure, "no MNIST test image of class \(k)") }
            return [("test \(index)", .mnist(mnist.images(.test, indices: [index])))]
        case .web:
            let web = WebDigit()
            return [("web \"\(web.text)\"", .picture(web.render()))]
        case .firstContentPicture:
            let pictures = try ContentPictures(contentDirectory: contentDirectory).load()
            let picture = pictures.first { $0.name.lowercased().hasSuffix(".png") } ?? pictures.first
                ?? SourcePicture(name: "web \"\(WebDigit().text)\"", image: WebDigit().render())
            return [(picture.name, .picture(picture.image))]
        case .allContent:
            let pictures = ContentPictures(contentDirectory: contentDirectory)
            let found = try pictures.load()
            guard !found.isEmpty else {
                throw FigureError(figure: figure, "no drawings in \(pictures.drawingsDirectory) and no PNGs in \(pictures.imagesDirectory)")
            }
            return found.map { ($0.name, .picture($0.image)) }
        case .contentFile(let name):
            let picture = try ContentPictures(contentDirectory: contentDirectory).load(file: name)
            return [(picture.name, .picture(picture.image))]
        }
    }
}

/// A picture with the prompt it is edited toward (and, for inpainting, its mask).
struct EditEntry: Sendable, Equatable {
    var picture: PictureRef
    var prompt: String
    /// Inpainting only: the region to regenerate at the model's size; nil = the seed's mask scaled to the model.
    var mask: MaskRect? = nil
}

/// Two prompts of an illusion: (upright, flipped) for anagrams, (low-pass, high-pass) for hybrids.
struct PromptPair: Sendable, Equatable {
    var first: String
    var second: String
}

/// What each Part A technique is shown on, in one backend's vocabulary (class labels "0"…"9" for the digit model,
/// text for IF; "" is the empty prompt, the null class). The seed's sets are each backend's defaults.
struct PartASets: Sendable, Equatable {
    /// The seed's Campanile: the image of the forward process, the blur, one-step and iterative denoising.
    var testImage: PictureRef
    /// The prompt that describes the test image (one-step and iterative denoising condition on it, without CFG).
    var testPrompt: String
    /// Part 0: prompts sampled with a few and with many steps (on IF, the pipeline's own figure).
    var setupPrompts: [String]
    /// 1.5: prompt of the unguided samples.
    var samplePrompt: String
    var sampleCount = 5
    /// 1.6: one prompt per CFG sample.
    var cfgPrompts: [String]
    /// 1.7: SDEdit's prompt and its test pictures (the web picture and the drawings have figures of their own).
    var editPrompt: String
    var sdeditPictures: [PictureRef]
    var sdeditStarts = [1, 3, 5, 7, 10, 20]
    /// 1.7.1: the web image(s) (a photograph from the web under a free licence) and the hand-drawn pictures.
    var webPictures: [PictureRef] = [.web]
    var drawnPictures: [PictureRef] = [.allContent]
    /// 1.7.2: inpainting targets.
    var inpaint: [EditEntry]
    /// 1.7.3: conditional image-to-image translation.
    var translation: [EditEntry]
    /// 1.8 and 1.9.
    var anagrams: [PromptPair]
    var hybrids: [PromptPair]

    /// Every prompt the sets use, "" first, each once, in order of appearance.
    var prompts: [String] {
        var all = [""]
        let listed = [testPrompt] + setupPrompts + [samplePrompt] + cfgPrompts + [editPrompt]
            + inpaint.map(\.prompt) + translation.map(\.prompt)
            + anagrams.flatMap { [$0.first, $0.second] } + hybrids.flatMap { [$0.first, $0.second] }
        for p in listed where !all.contains(p) { all.append(p) }
        return all
    }
}
