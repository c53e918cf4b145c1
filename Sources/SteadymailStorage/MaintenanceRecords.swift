import Foundation

/// The messages received in one hour, for the off-peak planner's history.
///
/// It exists so that the planner reads four weeks of traffic as at most 672 small rows instead of every message.
public struct HourlyVolume: Sendable, Equatable {
    /// The start of the hour (a whole hour since 1970, UTC).
    public var hourStart: Date
    /// Messages whose arrival falls in the hour.
    public var messages: Int

    public init(hourStart: Date, messages: Int) {
        self.hourStart = hourStart
        self.messages = messages
    }
}
