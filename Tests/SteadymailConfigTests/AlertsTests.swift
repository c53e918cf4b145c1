import Testing

@testable import SteadymailConfig

@Suite struct AlertsTests {
    @Test func defaults() throws {
        let alerts = try SteadymailConfiguration.parse(yaml: "", environment: [:]).alerts
        #expect(alerts.repeatInterval == .seconds(3600))
        #expect(alerts.oldestDeferred == .seconds(3600))
        #expect(alerts.diskLow == Int64(2_147_483_648))
        #expect(alerts.timeout == .seconds(10))
        #expect(alerts.channels.isEmpty)
    }

    @Test func diskLowFollowsTheIntakeLimit() throws {
        let alerts = try SteadymailConfiguration.parse(yaml: "smtp:\n  min_free_disk: 100MiB\n", environment: [:])
            .alerts
        #expect(alerts.diskLow == Int64(209_715_200))
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            alerts:
              repeat_interval: 10m
              oldest_deferred: "off"
              disk_low: 5GiB
              timeout: 3s
              channels:
                - {name: hook, type: webhook, url: "https://ops.example.com/hook", secret: s3cret}
                - {name: chat, type: slack, url: "http://127.0.0.1:9000/slack"}
                - {name: mail, type: email, to: ops@example.com, from: steadymail@example.com}
            """
        let alerts = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).alerts
        #expect(
            alerts
                == AlertsConfiguration(
                    repeatInterval: .seconds(600), oldestDeferred: nil, diskLow: 5 * 1024 * 1024 * 1024,
                    timeout: .seconds(3),
                    channels: [
                        AlertChannelConfiguration(
                            name: "hook", kind: .webhook, url: "https://ops.example.com/hook", secret: "s3cret"),
                        AlertChannelConfiguration(name: "chat", kind: .slack, url: "http://127.0.0.1:9000/slack"),
                        AlertChannelConfiguration(
                            name: "mail", kind: .email, to: "ops@example.com", from: "steadymail@example.com"),
                    ]))
    }

    @Test(arguments: [
        ("alerts:\n  repeat_interval: 0s\n", "alerts.repeat_interval: must be greater than zero"),
        ("alerts:\n  oldest_deferred: soon\n", "alerts.oldest_deferred: \"soon\" is not a duration"),
        ("alerts:\n  disk_low: much\n", "alerts.disk_low: \"much\" is not a size"),
        (
            "alerts:\n  channels:\n    - {type: slack, url: \"http://h/\"}\n",
            "alerts.channels[0].name: must not be empty"
        ),
        ("alerts:\n  channels:\n    - {name: a}\n", "alerts.channels[0].type: is required"),
        ("alerts:\n  channels:\n    - {name: a, type: pager}\n", "alerts.channels[0].type: unknown value \"pager\""),
        (
            "alerts:\n  channels:\n    - {name: a, type: webhook, url: \"http://h/\"}\n",
            "alerts.channels[0].secret: is required for type webhook"
        ),
        ("alerts:\n  channels:\n    - {name: a, type: webhook, secret: s}\n", "alerts.channels[0].url: is required"),
        (
            "alerts:\n  channels:\n    - {name: a, type: slack, url: \"http://u:p@h/\"}\n",
            "alerts.channels[0].url: must not contain a user name or password"
        ),
        (
            "alerts:\n  channels:\n    - {name: a, type: slack, url: \"file:///etc/passwd\"}\n",
            "alerts.channels[0].url: must use http or https"
        ),
        (
            "alerts:\n  channels:\n    - {name: a, type: slack, url: \"http://h/\", secret: s}\n",
            "alerts.channels[0].secret: does not apply to type slack"
        ),
        ("alerts:\n  channels:\n    - {name: a, type: email}\n", "alerts.channels[0].to: is required for type email"),
        (
            "alerts:\n  channels:\n    - {name: a, type: email, to: \"not an address\"}\n",
            "alerts.channels[0].to: \"not an address\" is not a valid address"
        ),
        (
            "alerts:\n  channels:\n    - {name: a, type: email, to: a@b.c, from: \"x@\"}\n",
            "alerts.channels[0].from: \"x@\" is not a valid address"
        ),
        (
            "alerts:\n  channels:\n    - {name: a, type: email, to: a@b.c, url: \"http://h/\"}\n",
            "alerts.channels[0].url: does not apply to type email"
        ),
        (
            "alerts:\n  channels:\n    - {name: a, type: email, to: a@b.c}\n    - {name: a, type: email, to: a@b.c}\n",
            "alerts.channels[1].name: \"a\" appears more than once"
        ),
        (
            "alerts:\n  channels:\n    - {name: a, type: email, to: a@b.c, cc: x@y.z}\n",
            "alerts.channels[0].cc: unknown key"
        ),
    ])
    func badValuesNameTheKey(yaml: String, message: String) throws {
        let error = try #require(configError(yaml))
        #expect(error.description.hasPrefix(message), "\(error.description)")
    }

    @Test func environmentOverridesTheRepeatInterval() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "", environment: ["STEADYMAIL_ALERTS_REPEAT_INTERVAL": "2h"])
        #expect(config.alerts.repeatInterval == .seconds(7200))
    }
}
