import Foundation

/// Writes the site into a temporary sibling folder and swaps it in atomically (see `SiteSwap`), so readers (and a
/// failed or killed build) only ever see the old site or the complete new one. Callers hold the `SiteLock`.
struct SiteWriter {
    var siteDirectory: String
    /// Tests make the write fail at a point of the swap, as a kill there would, to check what is left behind.
    var fault: (SwapPoint) throws -> Void = { _ in }

    /// The moments of a write where an interruption leaves a different state on disk.
    enum SwapPoint: Equatable {
        /// The staging folder is complete; `site/` is still the old site.
        case staged
        /// The folders are exchanged; the staging path holds the old site, not yet deleted.
        case swapped
    }

    private var site: URL { URL(fileURLWithPath: siteDirectory).standardizedFileURL }
    private var staging: String { site.deletingLastPathComponent().appendingPathComponent(".\(site.lastPathComponent).building").path }
    /// Where the site was moved aside by the fallback without an atomic exchange (and by sitegen before it had one).
    private var retired: String { site.deletingLastPathComponent().appendingPathComponent(".\(site.lastPathComponent).old").path }

    /// Clears what an interrupted build left: a staging folder, and an old site moved aside. When a build was
    /// killed between its two renames, `site/` is missing and the moved-aside old site is put back.
    func recover() throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: site.path) && fm.fileExists(atPath: retired + "/manifest.json") {
            try SiteSwap.rename(retired, site.path)
        }
        try FileWrites.removeTree(staging)
        try FileWrites.removeTree(retired)
    }

    func write(pages: [(name: String, html: [UInt8])], stylesheet: [UInt8], figures: [(id: String, rendered: RenderedFigure, data: [UInt8])],
               manifest: [UInt8], startFromExisting: Bool) throws {
        try recover()
        if startFromExisting {
            try FileWrites.copyTree(site.path, to: staging)
        } else {
            try FileWrites.makeDirectory(staging)
        }
        let figuresDir = staging + "/figures"
        try FileWrites.makeDirectory(figuresDir)
        for page in pages {
            try FileWrites.write(page.html, to: staging + "/" + page.name)
        }
        try FileWrites.write(stylesheet, to: staging + "/style.css")
        for figure in figures {
            try FileWrites.write(figure.rendered.png, to: figuresDir + "/\(figure.id).png")
            if let shown = figure.rendered.shown {
                try FileWrites.write(shown.bytes, to: figuresDir + "/\(figure.id).\(shown.format.rawValue)")
            }
            try FileWrites.write(figure.data, to: figuresDir + "/\(figure.id).safetensors")
        }
        // The manifest last: a staging folder with a manifest is complete.
        try FileWrites.write(manifest, to: staging + "/manifest.json")
        try fault(.staged)
        try swapIn()
        try fault(.swapped)
        try FileWrites.removeTree(staging)
    }

    private func swapIn() throws {
        guard FileManager.default.fileExists(atPath: site.path) else {
            try SiteSwap.rename(staging, site.path)
            return
        }
        if try SiteSwap.exchange(staging, site.path) { return }
        // No atomic exchange on this file system: two renames; `recover()` repairs a kill between them.
        try SiteSwap.rename(site.path, retired)
        try SiteSwap.rename(staging, site.path)
        try FileWrites.removeTree(retired)
    }
}
