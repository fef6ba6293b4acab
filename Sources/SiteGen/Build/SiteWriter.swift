import Foundation

/// Writes the site into a temporary sibling folder and swaps it in with renames, so readers (and a failed build)
/// only ever see the old site or the new one.
struct SiteWriter {
    var siteDirectory: String

    func write(pages: [(name: String, html: [UInt8])], stylesheet: [UInt8], figures: [(id: String, png: [UInt8], data: [UInt8])],
               manifest: [UInt8], startFromExisting: Bool) throws {
        let fm = FileManager.default
        let site = URL(fileURLWithPath: siteDirectory).standardizedFileURL
        let parent = site.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(site.lastPathComponent).building")
        let retired = parent.appendingPathComponent(".\(site.lastPathComponent).old")
        try? fm.removeItem(at: staging)
        try? fm.removeItem(at: retired)
        if startFromExisting {
            try fm.copyItem(at: site, to: staging)
        } else {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        }
        let figuresDir = staging.appendingPathComponent("figures")
        try fm.createDirectory(at: figuresDir, withIntermediateDirectories: true)
        for page in pages {
            try Data(page.html).write(to: staging.appendingPathComponent(page.name))
        }
        try Data(stylesheet).write(to: staging.appendingPathComponent("style.css"))
        for figure in figures {
            try Data(figure.png).write(to: figuresDir.appendingPathComponent("\(figure.id).png"))
            try Data(figure.data).write(to: figuresDir.appendingPathComponent("\(figure.id).safetensors"))
        }
        try Data(manifest).write(to: staging.appendingPathComponent("manifest.json"))
        if fm.fileExists(atPath: site.path) {
            try fm.moveItem(at: site, to: retired)
        }
        try fm.moveItem(at: staging, to: site)
        try? fm.removeItem(at: retired)
    }
}
