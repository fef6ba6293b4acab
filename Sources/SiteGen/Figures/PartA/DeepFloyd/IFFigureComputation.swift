import Compute
import Foundation
import Plotting

/// The seed's Part A procedures on IF, one per figure kind, through the model-agnostic Compute techniques
/// (forward process, one-step, strided loop, SDEdit, inpainting, anagrams, hybrids). Works in [−1, 1].
struct IFFigureComputation {
    var figure: IFFigure
    var model: any Denoiser
    var context: FigureContext
    var setup: IFPartASetup { figure.setup }
    var size: Int { model.imageSize }
    typealias F = IFFigure

    func run() throws -> IFGrid {
        let levels = IFPartASetup.noiseLevels
        let levelTitles = levels.map { "t = \($0)" }
        switch figure.kind {
        case .forward:
            let (clean, noisy) = try noisyTestImage()
            return IFGrid(rows: [("", Batch.concat([clean, IFPartASetup.toDisplay(noisy)]))], columns: ["original"] + levelTitles)
        case .blur:
            let (clean, noisy) = try noisyTestImage()
            let shown = IFPartASetup.toDisplay(noisy)
            let blurred = try (0..<levels.count).map {
                try ImageOps.bestBlur(Batch.item(shown, $0), original: clean, kernelSizes: F.blurKernelSizes, sigmas: F.blurSigmas).image
            }
            return IFGrid(rows: [("noisy", shown), ("best blur", Batch.concat(blurred))], columns: levelTitles)
        case .oneStep:
            let (clean, noisy) = try noisyTestImage()
            let eps = try model.epsilons(for: [GuidedInput(x: noisy, guidance: .plain(try setup.embedding(F.qualityPrompt)))],
                                         timesteps: levels)[0].epsilon
            let x0 = try model.schedule.estimateX0(noisy, timesteps: levels, epsilon: eps)
            return IFGrid(rows: [("noisy", Batch.concat([clean, IFPartASetup.toDisplay(noisy)])),
                                 ("one-step", Batch.concat([clean, IFPartASetup.toDisplay(x0)]))],
                          columns: ["original"] + levelTitles)
        case .iterative, .iterativeCompare:
            return try iterative()
        case .samples:
            let r = try model.sample(count: 5, timesteps: setup.strided, guidance: .plain(try setup.embedding(F.qualityPrompt)),
                                     options: setup.sampling, noise: noise().draw)
            return IFGrid(rows: [("", IFPartASetup.toDisplay(r.x))], columns: (1...5).map { "sample \($0)" })
        case .cfg:
            let r = try model.sample(count: 5, timesteps: setup.strided, guidance: try cfg(F.qualityPrompt),
                                     options: setup.sampling, noise: noise().draw)
            return IFGrid(rows: [("", IFPartASetup.toDisplay(r.x))], columns: (1...5).map { "sample \($0)" })
        case .sdedit(let source, let prompt):
            return try sdedit(source, prompt: prompt)
        case .inpaint:
            let (_, clean) = try setup.testImage(size: size)
            let mask = IFPartASetup.mask(size: size)
            let r = try model.inpaint(IFPartASetup.toModel(clean), mask: mask, timesteps: setup.strided,
                                      guidance: try cfg(F.qualityPrompt), options: setup.sampling, noise: noise().draw)
            let mask3 = Batch.channels(mask, 3)
            let hole = Tensor(shape: clean.shape, data: zip(clean.data, mask3.data).map { $0 * (1 - $1) })
            return IFGrid(rows: [("", Batch.concat([clean, mask3, hole, IFPartASetup.toDisplay(r.x)]))],
                          columns: ["original", "mask", "hole to fill", "inpainted"])
        case .anagram:
            let r = try model.visualAnagram(count: 1, timesteps: setup.strided, upright: try cfg(F.anagramPrompts.0),
                                            flipped: try cfg(F.anagramPrompts.1), options: setup.sampling, noise: noise().draw)
            let x = IFPartASetup.toDisplay(r.x)
            return IFGrid(rows: [("", Batch.concat([x, try ImageOps.rotate180(x)]))],
                          columns: [F.anagramPrompts.0, F.anagramPrompts.1 + " (rotated)"])
        case .hybrid:
            let blur = IFPartASetup.hybridBlur(size: size)
            let r = try model.hybridImage(count: 1, timesteps: setup.strided, lowpass: try cfg(F.hybridPrompts.0),
                                          highpass: try cfg(F.hybridPrompts.1), blur: blur, options: setup.sampling,
                                          noise: noise().draw)
            let x = IFPartASetup.toDisplay(r.x)
            let far = try ImageOps.gaussianBlur(x, kernelSize: blur.kernelSize, sigma: blur.sigma)
            return IFGrid(rows: [("", Batch.concat([x, far]))], columns: ["hybrid", "low-pass view (as from afar)"])
        }
    }

