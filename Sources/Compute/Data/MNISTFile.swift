
/// The four standard MNIST files and the SHA-256 of their *uncompressed* bytes.
///
/// Checking the uncompressed bytes accepts any mirror's `.gz` (gzip output differs between compressors)
/// and plain copies alike. The digests were computed on 2026-11-27 with
/// `gunzip -c <file>.gz | sha256sum` from /work/shared/data/mnist, after `sha256sum -c SHA256SUMS`
/// there passed; they equal the values published for the original files (see that folder's README).
public enum MNISTFile: String, CaseIterable, Sendable {
    case trainImages, trainLabels, testImages, testLabels

    public var baseName: String {
        switch self {
        case .trainImages: return "train-images-idx3-ubyte"
        case .trainLabels: return "train-labels-idx1-ubyte"
        case .testImages: return "t10k-images-idx3-ubyte"
        case .testLabels: return "t10k-labels-idx1-ubyte"
        }
    }

    public var gzipName: String { baseName + ".gz" }

    public var sha256: String {
        switch self {
        case .trainImages: return "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
        case .trainLabels: return "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
        case .testImages: return "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
        case .testLabels: return "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
        }
    }

    /// The path of this file in `directory`: the raw file if present (no inflating), else the `.gz`.
    /// Nil if neither exists.
    public func path(in directory: String, fileSystem: FileSystem) -> String? {
        [baseName, gzipName].map { join(directory, $0) }.first(where: fileSystem.exists)
    }

    /// Reads the file at `path`, inflating it if it is gzip (detected by content, not by name).
    public func readBytes(_ path: String, fileSystem: FileSystem) throws -> [UInt8] {
        let bytes = try fileSystem.read(path)
        return try inflateIfGzip(bytes, name: path)
    }

    /// The IDX magic and rank this file must have.
    var idxLayout: (magic: UInt32, rank: Int) {
        switch self {
        case .trainImages, .testImages: return (IDX.imagesMagic, 3)
        case .trainLabels, .testLabels: return (IDX.labelsMagic, 1)
        }
    }

    /// Inflates gzip bytes streaming: the IDX header is checked as soon as it is out, and inflating stops past
    /// the size it announces. A 14 MB gzip posing as an MNIST file used to be inflated to 3.3 GB before its
    /// 16-byte header was looked at.
    func inflateIfGzip(_ bytes: [UInt8], name: String) throws -> [UInt8] {
        guard Gzip.isGzip(bytes) else { return bytes }
        let (magic, rank) = idxLayout
        return try Gzip.inflate(bytes, name: name, limit: Gzip.OutputLimit(headerBytes: 4 + 4 * rank) { header in
            try IDX.layout(header, file: name, magic: magic, rank: rank).size
        })
    }

    /// Throws `checksumMismatch` unless `bytes` are this standard file's uncompressed bytes.
    public func verify(_ bytes: [UInt8], file: String) throws {
        let actual = Hashing.sha256Hex(bytes)
        guard actual == sha256 else { throw MNISTError.checksumMismatch(file: file, expected: sha256, actual: actual) }
    }
}

/// Joins path components with one slash; kept tiny so the data layer stays string-based and fakeable.
func join(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
