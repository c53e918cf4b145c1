import Logging
import NIOCore
import NIOSSL
import SteadymailConfig
import SteadymailDomain

/// Builds the alert dispatcher of a node from its `alerts:` section.
///
/// It exists to keep the wiring of the channels (URLs parsed, addresses parsed, the shared HTTP client) out of
/// `SteadymailApplication`, and to report a value the configuration check let through but a channel cannot use with
/// its key, before anything runs.
enum AlertAssembly {
    static func dispatcher(
        _ configuration: SteadymailConfiguration, pipeline: IntakePipeline, group: any EventLoopGroup, logger: Logger
    ) throws -> AlertDispatcher {
        let alerts = configuration.alerts
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        let poster = AlertHTTPPoster(
            client: WebhookHTTPClient(group: group, tlsContext: try NIOSSLContext(configuration: tls)))
        let channels = try alerts.channels.enumerated().map { index, channel in
            try Self.channel(
                channel, key: "alerts.channels[\(index)]", poster: poster, pipeline: pipeline,
                hostname: configuration.smtp.hostname)
        }
        return AlertDispatcher(
            channels: channels, repeatInterval: alerts.repeatInterval, timeout: alerts.timeout, logger: logger)
    }

    static func channel(
        _ channel: AlertChannelConfiguration, key: String, poster: AlertHTTPPoster, pipeline: IntakePipeline,
        hostname: String
    ) throws -> any AlertChannel {
        switch channel.kind {
        case .webhook:
            return WebhookAlertChannel(
                name: channel.name, url: try url(channel, key: key), secret: channel.secret, poster: poster)
        case .slack:
            return SlackAlertChannel(name: channel.name, url: try url(channel, key: key), poster: poster)
        case .email:
            guard let to = channel.to else { throw ConfigError(key: "\(key).to", message: "required for email") }
            return EmailAlertChannel(
                name: channel.name, pipeline: pipeline,
                from: try mailbox(
                    channel.from ?? "steadymail@\(hostname)",
                    key: "\(key).from"), to: try mailbox(to, key: "\(key).to"))
        }
    }

    private static func url(_ channel: AlertChannelConfiguration, key: String) throws -> WebhookURL {
        guard let text = channel.url else { throw ConfigError(key: "\(key).url", message: "required") }
        switch WebhookURL.parse(text) {
        case .success(let url): return url
        case .failure(let error): throw ConfigError(key: "\(key).url", message: error.reason)
        }
    }

    private static func mailbox(_ text: String, key: String) throws -> Mailbox {
        do {
            return try Mailbox(parsing: text)
        } catch {
            throw ConfigError(key: key, message: "not an address: \(error)")
        }
    }
}
