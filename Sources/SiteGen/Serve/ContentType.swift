/// Content types for the file kinds the site contains. Unknown kinds are sent as bytes, so a browser
/// downloads rather than guesses.
public enum ContentType {
    public static func forFile(named name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "otf": return "font/otf"
        case "ttf": return "font/ttf"
        case "xml": return "application/xml"
        case "pdf": return "application/pdf"
        case "wasm": return "application/wasm"
        default: return "application/octet-stream"  // includes .safetensors
        }
    }

    public static func isHTML(_ contentType: String) -> Bool { contentType.hasPrefix("text/html") }
}
