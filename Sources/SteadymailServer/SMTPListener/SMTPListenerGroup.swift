import ServiceLifecycle

/// All SMTP listeners of a node, run as one service.
///
/// It exists so that on graceful shutdown every listener stops accepting at the same moment and they drain their
/// sessions side by side, rather than one after another as separate services in a group would.
public struct SMTPListenerGroup: Service {
    let listeners: [SMTPListener]

    public init(_ listeners: [SMTPListener]) {
        self.listeners = listeners
    }

    /// Binds every listener, so a taken port fails start-up before any service runs.
    public func bind() async throws {
        for listener in listeners { try await listener.bind() }
    }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for listener in listeners {
                group.addTask { try await listener.run() }
            }
        }
    }
}
