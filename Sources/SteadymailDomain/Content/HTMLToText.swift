/// Derives the plain-text part of a message from its HTML part.
///
/// It exists because every campaign mail carries a text part (spam filters and text-only readers expect one) and
/// most templates give only HTML. It is a forgiving reader, not an HTML parser: block elements become line breaks,
/// paragraphs blank lines, `<br>` a line break, list items `- ` lines, links `text (url)` (the url once when the text is
/// the url), character references are decoded, `<script>`, `<style>`, `<head>` and comments are dropped, white space
/// is collapsed and paragraphs are wrapped at 76 columns. Broken HTML (an unclosed tag, a stray `<`, an unknown
/// entity) is read as well as it can be; nothing makes it fail.
public enum HTMLToText {
    /// The widest line of a wrapped paragraph (a single longer word, such as a URL, stays whole).
    public static let lineWidth = 76

    public static func convert(_ html: String) -> String {
        var reader = HTMLTextReader(scalars: Array(html.unicodeScalars))
        reader.read()
        return reader.writer.finish()
    }
}

/// Walks the HTML once, feeding text and structure to an `HTMLTextWriter`.
struct HTMLTextReader {
    private static let dropped: Set<String> = ["script", "style", "head", "title", "template", "noscript"]
    private static let paragraphs: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "dl", "pre", "hr", "address", "figure",
        "form", "fieldset",
    ]
    private static let lines: Set<String> = [
        "div", "tr", "section", "article", "header", "footer", "nav", "main", "aside", "dt", "dd", "figcaption",
        "caption", "center", "body", "html", "tbody", "thead", "tfoot",
    ]

    let scalars: [Unicode.Scalar]
    var index = 0
    var writer = HTMLTextWriter()
    /// Open links: their target and where their text started.
    private var links: [(href: String?, start: HTMLTextWriter.Mark)] = []
    private var listDepth = 0

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    mutating func read() {
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let tag = HTMLTag.read(scalars, at: index) {
                index = tag.end
                handle(tag)
            } else if scalar == "&", let (text, next) = HTMLEntities.decode(scalars, at: index) {
                writer.text(text)
                index = next
            } else {
                writer.scalar(scalar)
                index += 1
            }
        }
    }

    private mutating func handle(_ tag: HTMLTag) {
        guard let name = tag.name else { return }
        if !tag.closing, Self.dropped.contains(name) {
            index = HTMLTag.endOfElement(name, in: scalars, from: index)
            return
        }
        switch name {
        case "br": writer.lineBreak(forced: true)
        case "td", "th": writer.text(" ")
        case "li":
            writer.lineBreak(forced: false)
            if !tag.closing { writer.startItem(depth: max(listDepth, 1)) }
        case "ul", "ol":
            if tag.closing { listDepth = max(listDepth - 1, 0) }
            if listDepth == 0 { writer.paragraphBreak() } else { writer.lineBreak(forced: false) }
            if !tag.closing { listDepth += 1 }
        case "a":
            if tag.closing {
                guard let link = links.popLast() else { return }
                writer.endLink(href: link.href, start: link.start)
            } else {
                links.append((tag.href, writer.mark))
            }
        default:
            if Self.paragraphs.contains(name) {
                writer.paragraphBreak()
            } else if Self.lines.contains(name) {
                writer.lineBreak(forced: false)
            }
        }
    }
}
