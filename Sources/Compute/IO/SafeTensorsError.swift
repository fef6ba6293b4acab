/// Why a safetensors file could not be read. Every case names the file (or the caller's label for the bytes)
/// so that a bad checkpoint among many is found without a debugger.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    case truncated(source: String, byteCount: Int)
    case headerTooLarge(source: String, headerLength: UInt64, limit: Int)
    case headerBeyondFile(source: String, headerLength: UInt64, fileLength: Int)
    case invalidHeader(source: String, reason: String)
    case invalidEntry(source: String, tensor: String, reason: String)
    case offsetsOutOfRange(source: String, tensor: String, begin: Int, end: Int, dataLength: Int)
    case overlapping(source: String, first: String, second: String)
    case byteCountMismatch(source: String, tensor: String, dtype: String, shape: [Int], expected: Int, actual: Int)
    case missingTensor(source: String, tensor: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .truncated(source, count):
            return "\(source): truncated safetensors file (\(count) bytes; need at least 8 for the header length)"
        case let .headerTooLarge(source, length, limit):
            return "\(source): header length \(length) exceeds the \(limit)-byte limit"
        case let .headerBeyondFile(source, length, fileLength):
            return "\(source): header length \(length) runs past the end of the \(fileLength)-byte file"
        case let .invalidHeader(source, reason):
            return "\(source): invalid safetensors header: \(reason)"
        case let .invalidEntry(source, tensor, reason):
            return "\(source): tensor '\(tensor)': \(reason)"
        case let .offsetsOutOfRange(source, tensor, begin, end, dataLength):
            return "\(source): tensor '\(tensor)': data_offsets [\(begin), \(end)] outside the \(dataLength)-byte data section (truncated file?)"
        case let .overlapping(source, first, second):
            return "\(source): tensors '\(first)' and '\(second)' have overlapping data_offsets"
        case let .byteCountMismatch(source, tensor, dtype, shape, expected, actual) where expected < 0:
            return "\(source): tensor '\(tensor)': \(dtype) \(shape) has more elements than memory can hold "
                + "(a damaged shape), data_offsets span \(actual) bytes"
        case let .byteCountMismatch(source, tensor, dtype, shape, expected, actual):
            return "\(source): tensor '\(tensor)': \(dtype) \(shape) needs \(expected) bytes, data_offsets span \(actual)"
        case let .missingTensor(source, tensor):
            return "\(source): no tensor named '\(tensor)'"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
