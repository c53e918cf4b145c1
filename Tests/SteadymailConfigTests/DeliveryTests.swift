import Testing

@testable import SteadymailConfig

@Suite struct DeliveryTests {
    @Test func everyKeyIsRead() throws {
        let yaml = """
            smtp:
              hostname: mx.example.org
            delivery:
              enabled: false
              concurrency: 8
              claim_batch: 16
              lease: 90s
              max_age: 2d
              delay_warning: 3h
              retry_initial: 2s
              retry_factor: 1.5
              retry_max: 30s
              connect_timeout: 1s
              greeting_timeout: 2s
              command_timeout: 3s
              data_timeout: 4s
              final_dot_timeout: 5s
              connection_idle: 6s
              breaker_threshold: 7
              breaker_cooldown: 250ms
              breaker_cooldown_max: 8s
              bulk_share: 0
              helo_name: out.example.org
            """
        let delivery = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).delivery
        #expect(
            delivery
                == DeliveryConfiguration(
                    enabled: false, concurrency: 8, claimBatch: 16, lease: .seconds(90), maxAge: .seconds(2 * 86400),
                    delayWarning: .seconds(3 * 3600),
                    retryInitial: .seconds(2), retryFactor: 1.5, retryMax: .seconds(30), connectTimeout: .seconds(1),
                    greetingTimeout: .seconds(2), commandTimeout: .seconds(3), dataTimeout: .seconds(4),
                    finalDotTimeout: .seconds(5), connectionIdle: .seconds(6), breakerThreshold: 7,
                    breakerCooldown: .milliseconds(250), breakerCooldownMax: .seconds(8), bulkShare: 0,
                    heloName: "out.example.org"))
    }

    @Test func heloNameDefaultsToTheSMTPHostname() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "smtp:\n  hostname: mx.example.org\ndelivery:\n  helo_name: \"\"\n", environment: [:])
        #expect(config.delivery.heloName == "mx.example.org")
    }

    @Test(arguments: [
        ("enabled: yes please", "delivery.enabled: expected true or false, found \"yes please\""),
        ("concurrency: 0", "delivery.concurrency: 0 is less than the minimum 1"),
        ("claim_batch: 0", "delivery.claim_batch: 0 is less than the minimum 1"),
        ("breaker_threshold: 0", "delivery.breaker_threshold: 0 is less than the minimum 1"),
        ("lease: 0s", "delivery.lease: must be greater than zero"),
        ("max_age: 0", "delivery.max_age: must be greater than zero"),
        ("retry_initial: 0ms", "delivery.retry_initial: must be greater than zero"),
        ("retry_max: 0s", "delivery.retry_max: must be greater than zero"),
        ("connect_timeout: 0s", "delivery.connect_timeout: must be greater than zero"),
        ("greeting_timeout: 0s", "delivery.greeting_timeout: must be greater than zero"),
        ("command_timeout: 0s", "delivery.command_timeout: must be greater than zero"),
        ("data_timeout: 0s", "delivery.data_timeout: must be greater than zero"),
        ("final_dot_timeout: 0s", "delivery.final_dot_timeout: must be greater than zero"),
        ("connection_idle: 0s", "delivery.connection_idle: must be greater than zero"),
        ("breaker_cooldown: 0s", "delivery.breaker_cooldown: must be greater than zero"),
        ("breaker_cooldown_max: 0s", "delivery.breaker_cooldown_max: must be greater than zero"),
        (
            "lease: soon",
            "delivery.lease: \"soon\" is not a duration (use e.g. 250ms, 30s, 5m, 4h, 2d, or seconds)"
        ),
        ("retry_factor: 0.5", "delivery.retry_factor: 0.5 is less than the minimum 1"),
        ("retry_factor: fast", "delivery.retry_factor: expected a number, found \"fast\""),
        ("bulk_share: 1.5", "delivery.bulk_share: 1.5 is out of range 0-1"),
        ("bulk_share: -0.1", "delivery.bulk_share: -0.1 is out of range 0-1"),
        ("helo_name: bad_name", "delivery.helo_name: \"bad_name\" is not a valid host name"),
        ("workers: 3", "delivery.workers: unknown key"),
    ])
    func badValues(_ line: String, _ expected: String) {
        #expect(configError("delivery:\n  \(line)\n")?.description == expected)
    }

    @Test func retryFactorOfOneIsAllowed() throws {
        let config = try SteadymailConfiguration.parse(yaml: "delivery:\n  retry_factor: 1\n", environment: [:])
        #expect(config.delivery.retryFactor == 1)
    }
}
