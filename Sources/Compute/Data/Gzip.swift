import CZlib

/// gzip detection and inflation through the system zlib (C speed even in debug builds).
public enum Gzip {
    /// RFC 1952 files start with ID1 ID2 = 1f 8b.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Inflates a gzip file (all members, as `gunzip` does). `name` only labels errors.
    public static func inflate(_ input: [UInt8], name: String) throws -> [UInt8] {
        var stream = z_stream()
        // windowBits 16 + MAX_WBITS: expect a gzip header and trailer and check the CRC-32.
        let status = inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GzipError(file: name, reason: "zlib could not start (code \(status))") }
        defer { inflateEnd(&stream) }

        // ISIZE (the last four bytes, little-endian) is the uncompressed size mod 2^32: a good first guess.
        var output = [UInt8]()
        if input.count >= 18 {
            let n = input.count
            let isize = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
            output.reserveCapacity(isize + 1)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        try input.withUnsafeBufferPointer { inBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.avail_in = UInt32(inBuffer.count)
            while true {
                let code: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                switch code {
                case Z_STREAM_END:
                    // A gzip file may hold several members back to back; anything else trailing is junk.
                    if stream.avail_in == 0 { return }
                    if stream.avail_in >= 2, stream.next_in[0] == 0x1f, stream.next_in[1] == 0x8b {
                        inflateReset(&stream)
                        continue
                    }
                    throw GzipError(file: name, reason: "\(stream.avail_in) unexpected bytes after the end of the gzip data")
                case Z_OK:
                    if produced == 0 && stream.avail_in == 0 {
                        throw GzipError(file: name, reason: "the gzip data ends early (file truncated?)")
                    }
                case Z_BUF_ERROR:
                    throw GzipError(file: name, reason: "the gzip data ends early (file truncated?)")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(code)"
                    throw GzipError(file: name, reason: message)
                }
            }
        }
        return output
    }
}

public struct GzipError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var reason: String
    public var description: String {
        "\(file): corrupt gzip file (\(reason)). Delete it and re-download it with `sitegen data fetch`, "
            + "or use an uncompressed copy."
    }
}
