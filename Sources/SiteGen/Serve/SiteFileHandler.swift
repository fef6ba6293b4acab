import Foundation

/// Answers GET and HEAD with files of the built site, adding the live-reload script to HTML on the way out.
struct SiteFileHandler: Sendable {
    let resolver: SitePathResolver

    func response(to request: RequestHead) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPResponse(status: 405, headers: [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8")],
                                body: .bytes(Array("405 Method Not Allowed: sitegen serve only reads files\n".utf8)))
        }
        let isHead = request.method == "HEAD"
        // The raw target: `..` and percent-escapes exactly as the peer sent them.
        let rawPath = request.rawPath

        switch resolver.resolve(rawPath) {
        case nil:
            return Self.page(404, Self.notFoundPage(for: rawPath), head: isHead)
        case .redirect(let location):
            return HTTPResponse(status: 302, headers: [("Location", location), ("Cache-Control", "no-store")])
        case .file(let url):
            let type = ContentType.forFile(named: url.lastPathComponent)
            if ContentType.isHTML(type) {
                guard let html = try? Data(contentsOf: url) else {
                    return .text(500, "cannot read \(rawPath) from the site folder")
                }
                return Self.page(200, LiveReload.inject(into: html), head: isHead)
            }
            guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int else {
                return .text(500, "cannot read \(rawPath) from the site folder")
            }
            return HTTPResponse(status: 200, headers: [("Content-Type", type), ("Cache-Control", "no-store")],
                                body: .file(path: url.path, size: size), headOnly: isHead)
        }
    }

    private static func page(_ status: Int, _ html: Data, head: Bool) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
                     body: .bytes([UInt8](html)), headOnly: head)
    }

    /// Carries the reload script too, so a page opened before its file exists appears once it is built.
    static func notFoundPage(for rawPath: String) -> Data {
        let shown = escapeHTML(rawPath.removingPercentEncoding ?? rawPath)
        let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>404 Not Found</title></head>
        <body><h1>404 Not Found</h1><p>No file in the site for <code>\(shown)</code>.</p></body></html>

        """
        return LiveReload.inject(into: Data(html.utf8))
    }

    private static func escapeHTML(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
