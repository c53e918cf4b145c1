import Testing

@testable import SteadymailServer

@Suite struct HTMLTextTests {
    @Test func markupCharactersBecomeReferences() {
        #expect(HTMLText.escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTMLText.escape(#"a "b" 'c'"#) == "a &quot;b&quot; &#39;c&#39;")
        #expect(HTMLText.escape("Tom & Jerry") == "Tom &amp; Jerry")
    }

    @Test func anExistingReferenceIsEscapedAgain() {
        #expect(HTMLText.escape("&lt;") == "&amp;lt;")
    }

    @Test func otherTextIsKeptAsItIs() {
        #expect(HTMLText.escape("relay-1 (Zürich) → ok") == "relay-1 (Zürich) → ok")
        #expect(HTMLText.escape("") == "")
    }

    @Test func anAttributeValueCannotBeLeft() {
        let escaped = HTMLText.escape(#"x" onmouseover="alert(1)"#)
        #expect(!escaped.contains("\""))
        #expect(escaped == "x&quot; onmouseover=&quot;alert(1)")
    }
}
