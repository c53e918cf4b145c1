/// Checks that a byte stream fed in chunks of any size is well-formed UTF-8 (Unicode table 3-7: no overlong forms,
/// no surrogates, nothing above U+10FFFF), and says on which line the first bad byte is.
///
/// It exists so that an import can refuse a file that is not UTF-8 (Latin-1 exported by a spreadsheet, say) before
/// it writes anything, reading the file once more in bounded memory rather than holding it.
public struct UTF8StreamValidator {
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    private var line = 1
    /// The line of the first malformed sequence, once one was seen.
    public private(set) var firstInvalidLine: Int?

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        guard firstInvalidLine == nil else { return }
        for byte in bytes {
            if needed == 0 {
                switch byte {
                case 0x00...0x7F:
                    if byte == 0x0A { line += 1 }
                    continue
                case 0xC2...0xDF: needed = 1
                case 0xE0: (needed, lower) = (2, 0xA0)
                case 0xE1...0xEC, 0xEE...0xEF: needed = 2
                case 0xED: (needed, upper) = (2, 0x9F)
                case 0xF0: (needed, lower) = (3, 0x90)
                case 0xF1...0xF3: needed = 3
                case 0xF4: (needed, upper) = (3, 0x8F)
                default:
                    firstInvalidLine = line
                    return
                }
            } else {
                guard byte >= lower && byte <= upper else {
                    firstInvalidLine = line
                    return
                }
                (lower, upper) = (0x80, 0xBF)
                needed -= 1
            }
        }
    }

    /// Ends the stream: a sequence cut off at the end is malformed too.
    public mutating func finish() {
        if needed > 0 && firstInvalidLine == nil { firstInvalidLine = line }
    }
}
