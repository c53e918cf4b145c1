import Foundation
import SteadymailDomain
import SteadymailStorage

/// Putting a known subscriber on more lists and taking them off one (`steadymail subscriber subscribe|unsubscribe`,
/// `POST /v1/subscribers/{email}/subscriptions`, `DELETE /v1/subscribers/{email}/subscriptions/{list}`).
///
/// Both check everything before writing anything, so that a refused request changes no subscription.
extension Audience {
    /// Subscribes a known subscriber to `lists`. A new subscription starts as `add` starts one (confirmed on a single
    /// opt-in list or with `preconfirm`, else unconfirmed with a confirmation mail queued); a confirmed or
    /// unconfirmed one is left as it is; one the subscriber left is taken up again only with `resubscribe` (the
    /// person asked again), else the request is a conflict naming the list.
    func subscribe(email: String, lists names: [String], preconfirm: Bool, resubscribe: Bool) async throws -> Added {
        let subscriber = try await existingSubscriber(email)
        let lists = try await namedLists(names)
        let current = Dictionary(
            try await store.subscriptions(of: subscriber.id).map { ($0.listID, $0.status) },
            uniquingKeysWith: { first, _ in first })
        var starting: [MailingList] = []
        for list in lists {
            switch current[list.id] {
            case nil: starting.append(list)
            case .unsubscribed?:
                guard resubscribe else {
                    throw AudienceError.conflict(
                        "\(subscriber.email) left the list \(list.name); pass resubscribe if they asked again")
                }
                starting.append(list)
            case .confirmed?, .unconfirmed?: continue
            }
        }
        let mailed = subscriber.status == .enabled
        if !preconfirm && mailed && starting.contains(where: { $0.optIn == .double }) {
            guard let confirmations else {
                throw AudienceError.unavailable("subscribing to a double opt-in list needs a running server")
            }
            guard confirmations.publicURL != nil else {
                throw AudienceError.unavailable(
                    "double opt-in needs http.public_url or http.public_listen for its confirmation link")
            }
        }
        let now = Date()
        var queued = 0
        for list in starting {
            let status: SubscriptionStatus = preconfirm ? .confirmed : list.optIn.initialStatus
            _ = try await store.setSubscription(subscriberID: subscriber.id, listID: list.id, status: status, now: now)
            if status == .unconfirmed && mailed, let confirmations {
                try await confirmations.send(to: subscriber, list: list, now: now)
                queued += 1
            }
        }
        return Added(subscriber: try await show(email: subscriber.email), confirmationsQueued: queued)
    }

    /// Marks the subscriber's subscriptions to `lists` `unsubscribed`; one already left stays as it is. A list the
    /// subscriber is not on, or that does not exist, is not found.
    func unsubscribe(email: String, lists names: [String]) async throws -> SubscriberView {
        let subscriber = try await existingSubscriber(email)
        guard !names.isEmpty else { throw AudienceError.invalid(field: "lists", message: "name at least one list") }
        let current = try await store.subscriptions(of: subscriber.id)
        var leaving: [Subscription] = []
        for name in names {
            guard let subscription = current.first(where: { $0.listName == name }) else {
                _ = try await existingList(name)
                throw AudienceError.notFound("\(subscriber.email) is not subscribed to \(name)")
            }
            if subscription.status != .unsubscribed && !leaving.contains(where: { $0.listID == subscription.listID }) {
                leaving.append(subscription)
            }
        }
        let now = Date()
        for subscription in leaving {
            _ = try await store.setSubscription(
                subscriberID: subscriber.id, listID: subscription.listID, status: .unsubscribed, now: now)
        }
        return try await show(email: subscriber.email)
    }

    /// The lists named in a request body, each once; an unknown one is unprocessable, naming its index.
    private func namedLists(_ names: [String]) async throws -> [MailingList] {
        guard !names.isEmpty else { throw AudienceError.invalid(field: "lists", message: "name at least one list") }
        var lists: [MailingList] = []
        for (index, name) in names.enumerated() {
            guard let list = try await store.list(named: name) else {
                throw AudienceError.unprocessable(field: "lists[\(index)]", message: "no list named \(name)")
            }
            if !lists.contains(list) { lists.append(list) }
        }
        return lists
    }
}
