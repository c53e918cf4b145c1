import Foundation
import SteadymailDomain
import SteadymailStorage

/// Lists and subscribers as the operator manages them: the checks and steps shared by the control socket (`steadymail
/// list|lists|subscriber|subscribers`) and the HTTP API (`/v1/lists`, `/v1/subscribers`).
///
/// It exists so that both doors refuse the same inputs with the same `AudienceError`, and so that subscribing to a
/// double opt-in list always queues its confirmation mail (`SubscriptionConfirmations`) unless asked to preconfirm.
public struct Audience: Sendable {
    let store: any QueueStore
    /// Nil when no server runs (the CLI reading the database): then nothing can be subscribed to a double list.
    let confirmations: SubscriptionConfirmations?

    /// The largest page of a subscriber listing.
    static let maximumLimit = 1000
    static let defaultLimit = 100

    public init(store: any QueueStore, confirmations: SubscriptionConfirmations?) {
        self.store = store
        self.confirmations = confirmations
    }

    // MARK: Lists

    func lists() async throws -> [MailingListView] {
        let sizes = try await store.listSizes()
        return try await store.lists().map { MailingListView($0, sizes: sizes[$0.id] ?? [:]) }
    }

    func list(named name: String) async throws -> MailingListView {
        let list = try await existingList(name)
        return MailingListView(list, sizes: try await store.listSizes()[list.id] ?? [:])
    }

    func createList(name: String, optIn: OptIn, description: String) async throws -> MailingListView {
        try Self.checkListName(name, field: "name")
        guard description.count <= 1000, !Self.hasControlCharacter(description) else {
            throw AudienceError.invalid(field: "description", message: "must be one line of at most 1000 characters")
        }
        guard try await store.list(named: name) == nil else {
            throw AudienceError.conflict("a list named \(name) already exists")
        }
        do {
            let list = try await store.createList(name: name, optIn: optIn, description: description, now: Date())
            return MailingListView(list, sizes: [:])
        } catch StorageError.conflict {
            throw AudienceError.conflict("a list named \(name) already exists")
        }
    }

    func removeList(named name: String) async throws {
        let list = try await existingList(name)
        guard try await store.deleteList(id: list.id) else { throw AudienceError.notFound("no list named \(name)") }
    }

    // MARK: Subscribers

    /// A page of subscribers by id; `after` is the last id of the previous page.
    func subscribers(list: String?, status: String?, after: Int64?, limit: Int?) async throws -> [SubscriberView] {
        var query = SubscriberQuery(afterID: max(0, after ?? 0), limit: limit ?? Self.defaultLimit)
        guard (1...Self.maximumLimit).contains(query.limit) else {
            throw AudienceError.invalid(field: "limit", message: "must be between 1 and \(Self.maximumLimit)")
        }
        if let list {
            guard let found = try await store.list(named: list) else {
                throw AudienceError.notFound("no list named \(list)")
            }
            query.listID = found.id
        }
        if let status { query.status = try Self.status(status, field: "status") }
        return try await store.subscribers(matching: query).map { SubscriberView($0) }
    }

    /// What `add` or `subscribe` did: the subscriber with their subscriptions, and how many confirmation mails were
    /// queued.
    struct Added: Sendable {
        var subscriber: SubscriberView
        var confirmationsQueued: Int
    }

    /// Creates a subscriber and subscribes them to `lists`: confirmed on a single opt-in list or with `preconfirm`,
    /// else unconfirmed with a confirmation mail queued (none for a blocklisted subscriber).
    func add(
        email: String, name: String?, attributes: [String: JSONValue], lists names: [String], status: String?,
        preconfirm: Bool
    ) async throws -> Added {
        let address = try Self.address(email, field: "email")
        try Self.checkName(name)
        let subscriberStatus = try status.map { text throws(AudienceError) in
            let parsed = try Self.status(text, field: "status")
            guard parsed == .enabled || parsed == .blocklisted else {
                throw AudienceError.invalid(field: "status", message: "a new subscriber is enabled or blocklisted")
            }
            return parsed
        }
        var lists: [MailingList] = []
        for (index, listName) in names.enumerated() {
            guard let list = try await store.list(named: listName) else {
                throw AudienceError.unprocessable(field: "lists[\(index)]", message: "no list named \(listName)")
            }
            if !lists.contains(list) { lists.append(list) }
        }
        let needsConfirmation =
            !preconfirm && subscriberStatus != .blocklisted && lists.contains { $0.optIn == .double }
        if needsConfirmation && (confirmations == nil || confirmations?.publicURL == nil) {
            throw AudienceError.unavailable(
                confirmations == nil
                    ? "subscribing to a double opt-in list needs a running server"
                    : "double opt-in needs http.public_url or http.public_listen for its confirmation link")
        }
        guard try await store.subscriber(email: address) == nil else {
            throw AudienceError.conflict("\(address) is already a subscriber")
        }
        let now = Date()
        let summary = try await store.upsertSubscribers(
            [SubscriberUpsert(email: address, name: name, attributes: attributes, status: subscriberStatus)],
            listID: nil, subscriptionStatus: .confirmed, now: now)
        if summary.skipped.first?.reason == .suppressed {
            throw AudienceError.unprocessable(field: "email", message: "\(address) is on the suppression list")
        }
        guard let id = summary.subscriberIDs.first ?? nil, let subscriber = try await store.subscriber(id: id) else {
            throw AudienceError.conflict("\(address) is already a subscriber")
        }
        var queued = 0
        for list in lists {
            let status: SubscriptionStatus = preconfirm ? .confirmed : list.optIn.initialStatus
            _ = try await store.setSubscription(subscriberID: id, listID: list.id, status: status, now: now)
            if status == .unconfirmed && subscriber.status == .enabled, let confirmations {
                try await confirmations.send(to: subscriber, list: list, now: now)
                queued += 1
            }
        }
        return Added(subscriber: try await show(email: address), confirmationsQueued: queued)
    }

