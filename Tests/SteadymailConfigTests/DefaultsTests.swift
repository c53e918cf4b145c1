import Foundation
import SteadymailDomain
import Testing

@testable import SteadymailConfig

@Suite struct DefaultsTests {
    @Test func emptyTextYieldsDocumentedDefaults() throws {
        let config = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        #expect(config.dataDir == "./steadymail-data")
        #expect(config.logLevel == .info)
        #expect(config.shutdownGracePeriod == .seconds(30))
        #expect(config.controlSocket == "./steadymail-data/control.sock")
        #expect(config.smtp.listen == ListenAddress(host: "127.0.0.1", port: 2525))
        #expect(config.smtp.submissionsListen == nil)
        #expect(config.smtp.hostname == ProcessInfo.processInfo.hostName)
        #expect(config.smtp.maxMessageSize == 25 * 1024 * 1024)
        #expect(config.smtp.maxRecipients == 1000)
        #expect(config.smtp.maxConnections == 1000)
        #expect(config.smtp.maxConnectionsPerIP == 50)
        #expect(config.smtp.idleTimeout == .seconds(300))
        #expect(config.smtp.maxCommandErrors == 20)
        #expect(config.smtp.minFreeDisk == 1 << 30)
        #expect(config.smtp.minFreeDiskPercent == 5)
        #expect(config.smtp.diskCheckInterval == .seconds(5))
        #expect(config.smtp.defaultPriority == .transactional)
        #expect(config.smtp.tls == nil)
        #expect(config.smtp.auth.users.isEmpty)
        #expect(config.smtp.auth.maxFailures == 5)
        #expect(config.smtp.auth.failureWindow == .seconds(300))
        #expect(config.smtp.relayNetworks.map(\.description) == ["127.0.0.0/8", "0:0:0:0:0:0:0:1/128"])
        #expect(config.smtp.localDomains.isEmpty)
        #expect(config.queue.groupCommitMaxBatch == 512)
        #expect(config.queue.groupCommitMaxDelay == .zero)
        #expect(config.storage.backend == .sqlite)
        #expect(config.storage.sqlite.path == "./steadymail-data/queue.sqlite")
        #expect(config.storage.sqlite.busyTimeout == .seconds(5))
        #expect(config.http.listen == ListenAddress(host: "127.0.0.1", port: 8025))
        #expect(config.http.idleTimeout == .seconds(60))
        #expect(config.http.maxRequestSize == 64 * 1024 * 1024)
        #expect(config.http.rateLimit == 1000)
        #expect(config.http.rateBurst == 2000)
        #expect(config.http.idempotencyTTL == .seconds(86_400))
        #expect(config.relays.isEmpty)
        #expect(config.routes.isEmpty)
    }

    @Test func deliveryDefaults() throws {
        let delivery = try SteadymailConfiguration.parse(yaml: "", environment: [:]).delivery
        #expect(
            delivery
                == DeliveryConfiguration(
                    enabled: true, concurrency: 20, claimBatch: 50, lease: .seconds(300), maxAge: .seconds(5 * 86400),
                    delayWarning: .seconds(4 * 3600),
                    retryInitial: .seconds(60), retryFactor: 2, retryMax: .seconds(3600), connectTimeout: .seconds(30),
                    greetingTimeout: .seconds(300), commandTimeout: .seconds(300), dataTimeout: .seconds(180),
                    finalDotTimeout: .seconds(600), connectionIdle: .seconds(30), breakerThreshold: 3,
                    breakerCooldown: .seconds(10), breakerCooldownMax: .seconds(300), bulkShare: 0.2,
                    heloName: ProcessInfo.processInfo.hostName))
    }

    @Test func commentOnlyAndNullDocumentsYieldDefaults() throws {
        let defaults = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        #expect(try SteadymailConfiguration.parse(yaml: "# nothing\n", environment: [:]) == defaults)
        #expect(try SteadymailConfiguration.parse(yaml: "~\n", environment: [:]) == defaults)
        #expect(try SteadymailConfiguration.parse(yaml: "smtp:\n", environment: [:]) == defaults)
    }

    @Test func pathsFollowDataDir() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "data_dir: /var/lib/steadymail/\n", environment: [:])
        #expect(config.controlSocket == "/var/lib/steadymail/control.sock")
        #expect(config.storage.sqlite.path == "/var/lib/steadymail/queue.sqlite")
    }

    @Test func explicitPathsWin() throws {
        let yaml = """
            control_socket: /run/steadymail.sock
            storage:
              sqlite:
                path: /srv/q.sqlite
            smtp:
              hostname: mx.example.org
            """
        let config = try SteadymailConfiguration.parse(yaml: yaml, environment: [:])
        #expect(config.controlSocket == "/run/steadymail.sock")
        #expect(config.storage.sqlite.path == "/srv/q.sqlite")
        #expect(config.smtp.hostname == "mx.example.org")
    }

    @Test func absentDefaultFileRunsDefaults() throws {
        let directory = FileManager.default.currentDirectoryPath
        try #require(!FileManager.default.fileExists(atPath: "\(directory)/steadymail.yaml"))
        let config = try SteadymailConfiguration.load(
            path: nil, environment: ["STEADYMAIL_LOG_LEVEL": "debug"])
        #expect(config.logLevel == .debug)
    }

    @Test func explicitMissingFileIsAnError() {
        #expect(
            throws: ConfigError(
                key: "config", message: "file /nonexistent/steadymail.yaml does not exist")
        ) {
            try SteadymailConfiguration.load(path: "/nonexistent/steadymail.yaml", environment: [:])
        }
    }

    @Test func explicitFileIsRead() throws {
        let file = try TemporaryFile(contents: "smtp:\n  listen: 0.0.0.0:25\n")
        let config = try SteadymailConfiguration.load(path: file.path, environment: [:])
        #expect(config.smtp.listen == ListenAddress(host: "0.0.0.0", port: 25))
    }

    @Test func errorDescriptionAndExitCode() {
        let error = ConfigError(key: "smtp.listen", message: "port 99999 is out of range 1-65535")
        #expect(error.description == "smtp.listen: port 99999 is out of range 1-65535")
        #expect(ConfigError.exitCode == 78)
    }
}
