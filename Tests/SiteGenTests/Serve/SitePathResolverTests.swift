import Foundation
import Testing
@testable import SiteGen

@Suite("SitePathResolver") struct SitePathResolverTests {

    /// The resolved file relative to the site folder, or nil when refused / a redirect.
    private func served(_ target: String, in fixture: TempSite) throws -> String? {
        let resolver = try SitePathResolver(siteDirectory: fixture.site)
        guard case .file(let url)? = resolver.resolve(target) else { return nil }
        let prefix = resolver.root.path + "/"
        #expect(url.path.hasPrefix(prefix), "\(target) resolved to \(url.path), outside \(prefix)")
        return String(url.path.dropFirst(prefix.count))
    }

    @Test("/ and /dir/ map to index.html; plain files map to themselves")
    func indexMapping() throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        #expect(try served("/", in: fixture) == "index.html")
        #expect(try served("/index.html", in: fixture) == "index.html")
        #expect(try served("/b/", in: fixture) == "b/index.html")
        #expect(try served("/style.css?v=3", in: fixture) == "style.css")
        #expect(try served("/./style.css", in: fixture) == "style.css")
    }

    @Test("a directory without trailing slash redirects to the slashed form")
    func directoryRedirect() throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let resolver = try SitePathResolver(siteDirectory: fixture.site)
        #expect(resolver.resolve("/b") == .redirect(location: "/b/"))
        #expect(resolver.resolve("/b?x=1") == .redirect(location: "/b/"))
    }

    @Test("missing files, folders without index.html and file paths with a trailing slash are not found")
    func missing() throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        #expect(try served("/missing.html", in: fixture) == nil)
        #expect(try served("/empty/", in: fixture) == nil)
        #expect(try served("/index.html/", in: fixture) == nil)
        #expect(try served("relative.html", in: fixture) == nil)
    }

    @Test("traversal attempts are refused, however they are spelled",
          arguments: ["/../etc/passwd", "/../secret", "/%2e%2e/secret", "/%2E%2E/secret", "/a/%2E%2E/%2E%2E/x",
                      "/b/%2e%2e/%2e%2e/secret", "/..%2fsecret", "/b%2f..%2f..%2fsecret", "/b/..\\..\\secret",
                      "/..%5csecret", "/index.html%00.png", "/b/../index.html", "/%zz"])
    func traversalRefused(target: String) throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let resolver = try SitePathResolver(siteDirectory: fixture.site)
        #expect(resolver.resolve(target) == nil, "\(target) must not resolve")
    }

    @Test("a symlink inside the site pointing outside it is refused")
    func symlinkOutsideRefused() throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("link-out").path))
        #expect(try served("/link-out", in: fixture) == nil)
        #expect(try served("/dirlink/file.txt", in: fixture) == nil)
        let resolver = try SitePathResolver(siteDirectory: fixture.site)
        #expect(resolver.resolve("/dirlink") == nil, "must not even redirect into a folder outside the site")
    }

    @Test("a symlink inside the site pointing inside it is served as its target")
    func symlinkInsideAllowed() throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        #expect(try served("/link-in.html", in: fixture) == "index.html")
    }

    @Test("a missing site folder is an error naming the folder")
    func missingSiteFolder() throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let missing = fixture.root.appendingPathComponent("nope")
        #expect(throws: ServeError.siteFolderMissing(missing.path)) {
            _ = try SitePathResolver(siteDirectory: missing)
        }
        #expect(ServeError.siteFolderMissing(missing.path).description.contains(missing.path))
    }
}

@Suite("ContentType") struct ContentTypeTests {
    @Test("content types by extension", arguments: [
        ("index.html", "text/html; charset=utf-8"), ("style.css", "text/css; charset=utf-8"),
        ("plot.png", "image/png"), ("manifest.json", "application/json"),
        ("unet.safetensors", "application/octet-stream"), ("figure.svg", "image/svg+xml"),
        ("math.woff2", "font/woff2"), ("app.js", "text/javascript; charset=utf-8"),
        ("notes.txt", "text/plain; charset=utf-8"), ("PLOT.PNG", "image/png"), ("LICENSE", "application/octet-stream"),
    ])
    func byExtension(name: String, expected: String) {
        #expect(ContentType.forFile(named: name) == expected)
    }
}
