/// The `lists:` section: how the confirmation mail of a double opt-in list is sent and how long its link lives.
///
/// It exists so that the confirmation sender receives its address, subject and link lifetime parsed and checked.
public struct ListsConfiguration: Sendable, Equatable {
    /// How long a confirmation link stays valid.
    public var confirmationTTL: Duration
    /// The From address and envelope sender of confirmation mails; nil means `noreply@<smtp.hostname>`.
    public var confirmationFrom: String?
    public var confirmationSubject: String

    public init(
        confirmationTTL: Duration = .seconds(7 * 86_400), confirmationFrom: String? = nil,
        confirmationSubject: String = "Please confirm your subscription"
    ) {
        self.confirmationTTL = confirmationTTL
        self.confirmationFrom = confirmationFrom
        self.confirmationSubject = confirmationSubject
    }
}
