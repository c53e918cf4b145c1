import Testing

@testable import SteadymailConfig

@Suite struct CampaignsConfigTests {
    @Test func defaults() throws {
        let campaigns = try SteadymailConfiguration.parse(yaml: "", environment: [:]).campaigns
        #expect(campaigns == CampaignsConfiguration(tick: .seconds(1), batch: 500, lookahead: 2000))
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            campaigns:
              tick: 250ms
              batch: 50
              lookahead: 300
            """
        let campaigns = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).campaigns
        #expect(campaigns == CampaignsConfiguration(tick: .milliseconds(250), batch: 50, lookahead: 300))
    }

    @Test(arguments: [
        ("campaigns:\n  tick: 0s\n", "campaigns.tick: must be greater than zero"),
        ("campaigns:\n  tick: 2m\n", "campaigns.tick: must be at most 1m"),
        ("campaigns:\n  batch: 0\n", "campaigns.batch"),
        ("campaigns:\n  batch: 20000\n", "campaigns.batch: must be at most 10000"),
        ("campaigns:\n  lookahead: -1\n", "campaigns.lookahead"),
        ("campaigns:\n  look_ahead: 5\n", "campaigns.look_ahead"),
    ])
    func badValuesNameTheirKey(yaml: String, expected: String) {
        let error = configError(yaml)
        #expect(error?.description.hasPrefix(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func aReloadAppliesTheSectionAtOnce() throws {
        let running = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        let loaded = try SteadymailConfiguration.parse(yaml: "campaigns:\n  lookahead: 10\n", environment: [:])
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.applied == ["campaigns"])
        #expect(plan.effective.campaigns.lookahead == 10)
    }
}
