import SteadymailDomain

/// Resolution of the `lists:` section.
extension ConfigResolver {
    func resolveLists(_ raw: RawLists?, hostname: String) throws(ConfigError) -> ListsConfiguration {
        let from = nonEmpty(raw?.confirmationFrom) ?? "noreply@\(hostname)"
        let mailbox: String
        do {
            mailbox = try Mailbox(parsing: from).description
        } catch {
            throw fail("lists.confirmation_from", "\"\(from)\" is not a valid address: \(error)")
        }
        let subject = raw?.confirmationSubject ?? "Please confirm your subscription"
        guard !subject.isEmpty, subject.count <= 200,
            !subject.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw fail("lists.confirmation_subject", "must be one line of 1 to 200 characters")
        }
        return ListsConfiguration(
            confirmationTTL: try duration(raw?.confirmationTTL, key: "lists.confirmation_ttl", default: "7d"),
            confirmationFrom: mailbox, confirmationSubject: subject)
    }
}
