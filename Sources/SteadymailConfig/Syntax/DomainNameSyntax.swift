/// Validates and normalises a DNS domain name for `smtp.local_domains`.
///
/// It exists so that the intake can compare recipient domains with plain string equality: names are lowercased and a
/// trailing dot is dropped.
enum DomainNameSyntax {
    /// The normalised name, or nil when it is not a valid host name (labels of 1-63 letters, digits and inner hyphens,
    /// 253 characters at most).
    static func normalise(_ text: String) -> String? {
        var name = text.lowercased()
        if name.hasSuffix(".") {
            name.removeLast()
        }
        guard !name.isEmpty, name.utf8.count <= 253 else { return nil }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { return nil }
        }
        return name
    }
}
