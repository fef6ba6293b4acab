/// Which `Host` headers the dev server answers: its own address and `localhost`, with its port or none.
///
/// Any Host used to be accepted, so a web page could reach the server through DNS rebinding (its own domain
/// name re-pointed at 127.0.0.1): the browser then sends that domain as Host. Refused with 421.
struct HostCheck {
    var allowedNames: Set<String>
    var port: UInt16
    /// Bound to every interface (0.0.0.0): the machine's addresses are not known, so any IPv4 literal is
    /// allowed too (a rebinding attack needs a domain name; an address cannot be re-pointed).
    var anyIPv4: Bool

    init(listenHost: String, port: UInt16) {
        allowedNames = ["127.0.0.1", "localhost", "[::1]"]
        anyIPv4 = listenHost == "0.0.0.0"
        if !anyIPv4 { allowedNames.insert(listenHost) }
        self.port = port
    }

    func allows(_ host: String?) -> Bool {
        guard let host = host?.lowercased(), !host.isEmpty else { return false }
        var name = Substring(host)
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            guard UInt16(host[host.index(after: colon)...]) == port else { return false }
            name = host[..<colon]
        }
        if allowedNames.contains(String(name)) { return true }
        return anyIPv4 && Self.isIPv4(name)
    }

    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }
}
