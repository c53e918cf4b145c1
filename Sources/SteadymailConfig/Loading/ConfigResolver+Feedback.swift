import Foundation

/// Resolution of the `feedback:` and `reputation:` sections.
extension ConfigResolver {
    /// The feedback section; its bounce and unsubscribe domains become local domains of the SMTP intake.
    func resolveFeedback(_ raw: RawFeedback?) throws(ConfigError) -> FeedbackConfiguration {
        let bounceDomain = try localDomain(raw?.bounceDomain, key: "feedback.bounce_domain")
        let unsubscribeDomain = try localDomain(raw?.unsubscribeDomain, key: "feedback.unsubscribe_domain")
        let certificateFiles = try (raw?.ses?.certificateFiles ?? []).enumerated().map {
            (index, path) throws(ConfigError) in
            try readableFile(path, key: "feedback.ses.certificate_files[\(index)]")
        }
        let sendgridKey = nonEmpty(raw?.sendgrid?.publicKey)
        if let sendgridKey, Data(base64Encoded: sendgridKey) == nil {
            throw fail("feedback.sendgrid.public_key", "must be the base64 verification key from SendGrid's settings")
        }
        let mailgunKey = try secret(
            inline: raw?.mailgun?.signingKey, key: "feedback.mailgun.signing_key",
            variableName: raw?.mailgun?.signingKeyEnv, envKey: "feedback.mailgun.signing_key_env")
        let postmark: FeedbackConfiguration.Postmark?
        switch (nonEmpty(raw?.postmark?.username), nonEmpty(raw?.postmark?.passwordHash)) {
        case (nil, nil): postmark = nil
        case (let user?, let hash?):
            guard hash.hasPrefix("$") else {
                throw fail("feedback.postmark.password_hash", "must be a hash made by `steadymail hash-password`")
            }
            postmark = FeedbackConfiguration.Postmark(username: user, passwordHash: hash)
        case (nil, _): throw fail("feedback.postmark.username", "is required with password_hash")
        case (_, nil): throw fail("feedback.postmark.password_hash", "is required with username")
        }
        return FeedbackConfiguration(
            bounceDomain: bounceDomain, unsubscribeDomain: unsubscribeDomain,
            softBounceLimit: try count(raw?.softBounceLimit, key: "feedback.soft_bounce_limit", default: 3),
            webhookMaxAge: try duration(raw?.webhookMaxAge, key: "feedback.webhook_max_age", default: "5m"),
            ses: FeedbackConfiguration.SES(
                enabled: raw?.ses?.enabled ?? false, certificateFiles: certificateFiles,
                topicARNs: raw?.ses?.topicARNs ?? []),
            sendgridPublicKey: sendgridKey, mailgunSigningKey: mailgunKey, postmark: postmark)
    }

    func resolveReputation(_ raw: RawReputation?) throws(ConfigError) -> ReputationConfiguration {
        let complaintWarn = try share(raw?.complaintWarn, key: "reputation.complaint_warn", default: 0.001)
        let complaintPause = try share(raw?.complaintPause, key: "reputation.complaint_pause", default: 0.002)
        guard complaintWarn <= complaintPause else {
            throw fail("reputation.complaint_warn", "must not be above reputation.complaint_pause")
        }
        return ReputationConfiguration(
            window: try duration(raw?.window, key: "reputation.window", default: "24h"),
            checkInterval: try duration(raw?.checkInterval, key: "reputation.check_interval", default: "30s"),
            hardBouncePause: try share(raw?.hardBouncePause, key: "reputation.hard_bounce_pause", default: 0.05),
            hardBounceMinAttempts: try count(
                raw?.hardBounceMinAttempts, key: "reputation.hard_bounce_min_attempts", default: 200),
            complaintWarn: complaintWarn, complaintPause: complaintPause,
            complaintMinDelivered: try count(
                raw?.complaintMinDelivered, key: "reputation.complaint_min_delivered", default: 1000))
    }

    /// A domain name that Steadymail receives mail for, lowercased; nil when absent.
    private func localDomain(_ text: String?, key: String) throws(ConfigError) -> String? {
        guard let text = nonEmpty(text) else { return nil }
        guard let domain = DomainNameSyntax.normalise(text) else {
            throw fail(key, "\"\(text)\" is not a valid domain name")
        }
        return domain
    }

    /// A share strictly between 0 and 1, written as a fraction (0.05 is 5%).
    private func share(_ value: Double?, key: String, default defaultValue: Double) throws(ConfigError) -> Double {
        let value = value ?? defaultValue
        guard value.isFinite, value > 0, value < 1 else {
            throw fail(key, "must be a fraction between 0 and 1, such as 0.05 for 5%")
        }
        return value
    }
}
