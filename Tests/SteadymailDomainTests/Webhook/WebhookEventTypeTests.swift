import Testing

@testable import SteadymailDomain

@Suite struct WebhookEventTypeTests {
    @Test func listsParseTrimmedCaseInsensitiveAndDeduplicated() throws {
        let parsed = try WebhookEventType.parseList(["bounced", " Delivered", "bounced", "queued"]).get()
        #expect(parsed == [.queued, .delivered, .bounced])
    }

    @Test func everyDocumentedNameParses() throws {
        let names = "delivered,bounced,deferred,expired,delayed,held,released,deleted,queued"
        let parsed = try WebhookEventType.parseList(names.split(separator: ",").map(String.init)).get()
        #expect(parsed == WebhookEventType.allCases)
    }

    @Test func unknownOrEmptyListsAreRefusedWithTheName() {
        guard case .failure(let unknown) = WebhookEventType.parseList(["delivered", "opened"]) else {
            Issue.record("an unknown event was accepted")
            return
        }
        #expect(unknown.index == 1)
        #expect(unknown.description.hasPrefix("unknown event type \"opened\"; allowed: queued, delivered"))
        guard case .failure(let empty) = WebhookEventType.parseList([]) else {
            Issue.record("an empty list was accepted")
            return
        }
        #expect(empty.index == nil)
    }
}
