/// One tag of an HTML document as `HTMLToText` and `HTMLLinkRewriter` need it: its lowercased name, whether it
/// closes, a link's `href` (decoded, and where its value is written) and the names of its attributes.
///
/// It exists so that neither the text reader nor the link rewriter has to think about attribute quoting, comments or
/// declarations.
struct HTMLTag {
    /// The lowercased element name; nil for comments, declarations (`<!DOCTYPE>`) and processing instructions.
    var name: String?
    var closing: Bool
    /// The first `href`, its character references decoded (a browser follows the first too).
    var href: String?
    /// Where the first `href`'s value is written, quotes included.
    var hrefValue: Range<Int>?
    /// The lowercased names of the tag's attributes.
    var attributes: Set<String> = []
    /// The index after the tag's `>` (or the end of the text when it never closes).
    var end: Int

    /// The tag starting at `start` (a `<`); nil when the `<` starts no tag and is text (`a < b`).
    static func read(_ scalars: [Unicode.Scalar], at start: Int) -> HTMLTag? {
        var index = start + 1
        guard index < scalars.count else { return nil }
        if scalars[index] == "!" || scalars[index] == "?" {
            if matches(scalars, at: index, "!--") {
                return HTMLTag(name: nil, closing: false, end: after(scalars, "-->", from: index + 3))
            }
            return HTMLTag(name: nil, closing: false, end: after(scalars, ">", from: index))
        }
        let closing = scalars[index] == "/"
        if closing { index += 1 }
        var name = ""
        while index < scalars.count, scalars[index].isASCII,
            scalars[index].properties.isAlphabetic || (!name.isEmpty && scalars[index].properties.numericType != nil)
        {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard !name.isEmpty else { return nil }
        var tag = HTMLTag(name: name.lowercased(), closing: closing, end: index)
        tag.readAttributes(scalars, from: index)
        return tag
    }

    /// Reads attributes up to the closing `>`, keeping `href`; quoted values may hold `>`.
    private mutating func readAttributes(_ scalars: [Unicode.Scalar], from start: Int) {
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == ">" {
                end = index + 1
                return
            }
            guard scalar.properties.isAlphabetic else {
                index += 1
                continue
            }
            var attribute = ""
            while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != "=",
                scalars[index] != ">", scalars[index] != "/"
            {
                attribute.unicodeScalars.append(scalars[index])
                index += 1
            }
            let attributeName = attribute.lowercased()
            attributes.insert(attributeName)
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
            guard index < scalars.count, scalars[index] == "=" else { continue }
            index += 1
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
            let valueStart = index
            var value = ""
            if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
                let quote = scalars[index]
                index += 1
                while index < scalars.count, scalars[index] != quote {
                    value.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index = min(index + 1, scalars.count)
            } else {
                while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != ">" {
                    value.unicodeScalars.append(scalars[index])
                    index += 1
                }
            }
            if attributeName == "href", hrefValue == nil {
                href = Self.decodeEntities(value)
                hrefValue = valueStart..<index
            }
        }
        end = scalars.count
    }

    /// The index after the `</name ...>` that ends an element whose content is dropped (`<script>`), or the end of
    /// the text when it is never closed.
    static func endOfElement(_ name: String, in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            if scalars[index] == "<", index + 1 < scalars.count, scalars[index + 1] == "/",
                let tag = read(scalars, at: index), tag.name == name
            {
                return tag.end
            }
            index += 1
        }
        return scalars.count
    }

    private static func matches(_ scalars: [Unicode.Scalar], at index: Int, _ text: String) -> Bool {
        var offset = index
        for wanted in text.unicodeScalars {
            guard offset < scalars.count, scalars[offset] == wanted else { return false }
            offset += 1
        }
        return true
    }

    private static func after(_ scalars: [Unicode.Scalar], _ text: String, from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            if matches(scalars, at: index, text) { return index + text.unicodeScalars.count }
            index += 1
        }
        return scalars.count
    }

    static func decodeEntities(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        var result = ""
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let (text, next) = HTMLEntities.decode(scalars, at: index) {
                result += text
                index = next
            } else {
                result.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        return result.trimmingWhitespaceScalars()
    }
}

extension String {
    /// The string without leading and trailing white space.
    func trimmingWhitespaceScalars() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
