/// Resolution of the `campaigns:` section.
extension ConfigResolver {
    func resolveCampaigns(_ raw: RawCampaigns?) throws(ConfigError) -> CampaignsConfiguration {
        let tick = try duration(raw?.tick, key: "campaigns.tick", default: "1s")
        guard tick <= .seconds(60) else { throw fail("campaigns.tick", "must be at most 1m") }
        let batch = try count(raw?.batch, key: "campaigns.batch", default: 500)
        guard batch <= 10_000 else { throw fail("campaigns.batch", "must be at most 10000") }
        let lookahead = try count(raw?.lookahead, key: "campaigns.lookahead", default: 2000)
        return CampaignsConfiguration(tick: tick, batch: batch, lookahead: lookahead)
    }
}
