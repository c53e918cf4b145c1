import SteadymailStorage

/// The stored ids of campaigns' links, kept in memory by the campaign runner.
///
/// It exists so that rendering a campaign for a million subscribers asks the store once per distinct link, not once
/// per link per message. Links that differ per subscriber (a URL with the address in it) would fill it, so it holds at
/// most `capacity` links and starts over when full; the store still answers every miss with the same id.
actor CampaignLinkIDs {
    static let defaultCapacity = 50_000

    private let store: any EngagementStore
    private let capacity: Int
    private var ids: [Int64: [String: Int64]] = [:]
    private var count = 0

    init(store: any EngagementStore, capacity: Int = defaultCapacity) {
        self.store = store
        self.capacity = capacity
    }

    /// The id of `url` among `campaign`'s links, stored on first use.
    func id(campaign: Int64, url: String) async throws -> Int64 {
        if let id = ids[campaign]?[url] { return id }
        let id = try await store.campaignLinkID(campaign: campaign, url: url)
        if count >= capacity {
            ids = [:]
            count = 0
        }
        if ids[campaign, default: [:]].updateValue(id, forKey: url) == nil { count += 1 }
        return id
    }

    /// Forgets the links of campaigns no longer running.
    func keep(only campaigns: Set<Int64>) {
        ids = ids.filter { campaigns.contains($0.key) }
        count = ids.values.reduce(0) { $0 + $1.count }
    }
}
