/// Part A's figures on DeepFloyd IF, under the same ids as the digit backend's, so the content places them alike.
enum IFPartARecipes {
    /// Every prompt the figures below condition on, "" (CFG's unconditional branch) first.
    static var prompts: [String] {
        ["", IFFigure.qualityPrompt, IFFigure.translationPrompt, IFFigure.anagramPrompts.0, IFFigure.anagramPrompts.1,
         IFFigure.hybridPrompts.0, IFFigure.hybridPrompts.1] + IFSetupFigure.prompts
    }

    static func all(options: DeepFloydOptions, contentDirectory: String) -> [any FigureRecipe] {
        // a.setup is Part 0 (stage I + optional stage II pipeline); the rest run the course's loops on stage I.
        let s = IFPartASetup(options: options, contentDirectory: contentDirectory)
        let q = IFFigure.qualityPrompt
        return [
            IFSetupFigure(setup: s),
            IFFigure(id: "a.forward", kind: .forward, setup: s, alt: "The test image, clean and with forward-process noise at t = 250, 500, 750",
                     what: "Forward process x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε on the test image at t = 250, 500, 750."),
            IFFigure(id: "a.blur", kind: .blur, setup: s, alt: "Noisy test images above their best Gaussian blur",
                     what: "Gaussian-blur denoising of the noisy test images: the best blur by PSNR against the clean image."),
            IFFigure(id: "a.one-step", kind: .oneStep, setup: s, alt: "Noisy test images and their one-step estimates",
                     what: "One-step denoising x̂₀ = (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t with ε̂ from IF conditioned on \"\(q)\"."),
            IFFigure(id: "a.iterative", kind: .iterative, setup: s, alt: "Intermediate images of iterative denoising",
                     what: "Iterative denoising from i_start = 10 (t = 690), \"\(q)\" without CFG, x_t every 5th loop, then the result."),
            IFFigure(id: "a.iterative-compare", kind: .iterativeCompare, setup: s,
                     alt: "Test image beside its iterative, one-step and Gaussian-blur reconstructions",
                     what: "The test image noised to t = 690, recovered by iterative denoising, one-step denoising and Gaussian blur."),
            IFFigure(id: "a.samples", kind: .samples, setup: s, alt: "Five samples of IF without guidance",
                     what: "Five samples from pure noise (i_start = 0), \"\(q)\" without CFG."),
            IFFigure(id: "a.cfg", kind: .cfg, setup: s, alt: "Five samples of IF with classifier-free guidance",
                     what: "Five samples with classifier-free guidance γ = 7, \"\(q)\" against \"\"."),
            IFFigure(id: "a.sdedit-test", kind: .sdedit(.testImage, prompt: q), setup: s, alt: "SDEdit of the test image",
                     what: "SDEdit of the test image at i_start = 1, 3, 5, 7, 10, 20 with CFG γ = 7 toward \"\(q)\"."),
            IFFigure(id: "a.sdedit-web", kind: .sdedit(.web, prompt: q), setup: s, alt: "SDEdit of a typeset web picture",
                     what: "SDEdit of a typeset \"web\" picture at i_start = 1, 3, 5, 7, 10, 20 with CFG γ = 7 toward \"\(q)\"."),
            IFFigure(id: "a.sdedit-drawn", kind: .sdedit(.content, prompt: q), setup: s, alt: "SDEdit of hand-drawn pictures",
                     what: "SDEdit of the hand-drawn pictures at i_start = 1, 3, 5, 7, 10, 20 with CFG γ = 7 toward \"\(q)\"."),
            IFFigure(id: "a.inpaint", kind: .inpaint, setup: s, alt: "Test image, mask, hole and inpainted result",
                     what: "Inpainting of the course mask (rows 2–19, columns 24–41 at 64 px, scaled to the model) with CFG γ = 7 toward \"\(q)\"."),
            IFFigure(id: "a.class-i2i", kind: .sdedit(.testImage, prompt: IFFigure.translationPrompt), setup: s,
                     alt: "Text-conditional image-to-image translation of the test image",
                     what: "Text-conditional image-to-image translation of the test image toward \"\(IFFigure.translationPrompt)\" at i_start = 1, 3, 5, 7, 10, 20, CFG γ = 7."),
            IFFigure(id: "a.anagrams", kind: .anagram, setup: s, alt: "A visual anagram: an old man upright, a campfire upside down",
                     what: "Visual anagram: \"\(IFFigure.anagramPrompts.0)\" upright, \"\(IFFigure.anagramPrompts.1)\" upside down, CFG γ = 7 on each term."),
            IFFigure(id: "a.hybrids", kind: .hybrid, setup: s, alt: "A hybrid image: a skull from afar, waterfalls up close",
                     what: "Hybrid image: low-pass of \"\(IFFigure.hybridPrompts.0)\" plus high-pass of \"\(IFFigure.hybridPrompts.1)\" (Gaussian kernel 33, σ 2 at 64 px), CFG γ = 7."),
        ]
    }
}
