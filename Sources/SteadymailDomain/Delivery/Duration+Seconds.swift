import Foundation

extension Duration {
    /// The duration in seconds as a floating-point number, for arithmetic with `Date` and `Double` factors.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
