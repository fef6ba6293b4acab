import CZlib

/// gzip detection and inflation through the system zlib (C speed even in debug builds).
public enum Gzip {
    /// RFC 1952 files start with ID1 ID2 = 1f 8b.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// A bound on the inflated size, read from the first bytes of the output (a file format's header), so that a
    /// small file that inflates to gigabytes is refused after at most one chunk past its announced size.
    public struct OutputLimit {
        /// How many output bytes `maximum` needs to see.
        public var headerBytes: Int
        /// The largest allowed output, from its first `headerBytes` bytes; throws when the header is bad.
        public var maximum: ([UInt8]) throws -> Int
        public init(headerBytes: Int, maximum: @escaping ([UInt8]) throws -> Int) {
            self.headerBytes = headerBytes
            self.maximum = maximum
        }
    }

    /// Inflates a gzip file (all members, as `gunzip` does), in 1 MiB chunks. `name` only labels errors. With
    /// `limit`, the header is checked as soon as it is out, and inflating stops past the size it allows.
    public static func inflate(_ input: [UInt8], name: String, limit: OutputLimit? = nil) throws -> [UInt8] {
        var stream = z_stream()
        // windowBits 16 + MAX_WBITS: expect a gzip header and trailer and check the CRC-32.
        let status = inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GzipError(file: name, reason: "zlib could not start (code \(status))") }
        defer { inflateEnd(&stream) }

        // ISIZE (the last four bytes, little-endian) is the uncompressed size mod 2^32: a good first guess.
        // With a limit, nothing is reserved until the header says how much is allowed: ISIZE is the attacker's.
        var output = [UInt8]()
        var isize = 0
        if input.count >= 18 {
            let n = input.count
            isize = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
            if limit == nil { output.reserveCapacity(isize + 1) }
        }
        var maximum = Int.max
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
                if let limit, maximum == .max, output.count >= limit.headerBytes {
                    maximum = try limit.maximum(Array(output.prefix(limit.headerBytes)))
                    output.reserveCapacity(min(isize, maximum) + 1)
                }
                if output.count > maximum {
                    throw GzipError(file: name, reason: "it inflates to more than the \(maximum) bytes its header announces")
                }
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
