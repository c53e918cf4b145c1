import CryptoExtras
import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain
import X509

/// The RSA keys trusted to sign SNS messages: the certificates of `feedback.ses.certificate_files`, or else the
/// certificate a message's `SigningCertURL` names, fetched from AWS and kept by URL.
///
/// It exists so that a forged message cannot choose its own key: with pinned certificates no URL is ever fetched,
/// and without them only `https://sns.<region>.amazonaws.com/....pem` is (any other URL is refused before anything
/// is dialled), through the same SSRF-vetted client as outgoing webhooks.
actor SNSCertificates {
    /// Keys by URL kept at most; SNS rotates its certificate rarely, so a few cover every region in use.
    static let cacheLimit = 32
    /// The largest certificate read.
    static let certificateSizeLimit = 16 * 1024

    private let pinned: [_RSA.Signing.PublicKey]?
    private let fetcher: (any SNSFetching)?
    private var cache: [String: _RSA.Signing.PublicKey] = [:]

    /// Whether keys come from AWS (no pinned certificates): only then are confirmation URLs visited.
    nonisolated let fetchesFromAWS: Bool

    init(pinned: [_RSA.Signing.PublicKey]) {
        self.pinned = pinned
        self.fetcher = nil
        self.fetchesFromAWS = false
    }

    init(fetcher: any SNSFetching) {
        self.pinned = nil
        self.fetcher = fetcher
        self.fetchesFromAWS = true
    }

    /// The pinned certificates of `configuration`, or nil when none are configured; a file that is not a PEM RSA
    /// certificate stops start-up naming its key.
    static func pinnedKeys(_ configuration: FeedbackConfiguration.SES) throws -> [_RSA.Signing.PublicKey]? {
        guard !configuration.certificateFiles.isEmpty else { return nil }
        return try configuration.certificateFiles.enumerated().map { index, path in
            let key = "feedback.ses.certificate_files[\(index)]"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                let certificate = try? Certificate(pemEncoded: text)
            else { throw ConfigError(key: key, message: "\(path) is not a PEM certificate") }
            guard let rsa = _RSA.Signing.PublicKey(certificate.publicKey) else {
                throw ConfigError(key: key, message: "\(path) does not hold an RSA key")
            }
            return rsa
        }
    }

    /// The keys to try for a message signed with the certificate at `url`.
    func keys(for url: String) async throws(APIError) -> [_RSA.Signing.PublicKey] {
        if let pinned { return pinned }
        guard let fetcher, SNSEnvelope.isAWSEndpoint(url, pathSuffix: ".pem"),
            case .success(let parsed) = WebhookURL.parse(url)
        else {
            throw APIError(
                .unauthorized, code: "invalid_signature",
                message: "SigningCertURL is not an https .pem URL on sns.<region>.amazonaws.com")
        }
        if let key = cache[url] { return [key] }
        let answer: WebhookHTTPClient.Response
        do {
            answer = try await fetcher.get(parsed, bodyLimit: Self.certificateSizeLimit)
        } catch {
            throw APIError(
                .serviceUnavailable, code: "certificate_unavailable", message: "cannot fetch the SNS certificate")
        }
        guard answer.status == 200,
            let certificate = try? Certificate(pemEncoded: String(decoding: answer.body, as: UTF8.self)),
            let key = _RSA.Signing.PublicKey(certificate.publicKey)
        else {
            throw APIError(
                .serviceUnavailable, code: "certificate_unavailable",
                message: "the SNS certificate URL did not answer with an RSA certificate")
        }
        if cache.count >= Self.cacheLimit { cache.removeAll() }
        cache[url] = key
        return [key]
    }
}
