import Testing

@testable import SteadymailConfig

@Suite struct RoutesTests {
    static let relays = """
        relays:
          - name: primary
            host: a.example.com
          - name: backup
            host: b.example.com
        """

    @Test func routesInFileOrder() throws {
        let yaml =
            Self.relays + """

                routes:
                  - name: resets
                    priority: transactional
                    relays: [primary, backup]
                  - name: example
                    sender_domain: Example.COM
                    api_key: billing
                    relays: [backup]
                """
        let routes = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).routes
        #expect(
            routes == [
                RouteConfiguration(
                    name: "resets", priority: .transactional, senderDomain: nil, apiKey: nil,
                    relays: ["primary", "backup"]),
                RouteConfiguration(
                    name: "example", priority: nil, senderDomain: "example.com", apiKey: "billing",
                    relays: ["backup"]),
            ])
    }

    @Test(arguments: [
        ("{name: r, relays: [primary]}", "routes[0]: needs priority, sender_domain or api_key"),
        ("{name: r, api_key: \"\", relays: [primary]}", "routes[0]: needs priority, sender_domain or api_key"),
        ("{name: r, priority: bulk}", "routes[0].relays: must name at least one relay"),
        ("{name: r, priority: bulk, relays: []}", "routes[0].relays: must name at least one relay"),
        ("{name: r, priority: bulk, relays: [primary, nope]}", "routes[0].relays[1]: no relay is named \"nope\""),
        ("{priority: bulk, relays: [primary]}", "routes[0].name: must not be empty"),
        (
            "{name: r, priority: urgent, relays: [primary]}",
            "routes[0].priority: unknown value \"urgent\"; allowed: transactional, time-critical, bulk"
        ),
        (
            "{name: r, sender_domain: bad_domain, relays: [primary]}",
            "routes[0].sender_domain: \"bad_domain\" is not a valid domain name"
        ),
        ("{name: r, priority: bulk, relays: primary}", "routes[0].relays: expected a list, found \"primary\""),
        (
            "{name: r, sender_domin: x.org, relays: [primary]}",
            "routes[0].sender_domin: unknown key (did you mean sender_domain?)"
        ),
    ])
    func badRoutes(_ route: String, _ expected: String) {
        #expect(configError(Self.relays + "\nroutes:\n  - \(route)\n")?.description == expected)
    }

    @Test func routeNamesAreUnique() {
        let yaml =
            Self.relays
            + "\nroutes:\n  - {name: r, priority: bulk, relays: [primary]}\n  - {name: r, api_key: k, relays: [backup]}\n"
        #expect(configError(yaml)?.description == "routes[1].name: \"r\" appears more than once")
    }

    @Test func relayTLSVerificationAndCAFile() throws {
        let bundle = try TemporaryFile(contents: "-----BEGIN CERTIFICATE-----\n")
        let yaml = """
            relays:
              - name: primary
                host: a.example.com
              - name: lab
                host: lab.example.com
                tls_verify: false
                ca_file: \(bundle.path)
            """
        let relays = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).relays
        #expect(relays.map(\.tlsVerify) == [true, false])
        #expect(relays.map(\.caFile) == [nil, bundle.path])
    }

    @Test(arguments: [
        ("ca_file: /nonexistent/ca.pem", "relays[0].ca_file: file /nonexistent/ca.pem does not exist"),
        ("ca_file: /tmp", "relays[0].ca_file: /tmp is a directory, not a file"),
        ("tls_verify: sometimes", "relays[0].tls_verify: expected true or false, found \"sometimes\""),
    ])
    func badRelayTLSSettings(_ line: String, _ expected: String) {
        #expect(configError("relays:\n  - name: a\n    host: a.example.com\n    \(line)\n")?.description == expected)
    }
}