    private func noise() -> SeededNoise { SeededNoise(seed: setup.seed, name: figure.stream) }

    private func cfg(_ prompt: String) throws -> Guidance {
        .cfg(try setup.embedding(prompt), unconditional: .null, scale: setup.gamma)
    }

    /// (clean [1,3,H,W] in [0, 1], noisy [3,3,H,W] in [−1, 1]) at t = 250, 500, 750: one ε per level.
    private func noisyTestImage() throws -> (Tensor, Tensor) {
        let (_, clean) = try setup.testImage(size: size)
        let levels = IFPartASetup.noiseLevels
        let eps = SeededNoise(seed: setup.seed, name: IFFigure.forwardStream).draw([levels.count, 3, size, size])
        let noisy = try model.schedule.addNoise(Batch.repeated(IFPartASetup.toModel(clean), times: levels.count),
                                                timesteps: levels, epsilon: eps)
        return (clean, noisy)
    }

    /// 1.4: noise to strided[i_start = 10] (t = 690), denoise without CFG recording every 5th loop; the compare
    /// figure adds the one-step estimate and the best blur of the same noisy image.
    private func iterative() throws -> IFGrid {
        let (_, clean) = try setup.testImage(size: size)
        let noise = SeededNoise(seed: setup.seed, name: "a.iterative/noise")
        let iStart = setup.start(10)
        let t = setup.strided[iStart]
        let guidance = Guidance.plain(try setup.embedding(F.qualityPrompt))
        let xt = try model.schedule.addNoise(IFPartASetup.toModel(clean), t: t, noise: noise.draw)
        // a.iterative and a.iterative-compare show the same loop: run it once per build.
        let key = "IF iterative seed=\(setup.seed) i_start=\(iStart) strided=\(setup.strided) size=\(size) prompt=\(F.qualityPrompt)"
        let run = try context.shared(key) {
            try model.iterativeDenoise(xt, timesteps: setup.strided, iStart: iStart, guidance: guidance,
                                       options: SamplingOptions(stepNoise: setup.stepNoise, recording: .every(5)),
                                       noise: noise.draw)
        }
        let result = IFPartASetup.toDisplay(run.x)
        if case .iterative = figure.kind {
            return IFGrid(rows: [("", Batch.concat(run.snapshots.map { IFPartASetup.toDisplay($0.x) } + [result]))],
                          columns: run.snapshots.map { "t = \($0.timestep)" } + ["result"])
        }
        let oneStep = IFPartASetup.toDisplay(try model.oneStepDenoise(xt, t: t, guidance: guidance))
        let blur = try ImageOps.bestBlur(IFPartASetup.toDisplay(xt), original: clean,
                                         kernelSizes: F.blurKernelSizes, sigmas: F.blurSigmas)
        return IFGrid(rows: [("", Batch.concat([clean, result, oneStep, blur.image]))],
                      columns: ["original", "iterative", "one-step", "blur k \(blur.kernelSize), σ \(PartAFormat.sigma(blur.sigma))"])
    }

    /// 1.7: each picture noised to each i_start and denoised with CFG; one row per picture, original last.
    private func sdedit(_ source: IFPictureSource, prompt: String) throws -> IFGrid {
        let pictures: [(name: String, image: Tensor)]
        switch source {
        case .testImage: pictures = [try setup.testImage(size: size)]
        case .web: pictures = [("web picture", try IFPartASetup.rgb(WebDigit().render(), size: size))]
        case .content:
            pictures = try ContentPictures(contentDirectory: setup.contentDirectory).load().map {
                ($0.name, try IFPartASetup.rgb($0.image, size: size))
            }
            guard !pictures.isEmpty else {
                throw FigureError(figure: figure.id, "no pictures in content/drawings or content/images")
            }
        }
        let originals = Batch.concat(pictures.map(\.image))
        let stream = self.noise()
        let guidance = try cfg(prompt)
        let starts = IFFigure.sdeditStarts.map(setup.start)
        var edits: [Tensor] = []
        for iStart in starts {
            let r = try model.sdedit(IFPartASetup.toModel(originals), timesteps: setup.strided, iStart: iStart,
                                     guidance: guidance, options: setup.sampling, noise: stream.draw)
            edits.append(IFPartASetup.toDisplay(r.x))
        }
        let rows: [(title: String, images: Tensor)] = pictures.indices.map { p in
            (pictures[p].name, Batch.concat(edits.map { Batch.item($0, p) } + [Batch.item(originals, p)]))
        }
        return IFGrid(rows: rows, columns: starts.map { "i_start = \($0)" } + ["original"])
    }
}
