import Testing

@testable import SteadymailDomain

@Suite struct HTMLLinkRewriterTests {
    /// Replaces every target by `T(<target>)`, so a test sees which target each link had.
    static func marked(_ url: String) -> String? { "https://t.example/c?u=\(url)" }

    static let newsletter = """
        <!DOCTYPE html>
        <HTML><head><title>News <a href="https://title.example">x</a></title>
        <style>a[href="https://style.example"] { color: red }</style></head>
        <BODY class="main">
        <!-- <a href="https://comment.example">hidden</a> -->
        <!--[if mso]><a href="https://mso.example">Outlook</a><![endif]-->
        <p>Hello <A class="btn" HREF="https://shop.example/sale?a=1&amp;b=2" target=_blank>Sale</A></p>
        <p><a target='_blank' href='http://blog.example/post'>Blog</a>
        <a href=https://bare.example/x?y=1&amp;z=2>Bare</a></p>
        <p><a href="mailto:ann@example.org">Mail</a> <a href="tel:+491234">Call</a> <a href="#top">Top</a>
        <a href="/relative">Relative</a> <a name="anchor">Anchor</a></p>
        <p><a data-notrack href="https://private.example">Private</a></p>
        <p><a href="https://shop.example/sale?a=1&amp;b=2">Sale again</a></p>
        <script>document.write('<a href="https://script.example">s</a>')</script>
        </BODY></HTML>
        """

    @Test func findsEachTrackableTargetOnceDecoded() {
        #expect(
            HTMLLinkRewriter.trackableLinks(in: Self.newsletter) == [
                "https://shop.example/sale?a=1&b=2", "http://blog.example/post", "https://bare.example/x?y=1&z=2",
            ])
    }

    @Test func rewritesOnlyTrackableLinksAndKeepsEverythingElse() {
        let rewritten = HTMLLinkRewriter.rewrite(Self.newsletter, pixel: nil, replacement: Self.marked)
        #expect(
            rewritten.contains(
                "<A class=\"btn\" HREF=\"https://t.example/c?u=https://shop.example/sale?a=1&amp;b=2\" target=_blank>"))
        #expect(rewritten.contains("<a target='_blank' href=\"https://t.example/c?u=http://blog.example/post\">Blog"))
        #expect(rewritten.contains("<a href=\"https://t.example/c?u=https://bare.example/x?y=1&amp;z=2\">Bare"))
        #expect(
            rewritten.contains("<a href=\"https://t.example/c?u=https://shop.example/sale?a=1&amp;b=2\">Sale again"))
        for untouched in [
            "<a href=\"mailto:ann@example.org\">", "<a href=\"tel:+491234\">", "<a href=\"#top\">",
            "<a href=\"/relative\">", "<a name=\"anchor\">", "<a data-notrack href=\"https://private.example\">",
            "<!-- <a href=\"https://comment.example\">hidden</a> -->",
            "<!--[if mso]><a href=\"https://mso.example\">Outlook</a><![endif]-->",
            "<a href=\"https://script.example\">", "<a href=\"https://title.example\">",
            "a[href=\"https://style.example\"]",
        ] {
            #expect(rewritten.contains(untouched), "\(untouched)")
        }
        // Nothing else changed: undoing the four replacements gives the input back.
        #expect(
            rewritten.replacingOccurrences(
                of: "=\"https://t.example/c?u=https://shop.example/sale?a=1&amp;b=2\"",
                with: "=\"https://shop.example/sale?a=1&amp;b=2\""
            )
            .replacingOccurrences(
                of: "href=\"https://t.example/c?u=http://blog.example/post\"", with: "href='http://blog.example/post'"
            )
            .replacingOccurrences(
                of: "href=\"https://t.example/c?u=https://bare.example/x?y=1&amp;z=2\"",
                with: "href=https://bare.example/x?y=1&amp;z=2") == Self.newsletter)
    }

    @Test func aDeclinedTargetStaysAsWritten() {
        let html =
            "<p><a href=\"https://n.example/unsubscribe/abc\">Unsubscribe</a> <a href=\"https://x.example\">X</a>"
        let rewritten = HTMLLinkRewriter.rewrite(html, pixel: nil) { url in
            url.contains("/unsubscribe/") ? nil : "https://t.example/1"
        }
        #expect(
            rewritten
                == "<p><a href=\"https://n.example/unsubscribe/abc\">Unsubscribe</a> <a href=\"https://t.example/1\">X</a>"
        )
    }

    @Test func theReplacementIsEscapedInTheAttribute() {
        let rewritten = HTMLLinkRewriter.rewrite("<a href=\"https://x.example\">x</a>", pixel: nil) { _ in
            "https://t.example/?a=\"b\"&c=<d>"
        }
        #expect(rewritten == "<a href=\"https://t.example/?a=&quot;b&quot;&amp;c=&lt;d&gt;\">x</a>")
    }

    @Test func thePixelGoesBeforeTheLastBodyEndOrAtTheEnd() {
        let pixel = "<img src=\"https://t.example/o/a&amp;b\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">"
        #expect(
            HTMLLinkRewriter.rewrite(Self.newsletter, pixel: "https://t.example/o/a&b", replacement: { _ in nil })
                == Self.newsletter.replacingOccurrences(of: "</BODY>", with: pixel + "</BODY>"))
        #expect(
            HTMLLinkRewriter.rewrite("<p>Hi</p>", pixel: "https://t.example/o/a&b", replacement: { _ in nil })
                == "<p>Hi</p>" + pixel)
        // A `</body>` in a comment is no end of the body.
        #expect(
            HTMLLinkRewriter.rewrite("<body>x<!-- </body> --></body >y", pixel: "p", replacement: { _ in nil })
                == "<body>x<!-- </body> -->"
                + "<img src=\"p\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\"></body >y")
        // With links after the body's end, the pixel still lands before it.
        #expect(
            HTMLLinkRewriter.rewrite("<body></body><a href=\"https://x.example\">x</a>", pixel: "p") { _ in "q" }
                == "<body><img src=\"p\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\"></body>"
                + "<a href=\"q\">x</a>")
    }

    @Test func brokenHTMLNeverFails() {
        for html in [
            "<a href=\"https://x.example", "<a href=", "<a href='https://x.example'", "<", "<a", "<!--", "&amp",
            "<a href=\"http://\">", "<a href=\"https://é.example/ü?q=ö\">ü</a>", "<script><a href=\"https://x\">",
        ] {
            _ = HTMLLinkRewriter.rewrite(html, pixel: "p") { _ in "https://t.example" }
            _ = HTMLLinkRewriter.trackableLinks(in: html)
        }
        #expect(HTMLLinkRewriter.trackableLinks(in: "<a href=\"http://\">x</a>") == [])
        #expect(
            HTMLLinkRewriter.trackableLinks(in: "<a href=\"https://é.example/ü?q=ö\">ü</a>")
                == ["https://é.example/ü?q=ö"])
    }
}
