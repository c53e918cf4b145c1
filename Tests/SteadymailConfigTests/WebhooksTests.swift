import Testing

@testable import SteadymailConfig

@Suite struct WebhooksTests {
    @Test func defaults() throws {
        let webhooks = try SteadymailConfiguration.parse(yaml: "", environment: [:]).webhooks
        #expect(webhooks == WebhooksConfiguration())
        #expect(!webhooks.allowPrivateTargets)
        #expect(webhooks.maxAge == .seconds(3 * 86_400))
        #expect(webhooks.retryInitial == .seconds(10))
        #expect(webhooks.retryMax == .seconds(3600))
        #expect(webhooks.timeout == .seconds(10))
        #expect(webhooks.concurrency == 4)
        #expect(webhooks.maxRedirects == 3)
        #expect(webhooks.pollInterval == .seconds(1))
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            webhooks:
              allow_private_targets: true
              max_age: 2h
              retry_initial: 1s
              retry_max: 4s
              timeout: 3s
              concurrency: 2
              max_redirects: 0
              poll_interval: 250ms
            """
        let webhooks = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).webhooks
        #expect(
            webhooks
                == WebhooksConfiguration(
                    allowPrivateTargets: true, maxAge: .seconds(7200), retryInitial: .seconds(1), retryMax: .seconds(4),
                    timeout: .seconds(3), concurrency: 2, maxRedirects: 0, pollInterval: .milliseconds(250)))
    }

    @Test func environmentOverridesTheSwitch() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "", environment: ["STEADYMAIL_WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true"])
        #expect(config.webhooks.allowPrivateTargets)
    }

    @Test(arguments: [
        ("webhooks:\n  timeout: 0s\n", "webhooks.timeout: must be greater than zero"),
        ("webhooks:\n  concurrency: 0\n", "webhooks.concurrency: 0 is less than the minimum 1"),
        ("webhooks:\n  max_redirects: -1\n", "webhooks.max_redirects: -1 is less than the minimum 0"),
        (
            "webhooks:\n  retry_initial: 2m\n  retry_max: 1m\n",
            "webhooks.retry_max: must not be shorter than webhooks.retry_initial"
        ),
        ("webhooks:\n  max_age: forever\n", "webhooks.max_age: \"forever\" is not a duration"),
        ("webhooks:\n  allow_private: true\n", "webhooks.allow_private: unknown key"),
    ])
    func badValuesNameTheKey(yaml: String, message: String) throws {
        let error = try #require(configError(yaml))
        #expect(error.description.hasPrefix(message), "\(error.description)")
    }

    @Test func aReloadKeepsTheRunningWebhookSettings() throws {
        let running = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        let loaded = try SteadymailConfiguration.parse(
            yaml: "webhooks:\n  allow_private_targets: true\n", environment: [:])
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.restartNeeded == ["webhooks"])
        #expect(!plan.effective.webhooks.allowPrivateTargets)
    }
}