    /// One subscriber with their subscriptions.
    func show(email: String) async throws -> SubscriberView {
        let subscriber = try await existingSubscriber(email)
        return SubscriberView(subscriber, subscriptions: try await store.subscriptions(of: subscriber.id))
    }

    /// Changes a subscriber's name, status or attributes (merged key by key, null removing a key); nil leaves a field.
    func update(email: String, name: String?, status: String?, attributes: [String: JSONValue]?) async throws
        -> SubscriberView
    {
        let subscriber = try await existingSubscriber(email)
        try Self.checkName(name)
        let newStatus = try status.map { text throws(AudienceError) in
            let parsed = try Self.status(text, field: "status")
            guard parsed != .bounced else {
                throw AudienceError.invalid(
                    field: "status", message: "bounced is set by delivery; use enabled, blocklisted or unsubscribed")
            }
            return parsed
        }
        if name != nil || !(attributes ?? [:]).isEmpty {
            _ = try await store.upsertSubscribers(
                [SubscriberUpsert(email: subscriber.email, name: name, attributes: attributes ?? [:])], listID: nil,
                subscriptionStatus: .confirmed, now: Date())
        }
        if let newStatus, newStatus != subscriber.status {
            _ = try await store.setSubscriberStatus(id: subscriber.id, status: newStatus, now: Date())
        }
        return try await show(email: subscriber.email)
    }

    /// The most messages an export lists.
    static let exportedMessages = 1000

    func export(email: String) async throws -> SubscriberExport {
        let profile = try await show(email: email)
        let history = try await store.messages(
            matching: MessageQuery(recipient: profile.email, limit: Self.exportedMessages))
        return SubscriberExport(
            subscriber: profile, suppression: try await store.suppression(email: profile.email),
            messages: history.messages, now: Date())
    }

    /// Erases a subscriber and their subscriptions.
    func remove(email: String) async throws {
        let subscriber = try await existingSubscriber(email)
        guard try await store.deleteSubscriber(id: subscriber.id) else {
            throw AudienceError.notFound("no subscriber \(subscriber.email)")
        }
    }

    // MARK: Import

    /// Writes one import batch in one transaction. Rows come from the CLI already read and normalised; they are
    /// checked again, and a batch with a bad address is refused whole.
    func importBatch(_ rows: [ImportedSubscriber], list name: String?, overwrite: Bool, preconfirm: Bool)
        async throws -> ImportBatchView
    {
        var list: MailingList?
        if let name { list = try await existingList(name) }
        var upserts: [SubscriberUpsert] = []
        upserts.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            guard let email = try? SubscriberEmail.normalised(row.email), email == row.email else {
                throw AudienceError.invalid(field: "rows[\(index)].email", message: "not a normalised address")
            }
            if let status = row.status, status != .enabled && status != .blocklisted {
                throw AudienceError.invalid(field: "rows[\(index)].status", message: "enabled or blocklisted")
            }
            upserts.append(
                SubscriberUpsert(
                    email: email, name: row.name, attributes: row.attributes, status: row.status,
                    overwriteStatus: overwrite, overwriteName: overwrite))
        }
        let status: SubscriptionStatus = preconfirm ? .confirmed : (list?.optIn.initialStatus ?? .confirmed)
        return ImportBatchView(
            try await store.upsertSubscribers(upserts, listID: list?.id, subscriptionStatus: status, now: Date()))
    }

    // MARK: Checks

    func existingList(_ name: String) async throws -> MailingList {
        guard let list = try await store.list(named: name) else {
            throw AudienceError.notFound("no list named \(name)")
        }
        return list
    }

    func existingSubscriber(_ email: String) async throws -> Subscriber {
        guard let address = try? SubscriberEmail.normalised(email),
            let subscriber = try await store.subscriber(email: address)
        else { throw AudienceError.notFound("no subscriber \(email)") }
        return subscriber
    }

    /// A list name: 1 to 64 of letters, digits, `.`, `_` and `-`, starting with a letter or digit, so that it reads
    /// the same in a URL path, a shell and a log line.
    static func checkListName(_ name: String, field: String) throws(AudienceError) {
        let alphanumeric: (UInt8) -> Bool = { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        let valid =
            (1...64).contains(name.utf8.count) && name.utf8.first.map(alphanumeric) == true
            && name.utf8.allSatisfy { byte in
                alphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "-")
            }
        guard valid else {
            throw .invalid(
                field: field,
                message: "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
    }

    static func checkName(_ name: String?) throws(AudienceError) {
        guard let name else { return }
        guard name.count <= 200, !hasControlCharacter(name) else {
            throw .invalid(field: "name", message: "must be one line of at most 200 characters")
        }
    }

    static func address(_ text: String, field: String) throws(AudienceError) -> String {
        do {
            return try SubscriberEmail.normalised(text)
        } catch {
            throw .invalid(field: field, message: "not a valid address: \(error)")
        }
    }

    static func status(_ text: String, field: String) throws(AudienceError) -> SubscriberStatus {
        guard let status = SubscriberStatus(rawValue: text) else {
            let known = SubscriberStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalid(field: field, message: "unknown status \(text) (known: \(known))")
        }
        return status
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
