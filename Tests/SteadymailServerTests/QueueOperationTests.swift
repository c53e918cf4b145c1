import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct QueueOperationTests {
    @Test func selectorQueryBecomesAStorageSelector() throws {
        let selector = try SelectorQuery(
            id: "0000000000000000000A", domain: "Example.ORG", sender: "<Boss@Example.org>", tag: " news ",
            relay: "a"
        ).selector()
        #expect(selector.messageID == QueueID("0000000000000000000A"))
        #expect(selector.domain == "example.org")
        #expect(selector.sender == "Boss@Example.org")
        #expect(selector.tag == "news")
        #expect(selector.relay == "a")
        #expect(try SelectorQuery(sender: "<>").selector().sender == "")
        #expect(try SelectorQuery(sender: "a@b.c").selector().sender == "a@b.c")
        #expect(try SelectorQuery().selector().isEmpty)
    }

    @Test func badSelectorOptionsAreNamed() {
        let cases: [(SelectorQuery, String)] = [
            (SelectorQuery(id: "nope"), "--id: not a queue id: nope"),
            (SelectorQuery(domain: " "), "--domain: empty"),
            (SelectorQuery(sender: ""), "--sender: empty; write <> for the null sender"),
            (SelectorQuery(tag: ""), "--tag: empty"),
            (SelectorQuery(relay: ""), "--relay: empty"),
        ]
        for (query, message) in cases {
            #expect(throws: ControlError.self) { try query.selector() }
            do {
                _ = try query.selector()
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test func operationsActOnTheSelectionAndRefuseAnEmptyOne() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ops-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await store.enqueue([
            NewMessage(
                id: QueueID("00000000000000000001")!, sender: "s@example.org",
                recipients: ["a@one.example", "b@two.example"], priority: .bulk, deliverBy: nil, receivedAt: Date(),
                content: Array("Subject: x\r\n\r\nx\r\n".utf8), origin: "test", submitter: nil, tags: ["news"])
        ])
        let handler = QueueControlHandler(
            store: store, pipeline: nil,
            operations: QueueOperations(
                store: store, wake: WakeSignal(), metrics: .discarding, logger: Logger(label: "test")))

        let empty = await handler.handle(ControlRequest(command: .delete))
        #expect(empty.error == "delete needs a selection: --id, --domain, --sender, --tag or --relay")
        #expect(try await store.counts().byState[.queued] == 2)
        #expect(await handler.handle(ControlRequest(command: .retry)).retried == 0)

        let count = await handler.handle(
            ControlRequest(command: .countSelected, selector: SelectorQuery(domain: "one.example")))
        #expect(count.selected == ["queued": 1])
        let held = await handler.handle(ControlRequest(command: .hold, selector: SelectorQuery(tag: "NEWS")))
        #expect(held.held == 2)
        #expect(held.inFlight == 0)
        let json = String(decoding: try JSONEncoder.control.encode(held), as: UTF8.self)
        #expect(json == #"{"held":2,"in_flight":0}"#)
        #expect(await handler.handle(ControlRequest(command: .hold, selector: SelectorQuery(tag: "news"))).held == 0)

        let released = await handler.handle(
            ControlRequest(command: .release, selector: SelectorQuery(domain: "two.example")))
        #expect(released.released == 1)
        let deleted = await handler.handle(
            ControlRequest(command: .delete, selector: SelectorQuery(id: "00000000000000000001")))
        #expect(deleted.deleted == 2)
        #expect(try await store.counts().byState == [.expired: 2])
    }

    @Test func operationsNeedARunningServer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ops-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        let handler = QueueControlHandler(store: store, pipeline: nil)
        let response = await handler.handle(ControlRequest(command: .hold, selector: SelectorQuery(domain: "x")))
        #expect(response.error == "hold needs a running server")
    }
}
