/// Builds the lines of the text part for `HTMLToText`: collapses white space, breaks lines and paragraphs, prefixes
/// list items and wraps at `HTMLToText.lineWidth`.
struct HTMLTextWriter {
    /// A position in the text written so far, to find a link's text when it ends.
    struct Mark {
        var flushes: Int
        var offset: Int
    }

    private var lines: [String] = []
    /// The current line's text, white space collapsed, not yet wrapped.
    private var inline = ""
    private var inlineHasText = false
    private var firstPrefix = ""
    private var restPrefix = ""
    private var blankLinePending = false
    private var flushes = 0

    var mark: Mark { Mark(flushes: flushes, offset: inline.utf8.count) }

    mutating func text(_ text: String) {
        for scalar in text.unicodeScalars { self.scalar(scalar) }
    }

    mutating func scalar(_ scalar: Unicode.Scalar) {
        if scalar.properties.isWhitespace || scalar == "\u{A0}" {
            if inlineHasText, inline.unicodeScalars.last != " " { inline.unicodeScalars.append(" ") }
        } else if scalar.properties.generalCategory != .control {
            inline.unicodeScalars.append(scalar)
            inlineHasText = true
        }
    }

    /// Ends the current line. A forced break (`<br>`) on an empty line leaves a blank line; a block boundary does not.
    mutating func lineBreak(forced: Bool) {
        if inlineHasText {
            flush()
        } else if forced, let last = lines.last, !last.isEmpty {
            lines.append("")
        }
    }

    /// Ends the current paragraph: the next text starts after one blank line.
    mutating func paragraphBreak() {
        flush()
        blankLinePending = true
    }

    /// Starts a list item at the given depth: `- ` indented two spaces per level below the first.
    mutating func startItem(depth: Int) {
        let indent = String(repeating: "  ", count: min(depth, 10) - 1)
        firstPrefix = indent + "- "
        restPrefix = indent + "  "
    }

    /// Ends a link opened at `start`: appends ` (url)` after its text, or the url alone when the text is empty or is
    /// the url itself. Fragment (`#top`) and `javascript:` links add nothing.
    mutating func endLink(href: String?, start: Mark) {
        guard let href, !href.isEmpty, !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:") else {
            return
        }
        var linkText = ""
        if start.flushes == flushes, start.offset <= inline.utf8.count {
            linkText = String(decoding: inline.utf8.dropFirst(start.offset), as: UTF8.self).trimmingWhitespaceScalars()
        }
        let bare = href.lowercased().hasPrefix("mailto:") ? String(href.dropFirst("mailto:".count)) : href
        if start.flushes == flushes, linkText.isEmpty {
            text(" " + href)
        } else if linkText != href, linkText != bare {
            text(" (" + href + ")")
        }
    }

    private mutating func flush() {
        defer {
            inline = ""
            inlineHasText = false
            firstPrefix = ""
            restPrefix = ""
            flushes += 1
        }
        let content = inline.trimmingWhitespaceScalars()
        guard !content.isEmpty else { return }
        if blankLinePending, let last = lines.last, !last.isEmpty { lines.append("") }
        blankLinePending = false
        lines += Self.wrap(content, first: firstPrefix, rest: restPrefix)
    }

    /// Greedy wrapping at `HTMLToText.lineWidth` columns, counted in characters.
    static func wrap(_ text: String, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var lineLength = first.count
        var lineHasWord = false
        for word in text.split(separator: " ") {
            let length = word.count
            if lineHasWord, lineLength + 1 + length > HTMLToText.lineWidth {
                lines.append(line)
                line = rest
                lineLength = rest.count
                lineHasWord = false
            }
            if lineHasWord {
                line += " "
                lineLength += 1
            }
            line += word
            lineLength += length
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }

    mutating func finish() -> String {
        flush()
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
