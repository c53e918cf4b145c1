import Testing

@testable import SteadymailConfig

@Suite struct ValidationTests {
    @Test(arguments: [
        ("smtp:\n  listen: 127.0.0.1:99999\n", "smtp.listen: port 99999 is out of range 1-65535"),
        ("smtp:\n  listen: 127.0.0.1:0\n", "smtp.listen: port 0 is out of range 1-65535"),
        ("http:\n  listen: nowhere\n", "http.listen: \"nowhere\" is not host:port or [ipv6]:port"),
        ("http:\n  rate_limit: 0\n", "http.rate_limit: must be a number of messages per second greater than zero"),
        ("http:\n  rate_burst: 0\n", "http.rate_burst: 0 is less than the minimum 1"),
        ("http:\n  max_request_size: 0\n", "http.max_request_size: must be greater than zero"),
        (
            "http:\n  idempotency_ttl: forever\n",
            "http.idempotency_ttl: \"forever\" is not a duration (use e.g. 250ms, 30s, 5m, 4h, 2d, or seconds)"
        ),
        ("smtp:\n  lisen: 127.0.0.1:25\n", "smtp.lisen: unknown key (did you mean listen?)"),
        ("colour: blue\n", "colour: unknown key"),
        ("smtp:\n  tls:\n    certificate: x\n", "smtp.tls.certificate: unknown key"),
        (
            "smtp:\n  max_recipients: many\n",
            "smtp.max_recipients: expected a whole number, found \"many\""
        ),
        ("smtp:\n  max_recipients: 0\n", "smtp.max_recipients: 0 is less than the minimum 1"),
        ("smtp: 5\n", "smtp: expected a mapping, found \"5\""),
        (
            "smtp:\n  relay_networks: 10.0.0.0/8\n",
            "smtp.relay_networks: expected a list, found \"10.0.0.0/8\""
        ),
        ("smtp:\n  listen: [1, 2]\n", "smtp.listen: expected a single value, found a list"),
        (
            "smtp:\n  max_message_size: 25 megs\n",
            "smtp.max_message_size: \"25 megs\" is not a size (use e.g. 512KiB, 25MiB, 1GiB, 10MB, or bytes)"
        ),
        ("smtp:\n  max_message_size: 0\n", "smtp.max_message_size: must be greater than zero"),
        ("smtp:\n  idle_timeout: 0s\n", "smtp.idle_timeout: must be greater than zero"),
        (
            "smtp:\n  min_free_disk_percent: 101\n",
            "smtp.min_free_disk_percent: 101 is out of range 0-100"
        ),
        (
            "smtp:\n  default_priority: urgent\n",
            "smtp.default_priority: unknown value \"urgent\"; allowed: transactional, time-critical, bulk"
        ),
        (
            "smtp:\n  relay_networks: [127.0.0.0/8, nonsense]\n",
            "smtp.relay_networks[1]: \"nonsense\" is not a CIDR network such as 10.0.0.0/8"
        ),
        (
            "smtp:\n  local_domains: [example.org, bad_domain]\n",
            "smtp.local_domains[1]: \"bad_domain\" is not a valid domain name"
        ),
        (
            "smtp:\n  submissions_listen: 0.0.0.0:465\n",
            "smtp.submissions_listen: requires smtp.tls.cert and smtp.tls.key"
        ),
        ("smtp:\n  tls:\n    cert: /x/y.pem\n", "smtp.tls.key: must be set when smtp.tls.cert is set"),
        ("smtp:\n  tls:\n    key: /x/y.pem\n", "smtp.tls.cert: must be set when smtp.tls.key is set"),
        (
            "smtp:\n  tls:\n    cert: /x/y.pem\n    key: /x/z.pem\n",
            "smtp.tls.cert: file /x/y.pem does not exist"
        ),
        (
            "smtp:\n  hostname: mx_1.example.org\n",
            "smtp.hostname: \"mx_1.example.org\" is not a valid host name"
        ),
        (
            "smtp:\n  tls:\n    cert: /tmp\n    key: /tmp\n",
            "smtp.tls.cert: /tmp is a directory, not a file"
        ),
        (
            "storage:\n  backend: postgres\n",
            "storage.backend: postgres is not supported yet; the only backend is sqlite"
        ),
        ("storage:\n  backend: mysql\n", "storage.backend: unknown backend \"mysql\"; allowed: sqlite"),
        ("data_dir: \"\"\n", "data_dir: must not be empty"),
        (
            "queue:\n  group_commit_max_delay: soon\n",
            "queue.group_commit_max_delay: \"soon\" is not a duration (use e.g. 250ms, 30s, 5m, 4h, 2d, or seconds)"
        ),
        ("- a\n- b\n", "config: the file must be a mapping of keys to values"),
    ])
    func badValuesNameTheirKey(_ yaml: String, _ expected: String) {
        #expect(configError(yaml)?.description == expected)
    }

    @Test func invalidYAMLIsOneLine() throws {
        let error = try #require(configError("smtp:\n  listen: [\n"))
        #expect(error.key == "config")
        #expect(error.message.hasPrefix("invalid YAML:"))
        #expect(!error.description.contains("\n"))
    }

    @Test func missingKeyFileIsNamed() throws {
        let cert = try TemporaryFile()
        let yaml = "smtp:\n  tls:\n    cert: \(cert.path)\n    key: /x/missing.pem\n"
        #expect(configError(yaml)?.description == "smtp.tls.key: file /x/missing.pem does not exist")
    }

    @Test func tlsWithSubmissionsListener() throws {
        let cert = try TemporaryFile()
        let key = try TemporaryFile()
        let yaml = """
            smtp:
              submissions_listen: "[::]:465"
              tls:
                cert: \(cert.path)
                key: \(key.path)
            """
        let config = try SteadymailConfiguration.parse(yaml: yaml, environment: [:])
        #expect(config.smtp.tls == TLSFiles(certificatePath: cert.path, privateKeyPath: key.path))
        #expect(config.smtp.submissionsListen == ListenAddress(host: "::", port: 465))
    }

    @Test func durationsAndSizesInTheFile() throws {
        let yaml = """
            shutdown_grace_period: 90
            smtp:
              max_message_size: 10MB
              min_free_disk: 512KiB
              idle_timeout: 2m
              auth:
                failure_window: 1d
            queue:
              group_commit_max_delay: 250ms
            storage:
              sqlite:
                busy_timeout: 4h
            """
        let config = try SteadymailConfiguration.parse(yaml: yaml, environment: [:])
        #expect(config.shutdownGracePeriod == .seconds(90))
        #expect(config.smtp.maxMessageSize == 10_000_000)
        #expect(config.smtp.minFreeDisk == 524_288)
        #expect(config.smtp.idleTimeout == .seconds(120))
        #expect(config.smtp.auth.failureWindow == .seconds(86_400))
        #expect(config.queue.groupCommitMaxDelay == .milliseconds(250))
        #expect(config.storage.sqlite.busyTimeout == .seconds(14_400))
    }

    @Test func localDomainsAreNormalisedAndDeduplicated() throws {
        let yaml = "smtp:\n  local_domains: [Example.ORG, example.org., bounces.example.org]\n"
        let config = try SteadymailConfiguration.parse(yaml: yaml, environment: [:])
        #expect(config.smtp.localDomains == ["example.org", "bounces.example.org"])
    }
}
