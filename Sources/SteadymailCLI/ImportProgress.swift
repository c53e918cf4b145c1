import Foundation

/// The progress bar of an import on standard error: bytes read of the file's size and rows per second, redrawn a few
/// times a second, and only when standard error is a terminal (a pipe or a log file gets nothing).
struct ImportProgress {
    let totalBytes: Int
    let enabled = isatty(STDERR_FILENO) == 1
    private var bytes = 0
    private var rows = 0
    private let started = Date()
    private var drawn = Date.distantPast

    init(totalBytes: Int) {
        self.totalBytes = totalBytes
    }

    mutating func advance(bytes read: Int, rows: Int) {
        bytes += read
        self.rows = rows
        guard enabled, Date().timeIntervalSince(drawn) >= 0.2 else { return }
        drawn = Date()
        draw()
    }

    func finish() {
        guard enabled else { return }
        draw()
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw() {
        let fraction = totalBytes > 0 ? min(1, Double(bytes) / Double(totalBytes)) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = max(0.001, Date().timeIntervalSince(started))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let line = String(
            format: "\r[%@] %3d%%  %.1f/%.1f MB  %d rows  %.0f rows/s", bar, Int(fraction * 100),
            Double(bytes) / 1_048_576, Double(totalBytes) / 1_048_576, rows, Double(rows) / elapsed)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
