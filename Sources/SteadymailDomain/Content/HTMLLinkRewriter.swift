/// Rewrites the links of a campaign's HTML part for click tracking and adds the open pixel.
///
/// It exists so that tracking touches exactly what it should and nothing else. Only the `href` of `<a>` tags whose
/// target is `http:` or `https:` is rewritten; `mailto:`, `tel:`, `#anchors`, relative links, links marked
/// `data-notrack` and any target the caller declines (the unsubscribe link) stay as written, and so do links inside
/// comments (Outlook's conditional comments), `<script>`, `<style>` and `<textarea>`. The target is read as a browser
/// reads it (`&amp;` in an `href` is `&` in the URL) and the replacement is written escaped. The rest of the document
/// is copied byte for byte. It is a forgiving reader like `HTMLToText`: broken HTML is rewritten as well as it can be
/// and nothing makes it fail.
public enum HTMLLinkRewriter {
    /// The trackable targets of `html`'s links, decoded, each once, in document order.
    public static func trackableLinks(in html: String) -> [String] {
        var seen: Set<String> = []
        return scan(Array(html.unicodeScalars)).anchors.map(\.url).filter { seen.insert($0).inserted }
    }

    /// `html` with each trackable link's target replaced by `replacement(target)` (kept when it gives nil), and
    /// `pixel` (an image URL) inserted as a 1×1 image just before the last `</body>`, or at the end without one.
    public static func rewrite(_ html: String, pixel: String?, replacement: (String) -> String?) -> String {
        let scalars = Array(html.unicodeScalars)
        let scan = scan(scalars)
        var output = String.UnicodeScalarView()
        var copied = 0
        func copy(upTo end: Int) {
            output.append(contentsOf: scalars[copied..<end])
            copied = end
        }
        func insertPixel() {
            guard let pixel else { return }
            output.append(
                contentsOf: "<img src=\"\(escape(pixel))\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">"
                    .unicodeScalars)
        }
        var pixelPending = pixel != nil
        for anchor in scan.anchors {
            if pixelPending, let bodyEnd = scan.bodyEnd, bodyEnd < anchor.value.lowerBound {
                copy(upTo: bodyEnd)
                insertPixel()
                pixelPending = false
            }
            guard let target = replacement(anchor.url) else { continue }
            copy(upTo: anchor.value.lowerBound)
            output.append(contentsOf: "\"\(escape(target))\"".unicodeScalars)
            copied = anchor.value.upperBound
        }
        if pixelPending, let bodyEnd = scan.bodyEnd, bodyEnd >= copied {
            copy(upTo: bodyEnd)
            insertPixel()
            pixelPending = false
        }
        copy(upTo: scalars.count)
        if pixelPending { insertPixel() }
        return String(output)
    }

    /// One trackable link: its decoded target and where its `href` value is written.
    struct Anchor {
        var url: String
        var value: Range<Int>
    }

    /// Elements whose content is not markup: links in them are no links.
    private static let raw: Set<String> = ["script", "style", "textarea", "title", "xmp"]

    /// The trackable links and where the last `</body>` starts.
    static func scan(_ scalars: [Unicode.Scalar]) -> (anchors: [Anchor], bodyEnd: Int?) {
        var anchors: [Anchor] = []
        var bodyEnd: Int?
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "<", let tag = HTMLTag.read(scalars, at: index) else {
                index += 1
                continue
            }
            let start = index
            index = max(tag.end, start + 1)
            guard let name = tag.name else { continue }
            if tag.closing {
                if name == "body" { bodyEnd = start }
                continue
            }
            if raw.contains(name) {
                index = HTMLTag.endOfElement(name, in: scalars, from: index)
                continue
            }
            guard name == "a", let href = tag.href, let value = tag.hrefValue, !tag.attributes.contains("data-notrack"),
                isWeb(href)
            else { continue }
            anchors.append(Anchor(url: href, value: value))
        }
        return (anchors, bodyEnd)
    }

    /// Whether a target is an absolute http or https URL with a host.
    static func isWeb(_ url: String) -> Bool {
        let lowered = url.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            return lowered.count > scheme.count
        }
        return false
    }

    /// Text made safe inside a double-quoted attribute value.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
