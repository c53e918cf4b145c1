import Foundation

/// The ratios of a campaign report: delivered and bounced of what was sent; unique opens, unique clicks and
/// complaints of what was delivered. Each is nil while its denominator is zero.
///
/// It exists so that every front door divides by the same thing and nothing divides by zero.
public struct CampaignRates: Sendable, Equatable {
    public var delivery: Double?
    public var bounce: Double?
    public var uniqueOpen: Double?
    public var click: Double?
    public var complaint: Double?

    public init(sent: Int, delivered: Int, bounced: Int, uniqueOpens: Int, uniqueClicks: Int, complaints: Int) {
        delivery = Self.ratio(delivered, of: sent)
        bounce = Self.ratio(bounced, of: sent)
        uniqueOpen = Self.ratio(uniqueOpens, of: delivered)
        click = Self.ratio(uniqueClicks, of: delivered)
        complaint = Self.ratio(complaints, of: delivered)
    }

    /// `part / whole`, nil when `whole` is not positive.
    public static func ratio(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    /// A ratio as a percentage with one decimal (`97.5%`), `-` for none.
    public static func percent(_ ratio: Double?) -> String {
        guard let ratio else { return "-" }
        return String(format: "%.1f%%", ratio * 100)
    }
}
