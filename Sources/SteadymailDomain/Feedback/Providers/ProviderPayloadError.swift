/// Why a provider's webhook body could not be read: not JSON, or a required field missing or of the wrong type.
///
/// It exists so that the intake endpoint answers such a body with a 400 naming the fault, distinct from a signature
/// that does not verify (401) and from a storage failure (503, so the provider retries).
public struct ProviderPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
