/// One row of the failure classification table: a condition on an observation and the class it yields.
///
/// It exists so that the classifier is data that tests and operators can print and review row by row, rather than
/// branching logic. Every condition left nil matches anything; all given conditions must hold.
public struct ClassificationRule: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// The observation kinds this row applies to.
    public var kinds: Set<DeliveryObservation.Kind.Tag>?
    public var stages: Set<DeliveryStage>?
    /// The reply codes this row applies to; implies a reply.
    public var codes: ClosedRange<Int>?
    /// Enhanced status codes, exact (`5.7.26`) or a whole class (`5.1.*`); implies a reply carrying one of them.
    public var enhanced: [String]?
    /// Case-insensitive fragments, any of which in the reply text matches; implies a reply.
    public var textContains: [String]?
    /// When true, the row applies only to a reply shared by every recipient across at least two domains.
    public var uniformAcrossDomains: Bool?
    /// The class this row yields. For `.recipientPermanent` the status is a fallback: the reply's own enhanced code
    /// replaces it when it has the same subject (`5.1.x`), or always when the fallback is `5.0.0`.
    public var result: FailureClass

    public init(
        _ name: String, kinds: Set<DeliveryObservation.Kind.Tag>? = nil, stages: Set<DeliveryStage>? = nil,
        codes: ClosedRange<Int>? = nil, enhanced: [String]? = nil, textContains: [String]? = nil,
        uniformAcrossDomains: Bool? = nil, result: FailureClass
    ) {
        self.name = name
        self.kinds = kinds
        self.stages = stages
        self.codes = codes
        self.enhanced = enhanced
        self.textContains = textContains
        self.uniformAcrossDomains = uniformAcrossDomains
        self.result = result
    }

    public func matches(_ observation: DeliveryObservation) -> Bool {
        if let kinds, !kinds.contains(observation.kind.tag) { return false }
        if let stages, !stages.contains(observation.stage) { return false }
        if let uniformAcrossDomains, uniformAcrossDomains != observation.isUniformAcrossDomains { return false }
        guard codes != nil || enhanced != nil || textContains != nil else { return true }
        guard case .reply(let code, let replyEnhanced, let text) = observation.kind else { return false }
        if let codes, !codes.contains(code) { return false }
        if let enhanced {
            guard let replyEnhanced, enhanced.contains(where: { Self.enhanced(replyEnhanced, matches: $0) }) else {
                return false
            }
        }
        if let textContains {
            let lowered = text.lowercased()
            guard textContains.contains(where: { lowered.contains($0) }) else { return false }
        }
        return true
    }

    private static func enhanced(_ code: String, matches pattern: String) -> Bool {
        guard pattern.hasSuffix(".*") else { return code == pattern }
        return code.hasPrefix(pattern.dropLast())
    }

    public var description: String {
        var parts: [String] = []
        if let kinds { parts.append("kind ∈ {\(kinds.map(\.rawValue).sorted().joined(separator: ", "))}") }
        if let stages { parts.append("stage ∈ {\(stages.map(\.rawValue).sorted().joined(separator: ", "))}") }
        if let codes { parts.append("code \(codes.lowerBound)...\(codes.upperBound)") }
        if let enhanced { parts.append("enhanced ∈ {\(enhanced.joined(separator: ", "))}") }
        if let textContains { parts.append("text ∋ {\(textContains.joined(separator: " | "))}") }
        if let uniformAcrossDomains { parts.append("uniform across domains = \(uniformAcrossDomains)") }
        let condition = parts.isEmpty ? "always" : parts.joined(separator: ", ")
        return "\(name): \(condition) → \(result)"
    }
}
