import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage

/// A store with subscribers on one list and campaigns that mailed each of them, for the feedback tests.
struct FeedbackFixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    let store: SQLiteQueueStore
    /// Subscriber ids by address.
    let ids: [String: Int64]
    /// The campaigns, each of which mailed every subscriber.
    let campaigns: [Int64]
    /// The queue id of each campaign's message to each subscriber: `messages[campaign][email]`.
    let messages: [Int64: [String: QueueID]]

    static func make(_ store: SQLiteQueueStore, emails: [String], campaigns count: Int) async throws -> Self {
        let list = try await store.createList(name: "news", optIn: .single, description: "", now: now)
        _ = try await store.upsertSubscribers(
            emails.map { SubscriberUpsert(email: $0) }, listID: list.id, subscriptionStatus: .confirmed, now: now)
        var ids: [String: Int64] = [:]
        for email in emails { ids[email] = try await store.subscriber(email: email)?.id }
        var campaigns: [Int64] = []
        var messages: [Int64: [String: QueueID]] = [:]
        var serial = 0
        for _ in 0..<count {
            let campaign = try await store.createCampaign(
                NewCampaign(name: "c", templateName: "t", fromAddress: "shop@example.org", listIDs: [list.id]),
                now: now)
            _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: now)
            _ = try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: now)
            var batch: [CampaignMessage] = []
            for email in emails {
                serial += 1
                let id = queueID(serial)
                messages[campaign.id, default: [:]][email] = id
                batch.append(
                    CampaignMessage(
                        subscriberID: ids[email] ?? 0,
                        message: NewMessage(
                            id: id, sender: "shop@example.org", recipients: [email], priority: .bulk, deliverBy: nil,
                            receivedAt: now, content: Array("Subject: hi\r\n\r\nhi\r\n".utf8), origin: "campaign",
                            submitter: nil)))
            }
            try await store.enqueueCampaignMessages(campaign: campaign.id, batch, skips: [], now: now)
            campaigns.append(campaign.id)
        }
        return Self(store: store, ids: ids, campaigns: campaigns, messages: messages)
    }

    static func queueID(_ n: Int) -> QueueID {
        let digits = String(n)
        return QueueID(String(repeating: "0", count: 20 - digits.count) + digits)!
    }
}
