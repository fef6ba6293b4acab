import Compute
import Foundation

/// The site as last published, read when `--section` rebuilds only part of it.
struct PublishedSite {
    var directory: String
    var manifest: Manifest

    /// A figure of an untouched section, described from its published files (never recomputed).
    func placedFigure(_ entry: Manifest.Figure, recipe: any FigureRecipe) throws -> PlacedFigure {
        let dir = directory as NSString
        // The page shows the GIF of an animated figure, so its size is the GIF's; a diagram's SVG is drawn at the
        // PNG's size.
        let animated = entry.shown?.format == .gif
        let sized = animated ? entry.animation! : entry.png
        guard let bytes = FileManager.default.contents(atPath: dir.appendingPathComponent(sized)),
              let size = animated ? GIFHeader.size(of: [UInt8](bytes)) : PNGHeader.size(of: [UInt8](bytes)) else {
            throw SourceError(file: dir.appendingPathComponent(sized), "missing or not a \(animated ? "GIF" : "PNG"); run a full `sitegen build`")
        }
        guard let bytes = FileManager.default.contents(atPath: dir.appendingPathComponent(entry.data)) else {
            throw SourceError(file: dir.appendingPathComponent(entry.data), "missing; run a full `sitegen build`")
        }
        let data = try FigureDataFile.decode([UInt8](bytes), source: dir.appendingPathComponent(entry.data))
        return PlacedFigure(id: entry.id, section: entry.section, width: size.width, height: size.height,
                            caption: recipe.caption(data), alt: recipe.alt, table: recipe.table(data),
                            shown: entry.shown?.format ?? .png)
    }
}

enum PNGHeader {
    /// Width and height from the IHDR chunk, which the PNG format puts first.
    static func size(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

enum GIFHeader {
    /// The logical screen's width and height, little endian right after the 6-byte "GIF87a"/"GIF89a" signature.
    static func size(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 10, bytes[0..<3].elementsEqual(Array("GIF".utf8)) else { return nil }
        return (Int(bytes[6]) | Int(bytes[7]) << 8, Int(bytes[8]) | Int(bytes[9]) << 8)
    }
}

extension SiteBuilder {
    func publishedSite(required: Bool) throws -> PublishedSite? {
        let path = (options.siteDirectory as NSString).appendingPathComponent("manifest.json")
        guard let bytes = FileManager.default.contents(atPath: path) else {
            if required {
                throw SourceError(file: path, "--section updates an existing site, but there is none; run `sitegen build` first")
            }
            return nil
        }
        guard required else { return nil }
        let manifest = try Manifest.decode([UInt8](bytes), source: path)
        // Untouched pages keep their backend's prose and figures, so a partial rebuild may only extend a site of its
        // own backend.
        let backend = options.backend.name.rawValue
        guard manifest.backend == backend else {
            throw SourceError(file: path, "the published site was built with --backend \(manifest.backend); a --section rebuild "
                + "with --backend \(backend) would mix the two; run a full `sitegen build --backend \(backend)`")
        }
        return PublishedSite(directory: options.siteDirectory, manifest: manifest)
    }

    func renderPages(content: SiteContent, templates: Templates, built: [String: BuiltFigure], previous: PublishedSite?,
                     target: [Section], catalog: FigureCatalog, models: ModelStore) throws -> [(name: String, html: [UInt8])] {
        var sections = target
        if options.section != nil, let only = target.first, let i = content.sections.firstIndex(of: only) {
            // Neighbours link to the rebuilt section by title, so they are rewritten too.
            sections = [i - 1, i, i + 1].filter { content.sections.indices.contains($0) }.map { content.sections[$0] }
        }
        var placed: [String: PlacedFigure] = [:]
        for (id, figure) in built {
            let rendered = figure.rendered
            let size = (rendered.format == .gif ? rendered.shown.flatMap { GIFHeader.size(of: $0.bytes) } : nil)
                ?? PNGHeader.size(of: rendered.png)!
            placed[id] = PlacedFigure(id: id, section: figure.section, width: size.width, height: size.height,
                                      caption: figure.recipe.caption(figure.data), alt: figure.recipe.alt,
                                      table: figure.recipe.table(figure.data), shown: rendered.format)
        }
        for section in sections {
            for id in section.figures where placed[id] == nil {
                guard let previous, let entry = previous.manifest.figures.first(where: { $0.id == id }) else {
                    throw SourceError(file: section.file, line: section.figuresLine,
                                      "figure `\(id)` is not in the published site; run a full `sitegen build`")
                }
                placed[id] = try previous.placedFigure(entry, recipe: catalog.recipe(id)!)
            }
        }
        var renderer = PageRenderer(templates: templates, content: content, figures: placed,
                                    profile: options.profile.rawValue, backend: options.backend.name)
        renderer.models = models.footerDescription
        var pages: [(name: String, html: [UInt8])] = [("index.html", Array(try renderer.renderIndex().utf8))]
        for section in sections {
            pages.append((section.pageName, Array(try renderer.renderSection(section).utf8)))
        }
        return pages
    }

    func makeManifest(built: [String: BuiltFigure], previous: Manifest?, models: ModelStore) -> Manifest {
        var entries = (previous?.figures ?? []).filter { built[$0.id] == nil }
        for (id, figure) in built {
            var entry = Manifest.Figure(
                id: id, section: figure.section, png: "figures/\(id).png", data: "figures/\(id).safetensors",
                sha256: Hashing.sha256Hex(figure.rendered.png), dataSHA256: Hashing.sha256Hex(figure.dataBytes),
                recipe: RecipeDescription(figure.recipe))
            entry.setShown(figure.rendered.shown)
            entries.append(entry)
        }
        return Manifest(generator: "sitegen", profile: options.profile.rawValue, backend: options.backend.name.rawValue,
                        models: models.manifestName, figures: entries.sorted { $0.id < $1.id })
    }
}
