import Foundation

/// The figures of Part A: one recipe per technique, each run on `backend` (the digit model or DeepFloyd IF)
/// through the `Denoiser` the build's `FigureContext` provides, on the backend's sets of prompts and pictures.
enum PartARecipes {
    /// - Parameter contentDirectory: where `drawings/` and `images/` (the pictures some figures start from) live.
    static func all(backend: any PartABackend, contentDirectory: String = "content") -> [any FigureRecipe] {
        let sets = backend.sets
        let b = backend, c = contentDirectory
        return [
            b.partZero(contentDirectory: c),
            ForwardFigure(backend: b, contentDirectory: c),
            BlurFigure(backend: b, contentDirectory: c),
            OneStepFigure(backend: b, contentDirectory: c),
            IterativeFigure(backend: b, contentDirectory: c),
            IterativeCompareFigure(backend: b, contentDirectory: c),
            SamplesFigure(backend: b),
            CFGFigure(backend: b),
            ImageToImageFigure(id: "a.sdedit-test", backend: b, contentDirectory: c,
                               pictures: sets.sdeditPictures, prompts: [sets.editPrompt],
                               what: "SDEdit of the test images"),
            ImageToImageFigure(id: "a.sdedit-web", backend: b, contentDirectory: c, pictures: sets.webPictures, prompts: [sets.editPrompt],
                               what: "SDEdit of a photograph from the web"),
            ImageToImageFigure(id: "a.sdedit-drawn", backend: b, contentDirectory: c, pictures: sets.drawnPictures,
                               prompts: [sets.editPrompt], what: "SDEdit of the hand-drawn pictures"),
            InpaintFigure(backend: b, contentDirectory: c),
            ImageToImageFigure(id: "a.class-i2i", backend: b, contentDirectory: c, pictures: sets.translation.map(\.picture),
                               prompts: sets.translation.map(\.prompt), what: "Conditional image-to-image translation"),
            AnagramFigure(backend: b),
            HybridFigure(backend: b),
            IterativeAnimationFigure(backend: b, contentDirectory: c),
            LogoFigure(backend: b, contentDirectory: c),
        ]
    }
}

extension DigitBackend {
    /// Part 0 samples the class "prompts" through the strided loop.
    func partZero(contentDirectory: String) -> any FigureRecipe { SetupFigure(backend: self) }
}

extension DeepFloydBackend {
    /// Part 0 runs IF's own pipeline (stage I and optionally stage II).
    func partZero(contentDirectory: String) -> any FigureRecipe { IFSetupFigure(setup: self) }
}
