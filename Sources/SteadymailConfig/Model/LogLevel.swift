/// The log levels an operator may choose, named as swift-log names them.
///
/// It exists so that the configuration layer can validate `log_level` without depending on swift-log; the server maps
/// it onto `Logger.Level` by raw value.
public enum LogLevel: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}
