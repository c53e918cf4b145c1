import SteadymailDomain
import SteadymailStorage
import Testing

@Suite("Header summary")
struct HeaderSummaryTests {
    private func parse(_ text: String, byteLimit: Int = HeaderSummary.defaultByteLimit)
        -> [HeaderField]
    {
        HeaderSummary.parse(Array(text.utf8), byteLimit: byteLimit)
    }

    @Test func picksSummarizedFieldsInMessageOrder() {
        let fields = parse(
            "X-Mailer: m\r\nsubject: Hi\r\nFROM: a@x.org\r\nmessage-id: <1@x>\r\n\r\nbody")
        #expect(
            fields == [
                HeaderField(name: "Subject", value: "Hi"),
                HeaderField(name: "From", value: "a@x.org"),
                HeaderField(name: "Message-ID", value: "<1@x>"),
            ])
    }

    @Test func keepsOnlyTheTopmostReceived() {
        let fields = parse("Received: from a\r\n by b; now\r\nReceived: from older\r\nTo: b@x.org\r\n\r\n")
        #expect(
            fields == [
                HeaderField(name: "Received", value: "from a by b; now"),
                HeaderField(name: "To", value: "b@x.org"),
            ])
    }

    @Test func unfoldsContinuationLines() {
        let fields = parse("Subject: one\r\n two\r\n\tthree\r\nTo: b@x.org\r\n\r\n")
        #expect(
            fields == [
                HeaderField(name: "Subject", value: "one two\tthree"),
                HeaderField(name: "To", value: "b@x.org"),
            ])
    }

    @Test func stopsAtTheFirstEmptyLine() {
        #expect(
            parse("To: b@x.org\r\n\r\nSubject: in the body\r\n") == [
                HeaderField(name: "To", value: "b@x.org")
            ])
    }

    @Test func keepsTheFirstOccurrence() {
        #expect(
            parse("Subject: first\nSubject: second\n\n") == [HeaderField(name: "Subject", value: "first")]
        )
    }

    @Test func acceptsBareLineFeedsAndAMissingBody() {
        #expect(
            parse("Date: today\nTo: b@x.org") == [
                HeaderField(name: "Date", value: "today"), HeaderField(name: "To", value: "b@x.org"),
            ])
    }

    @Test func ignoresMalformedLinesAndLeadingContinuations() {
        #expect(
            parse(" stray\r\nno colon here\r\nTo:   b@x.org  \r\n\r\n") == [
                HeaderField(name: "To", value: "b@x.org")
            ])
    }

    @Test func readsNoFurtherThanTheLimit() {
        let text = "To: b@x.org\r\nSubject: cut off here\r\n\r\n"
        #expect(parse(text, byteLimit: 20) == [HeaderField(name: "To", value: "b@x.org")])
        #expect(parse(text, byteLimit: 0).isEmpty)
    }

    @Test func emptyContentHasNoFields() {
        #expect(parse("").isEmpty)
    }
}
