import Testing

@testable import SteadymailDomain

@Suite struct HTMLToTextTests {
    @Test func blocksBecomeLinesAndParagraphsBlankLines() {
        #expect(
            HTMLToText.convert("<h1>Title</h1><p>First\n   paragraph.</p><p>Second</p><div>A</div><div>B</div>")
                == "Title\n\nFirst paragraph.\n\nSecond\n\nA\nB")
    }

    @Test func lineBreaks() {
        #expect(HTMLToText.convert("<p>one<br>two<br/>three<BR />four</p>") == "one\ntwo\nthree\nfour")
        #expect(HTMLToText.convert("a<br><br>b") == "a\n\nb")
    }

    @Test func listsBecomeDashedItems() {
        #expect(
            HTMLToText.convert("<p>Intro</p><ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><p>End</p>")
                == "Intro\n\n- one\n- two\n  - inner\n\nEnd")
        #expect(HTMLToText.convert("<ol><li>first<li>second</ol>") == "- first\n- second")
    }

    @Test func linksShowTheirURLOnce() {
        #expect(
            HTMLToText.convert("<a href=\"https://example.org/a?x=1&amp;y=2\">Read more</a>")
                == "Read more (https://example.org/a?x=1&y=2)")
        #expect(HTMLToText.convert("<a href='https://example.org'>https://example.org</a>") == "https://example.org")
        #expect(HTMLToText.convert("<a href=mailto:ann@example.org>ann@example.org</a>") == "ann@example.org")
        #expect(
            HTMLToText.convert("<a href=\"https://example.org/x\"><img src=\"logo.png\"></a>")
                == "https://example.org/x")
        #expect(HTMLToText.convert("<a href=\"#top\">Top</a> <a href=\"javascript:alert(1)\">x</a>") == "Top x")
        #expect(HTMLToText.convert("<a>no href</a>") == "no href")
        #expect(HTMLToText.convert("text</a> more") == "text more")
    }

    @Test func entitiesAreDecoded() {
        #expect(
            HTMLToText.convert(
                "Tom &amp; Jerry &lt;3 &quot;x&quot; &#39;y&#x27; &eacute;&#233;&#xE9; &euro;5 a&nbsp;b &hellip;")
                == "Tom & Jerry <3 \"x\" 'y' ééé €5 a b …")
        #expect(
            HTMLToText.convert("&unknown; &amp &#xZZ; &#0; &#xD800; &#99999999999;")
                == "&unknown; &amp &#xZZ; \u{FFFD} \u{FFFD} &#99999999999;")
    }

    @Test func scriptsStylesHeadAndCommentsAreDropped() {
        #expect(
            HTMLToText.convert(
                "<html><head><title>T</title><style>p { color: red }</style></head><body><!-- hidden --><script>var a = '<p>';</script><p>Shown</p></body></html>"
            ) == "Shown")
        #expect(HTMLToText.convert("<!DOCTYPE html><p>x</p>") == "x")
    }

    @Test func tableCellsAreSeparated() {
        #expect(
            HTMLToText.convert("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>")
                == "a b\nc d")
    }

    @Test func paragraphsWrapAt76() {
        let words = Array(repeating: "word", count: 40).joined(separator: " ")
        let lines = HTMLToText.convert("<p>\(words)</p>").split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines[0].count == 74)
        let url = "https://example.org/" + String(repeating: "x", count: 100)
        #expect(HTMLToText.convert("<p>see \(url) now</p>") == "see\n\(url)\nnow")
        let item = HTMLToText.convert("<ul><li>\(words)</li></ul>").split(separator: "\n")
        #expect(item[0].hasPrefix("- word"))
        #expect(item[1].hasPrefix("  word"))
        #expect(item.allSatisfy { $0.count <= 76 })
    }

    @Test func brokenHTMLNeverFails() {
        #expect(HTMLToText.convert("a < b and c > d") == "a < b and c > d")
        #expect(HTMLToText.convert("<p>unclosed <b>bold") == "unclosed bold")
        #expect(HTMLToText.convert("<p class=\"x>y\">quoted > inside</p>") == "quoted > inside")
        #expect(HTMLToText.convert("<script>never closed <p>x</p>") == "")
        #expect(HTMLToText.convert("<!-- never closed <p>x</p>") == "")
        #expect(HTMLToText.convert("<p") == "")
        #expect(HTMLToText.convert("<a href=\"x") == "")
        #expect(HTMLToText.convert("&") == "&")
        #expect(HTMLToText.convert("") == "")
        #expect(HTMLToText.convert("</li></ul></ol></p>") == "")
        #expect(HTMLToText.convert("\u{0}\u{7}x\u{1F600}") == "x\u{1F600}")
        let deep = String(repeating: "<ul><li>", count: 500) + "deep"
        #expect(HTMLToText.convert(deep).hasSuffix("- deep"))
        let many = String(repeating: "<a href=x>", count: 1_000)
        #expect(HTMLToText.convert(many).count >= 0)
    }
}
