import Foundation

/// The figures of Part A, each run on `model` through the `Denoiser` the build's `FigureContext` provides.
enum PartARecipes {
    /// - Parameter contentDirectory: where `drawings/` and `images/` (the hand-drawn SDEdit inputs) live; by default
    ///   `content/` of the working directory, which is the project root when `sitegen` runs without `--root`.
    static func all(model: PartAModel, contentDirectory: String = "content") -> [any FigureRecipe] {
        let setup = PartASetup(model: model)
        return [
            SetupFigure(setup: setup),
            ForwardFigure(setup: setup),
            BlurFigure(setup: setup),
            OneStepFigure(setup: setup),
            IterativeFigure(setup: setup),
            IterativeCompareFigure(setup: setup),
            SamplesFigure(setup: setup),
            CFGFigure(setup: setup),
            ImageToImageFigure(id: "a.sdedit-test", setup: setup, source: .testDigits([0, 1, 3]),
                               what: "SDEdit of three MNIST test digits"),
            ImageToImageFigure(id: "a.sdedit-web", setup: setup, source: .web(WebDigit()),
                               what: "SDEdit of a typeset \"web\" digit"),
            ImageToImageFigure(id: "a.sdedit-drawn", setup: setup,
                               source: .content(ContentPictures(contentDirectory: contentDirectory)),
                               what: "SDEdit of hand-drawn pictures"),
            InpaintFigure(setup: setup),
            ImageToImageFigure(id: "a.class-i2i", setup: setup, source: .firstOfClass([3, 1, 4]), targets: [8, 7, 9],
                               what: "Class-conditional image-to-image translation"),
            AnagramFigure(setup: setup),
            HybridFigure(setup: setup),
        ]
    }
}
