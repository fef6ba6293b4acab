import Compute
import Foundation
import Plotting

/// Where an image-to-image figure's starting images come from.
enum ImageSource: Sendable {
    /// MNIST test images by index.
    case testDigits([Int])
    /// The first MNIST test image of each class, in order.
    case firstOfClass([Int])
    /// The typeset "web" digit.
    case web(WebDigit)
    /// The drawings and PNGs of `content/`.
    case content(ContentPictures)

    var usesMNIST: Bool {
        switch self {
        case .testDigits, .firstOfClass: true
        case .web, .content: false
        }
    }

    var parameters: [String: String] {
        switch self {
        case .testDigits(let indices): ["source": "MNIST test images", "test_indices": PartAFormat.list(indices)]
        case .firstOfClass(let classes): ["source": "first MNIST test image of each class", "source_classes": PartAFormat.list(classes)]
        case .web(let web): web.parameters.merging(["source": "typeset web digit, centre-crop, resize, grey, invert if light"]) { $1 }
        case .content: ["source": "content/drawings/*.json and content/images/*.png, centre-crop, resize, grey, invert if light"]
        }
    }

    var extraInputs: [FigureInput] {
        if case .content(let pictures) = self { return [.model(name: "content-pictures", hash: pictures.contentHash)] }
        return []
    }

    /// Images [M,C,size,size], one row title each, and MNIST labels (−1 for pictures).
    func load(_ context: FigureContext, figure: String, size: Int, channels: Int) throws -> (images: Tensor, names: [String], labels: [Int]) {
        switch self {
        case .testDigits(let indices):
            let mnist = try context.mnist()
            let labels = mnist.labels(.test, indices: indices)
            return (Batch.channels(mnist.images(.test, indices: indices), channels),
                    zip(indices, labels).map { "test \($0) (\($1))" }, labels)
        case .firstOfClass(let classes):
            let mnist = try context.mnist()
            let all = mnist.labels(.test, indices: Array(0..<mnist.count(.test)))
            let indices = try classes.map { k in
                guard let i = all.firstIndex(of: k) else { throw FigureError(figure: figure, "no MNIST test image of class \(k)") }
                return i
            }
            return (Batch.channels(mnist.images(.test, indices: indices), channels), indices.map { "test \($0)" }, classes)
        case .web(let web):
            return (try ImageConversion.modelInput(web.render(), size: size, channels: channels), ["web \"\(web.text)\""], [-1])
        case .content(let pictures):
            let found = try pictures.load()
            guard !found.isEmpty else {
                throw FigureError(figure: figure, "no drawings in \(pictures.drawingsDirectory) and no PNGs in \(pictures.imagesDirectory)")
            }
            let images = try found.map { try ImageConversion.modelInput($0.image, size: size, channels: channels) }
            return (Batch.concat(images), found.map(\.name), found.map { _ in -1 })
        }
    }
}

/// Part A 1.7 (SDEdit), 1.7.1 (web and hand-drawn images) and 1.7.3 (class-conditional image-to-image): each
/// image is noised to strided[i_start] and denoised from there, for every i_start. Small i_start means much
/// noise and big edits. All images of one i_start run as one batch.
///
/// Without `targets` the model runs on the null class: the seed's SDEdit prompt "a high quality photo" says nothing
/// about content, and the null class is our model's content-free condition; with it as the condition, CFG's
/// ε_u + γ(ε_c − ε_u) equals ε_u for every γ, so the unconditional model is run directly. With `targets`, image m is
/// guided toward class targets[m] with CFG γ.
struct ImageToImageFigure: FigureRecipe {
    let id: String
    let version = 1
    var setup: PartASetup
    var source: ImageSource
    var targets: [Int]?
    var iStarts = [1, 3, 5, 7, 10, 20]
    var what: String

    var stream: String { "\(id)/noise" }

    var parameters: [String: String] {
        var own = source.parameters.merging([
            "i_starts": PartAFormat.list(iStarts), "t_starts": PartAFormat.list(iStarts.map { setup.strided[$0] }),
            "strided_timesteps": PartAFormat.list(setup.strided), "step_noise": "posterior variance",
            "noise_stream": stream,
        ]) { $1 }
        if let targets {
            own["targets"] = PartAFormat.list(targets)
            own["gamma"] = PartAFormat.gamma(setup.gamma)
            own["unconditional"] = "null class"
        } else {
            own["conditioning"] = "null class (unconditional), no CFG"
        }
        return setup.parameters(own)
    }
    var inputs: [FigureInput] { setup.inputs(mnist: source.usesMNIST) + source.extraInputs }
    var alt: String { "\(what) edited by SDEdit at six noise levels" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try setup.denoiser(context, figure: id)
        let (images, names, labels) = try source.load(context, figure: id, size: setup.size, channels: model.channels)
        let m = images.shape[0]
        let guidance: Guidance
        if let targets {
            guard targets.count == m else {
                throw FigureError(figure: id, "\(targets.count) target classes for \(m) images")
            }
            guidance = .cfg(targets.map { .label($0) }, scale: setup.gamma)
        } else {
            guidance = .plain(.null)
        }
        let noise = SeededNoise(seed: setup.seed, name: stream)
        var edits: [Tensor] = []
        for iStart in iStarts {
            edits.append(try model.sdedit(images, timesteps: setup.strided, iStart: iStart, guidance: guidance,
                                          noise: noise.draw).x)
        }
        return FigureData(arrays: [
            ("originals", images), ("edits", Batch.concat(edits)), ("i_starts", Batch.vector(iStarts)),
            ("t_starts", Batch.vector(iStarts.map { setup.strided[$0] })), ("labels", Batch.vector(labels)),
        ], metadata: ["rows": names.joined(separator: "\n")])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let originals = try data.require("originals", figure: id), edits = try data.require("edits", figure: id)
        let m = originals.shape[0]
        let names = (data.metadata["rows"] ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rows: [[ImageCell?]] = (0..<m).map { row in
            iStarts.indices.map { k in ImageCell(batch: edits, index: k * m + row) } + [ImageCell(batch: originals, index: row)]
        }
        let titles = (0..<m).map { row -> String in
            let name = row < names.count ? names[row] : "image \(row + 1)"
            guard let targets else { return name }
            return "\(name) → \(targets[row])"
        }
        return ImageGrid(rows: rows, rowTitles: titles,
                         columnTitles: iStarts.map { "i_start \($0), t \(setup.strided[$0])" } + ["original"],
                         scale: 3, fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        let levels = iStarts.map { "\($0) (t = \(setup.strided[$0]))" }.joined(separator: ", ")
        let how: String
        if let targets {
            let names = (data.metadata["rows"] ?? "").split(separator: "\n").map(String.init)
            let labels = data["labels"]?.data.map { Int($0) } ?? []
            let pairs = targets.indices.map { m -> String in
                let from = m < labels.count && labels[m] >= 0 ? "a \(labels[m])" : (m < names.count ? names[m] : "image \(m + 1)")
                return "\(from) → class \(targets[m])"
            }.joined(separator: ", ")
            how = "guided toward another class with CFG γ = \(PartAFormat.gamma(setup.gamma)) (\(pairs))"
        } else {
            how = "denoised by the unconditional (null-class) model"
        }
        return "\(what): each image is noised to strided[i_start] and \(how), at i_start = \(levels) over the "
            + "\(setup.describeStrided); the last column is the starting image (seed \(setup.seed), stream \"\(stream)\")."
    }
}
