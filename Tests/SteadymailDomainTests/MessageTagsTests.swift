import Testing

@testable import SteadymailDomain

@Suite struct MessageTagsTests {
    @Test func splitsTrimsAndKeepsSpelling() {
        #expect(
            MessageTags.parse([" Newsletter ,2026-11", "order confirmation"]) == [
                "Newsletter", "2026-11", "order confirmation",
            ])
    }

    @Test func dropsCaseInsensitiveRepeats() {
        #expect(MessageTags.parse(["News, news", "NEWS,other"]) == ["News", "other"])
    }

    @Test func ignoresInvalidTagsWithoutFailing() {
        let long = String(repeating: "x", count: MessageTags.maximumLength + 1)
        let exact = String(repeating: "y", count: MessageTags.maximumLength)
        #expect(MessageTags.parse(["", " , ,", long, exact, "caf\u{E9}", "tab\there", "ok"]) == [exact, "ok"])
    }

    @Test func keepsAtMostTheMaximumCount() {
        let many = (1...15).map { "t\($0)" }.joined(separator: ",")
        #expect(MessageTags.parse([many]) == (1...MessageTags.maximumCount).map { "t\($0)" })
    }

    @Test func invalidTagsDoNotUseUpTheCount() {
        let values = ["bad\u{1}"] + (1...10).map { "t\($0)" }
        #expect(MessageTags.parse(values).count == MessageTags.maximumCount)
    }
}
