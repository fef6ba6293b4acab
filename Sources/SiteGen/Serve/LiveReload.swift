import Foundation

/// The script the dev server adds to HTML it sends, and only to what it sends: files under `site/` stay
/// byte-identical to what `sitegen build` wrote.
public enum LiveReload {
    /// The WebSocket route pages connect to.
    public static let path = "/__livereload"

    /// The message the server sends when the site was rebuilt.
    public static let reloadMessage = "reload"

    /// Reloads on a "reload" message. If the connection drops (server restarted), it retries every second
    /// and reloads once it is back, since the restarted server has usually rebuilt the site.
    public static let script = """
    <script>/* sitegen serve: live reload */(function () {
      var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "\(path)";
      var connectedBefore = false;
      function connect() {
        var ws = new WebSocket(url);
        ws.onopen = function () { if (connectedBefore) { location.reload(); } connectedBefore = true; };
        ws.onmessage = function (event) { if (event.data === "\(reloadMessage)") { location.reload(); } };
        ws.onclose = function () { setTimeout(connect, 1000); };
      }
      connect();
    })();</script>

    """

    /// Inserts `script` before the last `</body>` (any case), or appends it when the page has none.
    /// Works on bytes so pages that are not valid UTF-8 pass through unchanged apart from the insertion.
    public static func inject(into html: Data) -> Data {
        let bytes = [UInt8](html)
        let needle = Array("</body".utf8)
        var insertAt = bytes.count
        if bytes.count >= needle.count {
            var i = bytes.count - needle.count
            while i >= 0 {
                if matchesCaseInsensitive(bytes, at: i, needle) { insertAt = i; break }
                i -= 1
            }
        }
        var out = Data(capacity: bytes.count + script.utf8.count)
        out.append(contentsOf: bytes[..<insertAt])
        out.append(contentsOf: Array(script.utf8))
        out.append(contentsOf: bytes[insertAt...])
        return out
    }

    private static func matchesCaseInsensitive(_ bytes: [UInt8], at start: Int, _ needle: [UInt8]) -> Bool {
        for (offset, expected) in needle.enumerated() {
            var byte = bytes[start + offset]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != expected { return false }
        }
        return true
    }
}
