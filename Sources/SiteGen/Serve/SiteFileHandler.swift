import Foundation
import FlyingFox

/// Answers GET and HEAD with files of the built site, adding the live-reload script to HTML on the way out.
struct SiteFileHandler: HTTPHandler {
    let resolver: SitePathResolver

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed,
                                headers: [.allow: "GET, HEAD", .contentType: "text/plain; charset=utf-8"],
                                body: Data("405 Method Not Allowed: sitegen serve only reads files\n".utf8))
        }
        let isHead = request.method == .HEAD
        // The raw target, not `request.path`: FlyingFox has already folded `..` out of `path`.
        let rawPath = request.target.path(percentEncoded: true)

        switch resolver.resolve(rawPath) {
        case nil:
            return Self.page(.notFound, Self.notFoundPage(for: rawPath), head: isHead)
        case .redirect(let location):
            let headers: HTTPHeaders = [.location: location, .cacheControl: "no-store"]
            return HTTPResponse(statusCode: .found, headers: headers)
        case .file(let url):
            let type = ContentType.forFile(named: url.lastPathComponent)
            if ContentType.isHTML(type) {
                let html = LiveReload.inject(into: try Data(contentsOf: url))
                return Self.page(.ok, html, head: isHead)
            }
            var headers: HTTPHeaders = [.contentType: type, .cacheControl: "no-store"]
            if isHead {
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
                headers[.contentLength] = String(size)
                return HTTPResponse(statusCode: .ok, headers: headers)
            }
            return HTTPResponse(statusCode: .ok, headers: headers, body: try HTTPBodySequence(file: url))
        }
    }

    private static func page(_ status: HTTPStatusCode, _ html: Data, head: Bool) -> HTTPResponse {
        let headers: HTTPHeaders = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            .contentLength: String(html.count),
        ]
        return HTTPResponse(statusCode: status, headers: headers, body: head ? Data() : html)
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

extension HTTPHeader {
    static let allow = HTTPHeader("Allow")
}
