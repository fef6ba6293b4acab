/// The IDX format of the MNIST files: a big-endian UInt32 magic (0x0000 08 rank: unsigned bytes, `rank`
/// dimensions), `rank` big-endian UInt32 dimensions, then the bytes row-major.
public enum IDX {
    public static let imagesMagic: UInt32 = 0x0000_0803
    public static let labelsMagic: UInt32 = 0x0000_0801

    public struct Images: Equatable, Sendable {
        public var count: Int
        public var rows: Int
        public var columns: Int
        public var pixels: [UInt8]
    }

    static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    /// Reads magic and dimensions, checking magic and exact total size; returns the dimensions.
    static func header(_ bytes: [UInt8], file: String, magic: UInt32, rank: Int) throws -> [Int] {
        let (dims, expected) = try layout(bytes, file: file, magic: magic, rank: rank)
        guard bytes.count == expected else {
            throw MNISTError.wrongByteCount(file: file, expected: expected, found: bytes.count)
        }
        return dims
    }

    /// The dimensions and the total file size (header included) that the header at the start of `bytes`
    /// announces; checks the magic and that the size stays below 2 GiB. Also bounds a gzip file's inflation.
    static func layout(_ bytes: [UInt8], file: String, magic: UInt32, rank: Int) throws -> (dims: [Int], size: Int) {
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw MNISTError.tooShort(file: file, expectedAtLeast: headerSize, found: bytes.count)
        }
        let found = bigEndianUInt32(bytes, at: 0)
        guard found == magic else { throw MNISTError.badMagic(file: file, expected: magic, found: found) }
        let dims = (0..<rank).map { Int(bigEndianUInt32(bytes, at: 4 + 4 * $0)) }
        // A damaged header can promise more bytes than Int holds; that is an error, not an overflow trap.
        var payload = 1
        for dim in dims {
            let (product, overflow) = payload.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= Int(Int32.max) else {
                throw MNISTError.badDimensions(file: file, expected: "a size below 2 GiB",
                                              found: dims.map(String.init).joined(separator: " x "))
            }
            payload = product
        }
        return (dims, headerSize + payload)
    }

    /// An image file: magic 0x00000803, dimensions N, rows, columns. `rows`/`columns` are the
    /// expected image size (28x28 for MNIST).
    public static func parseImages(_ bytes: [UInt8], file: String, rows: Int = 28, columns: Int = 28) throws -> Images {
        let dims = try header(bytes, file: file, magic: imagesMagic, rank: 3)
        guard dims[1] == rows, dims[2] == columns else {
            throw MNISTError.badDimensions(file: file, expected: "N x \(rows) x \(columns)",
                                          found: "\(dims[0]) x \(dims[1]) x \(dims[2])")
        }
        return Images(count: dims[0], rows: rows, columns: columns, pixels: Array(bytes[16...]))
    }

    /// A label file: magic 0x00000801, dimension N, then N labels each in 0...9.
    public static func parseLabels(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        _ = try header(bytes, file: file, magic: labelsMagic, rank: 1)
        let labels = Array(bytes[8...])
        if let bad = labels.firstIndex(where: { $0 > 9 }) {
            throw MNISTError.labelOutOfRange(file: file, index: bad, value: labels[bad])
        }
        return labels
    }
}
