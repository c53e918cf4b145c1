import Testing

@testable import SteadymailConfig

@Suite struct ListsOfMapsTests {
    static let hash = "$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA"

    @Test func authUsersInlineAndFromEnvironment() throws {
        let yaml = """
            smtp:
              auth:
                users:
                  - username: app
                    password_hash: "\(Self.hash)"
                  - username: billing
                    password_hash_env: BILLING_HASH
                max_failures: 3
            """
        let config = try SteadymailConfiguration.parse(
            yaml: yaml, environment: ["BILLING_HASH": Self.hash + "2"])
        #expect(
            config.smtp.auth.users == [
                AuthUser(username: "app", passwordHash: Self.hash),
                AuthUser(username: "billing", passwordHash: Self.hash + "2"),
            ])
        #expect(config.smtp.auth.maxFailures == 3)
        #expect(!String(describing: config.smtp.auth.users[0]).contains("scrypt"))
    }

    @Test(arguments: [
        (
            "- username: app\n  password_hash_env: NOPE\n",
            "smtp.auth.users[0].password_hash_env: environment variable NOPE is not set"
        ),
        (
            "- username: app\n  password_hash: plain\n",
            "smtp.auth.users[0].password_hash: must be an $scrypt$ hash printed by `steadymail hash-password`"
        ),
        ("- username: app\n", "smtp.auth.users[0].password_hash: is required (or password_hash_env)"),
        ("- password_hash: x\n", "smtp.auth.users[0].username: must not be empty"),
        ("- username: app\n  password: x\n", "smtp.auth.users[0].password: unknown key"),
        (
            "- username: a\n  password_hash: $scrypt$a\n- username: a\n  password_hash: $scrypt$b\n",
            "smtp.auth.users[1].username: \"a\" appears more than once"
        ),
        (
            "- username: a\n  password_hash: $scrypt$a\n  password_hash_env: HASH\n",
            "smtp.auth.users[0].password_hash_env: set either password_hash or this key, not both"
        ),
        ("- app\n", "smtp.auth.users[0]: expected a mapping, found \"app\""),
    ])
    func badUsers(_ users: String, _ expected: String) {
        let indented = users.split(separator: "\n").map { "      \($0)" }.joined(separator: "\n")
        let yaml = "smtp:\n  auth:\n    users:\n\(indented)\n"
        #expect(configError(yaml, environment: ["HASH": "$scrypt$c"])?.description == expected)
    }

    @Test func relaysWithDefaultsAndSecrets() throws {
        let yaml = """
            relays:
              - name: primary
                host: smtp.example.com
                username: steadymail
                password_env: RELAY_PASSWORD
                weight: 3
                rate: 12.5
              - name: backup
                host: backup.example.net
                tls: implicit
                priority_group: 1
            """
        let config = try SteadymailConfiguration.parse(
            yaml: yaml, environment: ["RELAY_PASSWORD": "s3cret"])
        #expect(config.relays.count == 2)
        let primary = config.relays[0]
        #expect(primary.name == "primary")
        #expect(primary.port == 587)
        #expect(primary.tls == .starttls)
        #expect(primary.credentials == RelayCredentials(username: "steadymail", password: "s3cret"))
        #expect(!String(describing: primary).contains("s3cret"))
        #expect(primary.weight == 3)
        #expect(primary.maxConnections == 10)
        #expect(primary.maxMessagesPerConnection == 100)
        #expect(primary.rate == 12.5)
        #expect(primary.priorityGroup == 0)
        let backup = config.relays[1]
        #expect(backup.port == 465)
        #expect(backup.tls == .implicit)
        #expect(backup.credentials == nil)
        #expect(backup.rate == nil)
        #expect(backup.priorityGroup == 1)
    }

    @Test(arguments: [
        (
            "tls: tls13",
            "relays[1].tls: unknown value \"tls13\"; allowed: none, starttls, starttls-required, implicit"
        ),
        ("port: 99999", "relays[1].port: port 99999 is out of range 1-65535"),
        ("weight: 0", "relays[1].weight: 0 is less than the minimum 1"),
        ("max_connections: 0", "relays[1].max_connections: 0 is less than the minimum 1"),
        (
            "max_messages_per_connection: 0",
            "relays[1].max_messages_per_connection: 0 is less than the minimum 1"
        ),
        ("priority_group: -1", "relays[1].priority_group: -1 is less than the minimum 0"),
        ("rate: 0", "relays[1].rate: must be greater than zero (or null for unlimited)"),
        ("rate: fast", "relays[1].rate: expected a number, found \"fast\""),
        (
            "password_env: UNSET_VARIABLE",
            "relays[1].password_env: environment variable UNSET_VARIABLE is not set"
        ),
        ("password: x", "relays[1].username: is required when a password is set"),
        ("username: u", "relays[1].password: is required when username is set (or password_env)"),
        ("hots: x", "relays[1].hots: unknown key (did you mean host?)"),
    ])
    func badRelays(_ line: String, _ expected: String) {
        let yaml = """
            relays:
              - name: primary
                host: a.example.com
              - name: secondary
                host: b.example.com
                \(line)
            """
        #expect(configError(yaml)?.description == expected)
    }

    @Test func relayNamesAreRequiredAndUnique() {
        #expect(
            configError("relays:\n  - host: a\n")?.description == "relays[0].name: must not be empty")
        #expect(
            configError("relays:\n  - name: a\n")?.description == "relays[0].host: must not be empty")
        #expect(
            configError("relays:\n  - {name: a, host: x}\n  - {name: a, host: y}\n")?.description
                == "relays[1].name: \"a\" appears more than once")
    }

    @Test func relaysCannotBeOverriddenByEnvironment() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "", environment: ["STEADYMAIL_RELAYS": "x"])
        #expect(config.relays.isEmpty)
    }
}
