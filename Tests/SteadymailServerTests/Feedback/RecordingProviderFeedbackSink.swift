import SteadymailDomain

@testable import SteadymailServer

/// A feedback sink that keeps every event it is given (or fails, to stand in for a storage failure), for the provider
/// webhook tests.
actor RecordingProviderFeedbackSink: FeedbackSink {
    struct StorageDown: Error {}

    private(set) var events: [FeedbackEvent] = []
    private var failing = false

    func fail(_ failing: Bool) { self.failing = failing }

    func record(_ event: FeedbackEvent) async throws -> FeedbackResult {
        if failing { throw StorageDown() }
        events.append(event)
        return .recorded
    }
}
