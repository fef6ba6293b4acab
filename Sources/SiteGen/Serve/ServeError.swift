import Foundation

/// Problems that stop `sitegen serve` from starting; each names the value that was wrong.
public enum ServeError: Error, CustomStringConvertible, Equatable {
    case siteFolderMissing(String)
    case invalidHost(String)
    case notListening
    case cannotListen(address: String, reason: String)

    public var description: String {
        switch self {
        case .siteFolderMissing(let path):
            return "site folder '\(path)' does not exist or is not a directory: run `sitegen build` first"
        case .invalidHost(let host):
            return "invalid host '\(host)': expected an IPv4 address such as 127.0.0.1 or 0.0.0.0"
        case .notListening:
            return "the dev server did not start listening"
        case .cannotListen(let address, let reason):
            return "cannot listen on \(address): \(reason); pick another port with --port (0 picks a free one)"
        }
    }
}
