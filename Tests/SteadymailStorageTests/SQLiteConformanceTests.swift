import Testing

@Suite("SQLite queue store conformance")
struct SQLiteConformanceTests {
    @Test func enqueueThenRead() async throws {
        try await withSQLiteStore(QueueStoreConformance.enqueueThenRead)
    }

    @Test func unknownMessageReadsAsNil() async throws {
        try await withSQLiteStore(QueueStoreConformance.unknownMessageReadsAsNil)
    }

    @Test func batchWithDuplicateStoresNothing() async throws {
        try await withSQLiteStore(QueueStoreConformance.batchWithDuplicateStoresNothing)
    }

    @Test func duplicateIDIsConflict() async throws {
        try await withSQLiteStore(QueueStoreConformance.duplicateIDIsConflict)
    }

    @Test func countsByStateAndPriority() async throws {
        try await withSQLiteStore(QueueStoreConformance.countsByStateAndPriority)
    }

    @Test func filters() async throws {
        try await withSQLiteStore(QueueStoreConformance.filters)
    }

    @Test func messageDetail() async throws {
        try await withSQLiteStore(QueueStoreConformance.messageDetail)
    }

    @Test func claimOrdersByPriorityThenAge() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimOrdersByPriorityThenAge)
    }

    @Test func claimRespectsLimit() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimRespectsLimit)
    }

    @Test func claimSkipsDeferredNotDueAndInFlight() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimSkipsDeferredNotDueAndInFlight)
    }

    @Test func leaseExpiryReturnsRecipientsToQueue() async throws {
        try await withSQLiteStore(QueueStoreConformance.leaseExpiryReturnsRecipientsToQueue)
    }

    @Test func applyRecordsOutcomes() async throws {
        try await withSQLiteStore(QueueStoreConformance.applyRecordsOutcomes)
    }

    @Test func applyRejectsWrongOwner() async throws {
        try await withSQLiteStore(QueueStoreConformance.applyRejectsWrongOwner)
    }

    @Test func applyIsAllOrNothing() async throws {
        try await withSQLiteStore(QueueStoreConformance.applyIsAllOrNothing)
    }

    @Test func claimOrdersByDeadlineWithinPriority() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimOrdersByDeadlineWithinPriority)
    }

    @Test func claimOnlyGivenPriorities() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimOnlyGivenPriorities)
    }

    @Test func deferredRecordsAttemptsAndNextAttempt() async throws {
        try await withSQLiteStore(QueueStoreConformance.deferredRecordsAttemptsAndNextAttempt)
    }

    @Test func queuedTransitionCanRefundTheAttempt() async throws {
        try await withSQLiteStore(QueueStoreConformance.queuedTransitionCanRefundTheAttempt)
    }

    @Test func envelopeWithoutEvents() async throws {
        try await withSQLiteStore(QueueStoreConformance.envelopeWithoutEvents)
    }

    @Test func nextAttemptTimeFollowsTheQueue() async throws {
        try await withSQLiteStore(QueueStoreConformance.nextAttemptTimeFollowsTheQueue)
    }

    @Test func nextExpiryTimeIsTheEarliestLimit() async throws {
        try await withSQLiteStore(QueueStoreConformance.nextExpiryTimeIsTheEarliestLimit)
    }

    @Test func expireDueByDeadlineAndAge() async throws {
        try await withSQLiteStore(QueueStoreConformance.expireDueByDeadlineAndAge)
    }

    @Test func retryNowMakesDeferredRecipientsDue() async throws {
        try await withSQLiteStore(QueueStoreConformance.retryNowMakesDeferredRecipientsDue)
    }

    @Test func releaseLeasesOfOneOwner() async throws {
        try await withSQLiteStore(QueueStoreConformance.releaseLeasesOfOneOwner)
    }

    @Test func finishedAtIsTheLastFinalChange() async throws {
        try await withSQLiteStore(QueueStoreConformance.finishedAtIsTheLastFinalChange)
    }

    @Test func operatorDeleteFinishesAMessage() async throws {
        try await withSQLiteStore(QueueStoreConformance.operatorDeleteFinishesAMessage)
    }

    @Test func pruneBodiesKeepsTheRestOfTheMessage() async throws {
        try await withSQLiteStore(QueueStoreConformance.pruneBodiesKeepsTheRestOfTheMessage)
    }

    @Test func pruneMessagesDeletesOnlyFinishedMessages() async throws {
        try await withSQLiteStore(QueueStoreConformance.pruneMessagesDeletesOnlyFinishedMessages)
    }

    @Test func pruningFollowsTheRetentionPolicy() async throws {
        try await withSQLiteStore(QueueStoreConformance.pruningFollowsTheRetentionPolicy)
    }

    @Test func reclaimSpaceNeverFails() async throws {
        try await withSQLiteStore(QueueStoreConformance.reclaimSpaceNeverFails)
    }

    @Test func holdActsOnExactlyTheSelectedWaitingRecipients() async throws {
        try await withSQLiteStore(QueueStoreConformance.holdActsOnExactlyTheSelectedWaitingRecipients)
    }

    @Test func heldRecipientsAreNeitherClaimedNorExpired() async throws {
        try await withSQLiteStore(QueueStoreConformance.heldRecipientsAreNeitherClaimedNorExpired)
    }

    @Test func releaseMakesHeldRecipientsDueAtOnce() async throws {
        try await withSQLiteStore(QueueStoreConformance.releaseMakesHeldRecipientsDueAtOnce)
    }

    @Test func releasedRecipientsPastTheirLifetimeExpire() async throws {
        try await withSQLiteStore(QueueStoreConformance.releasedRecipientsPastTheirLifetimeExpire)
    }

    @Test func deleteExpiresExactlyTheSelectedRecipients() async throws {
        try await withSQLiteStore(QueueStoreConformance.deleteExpiresExactlyTheSelectedRecipients)
    }

    @Test func tagsAreStoredOnceWithTheirSpelling() async throws {
        try await withSQLiteStore(QueueStoreConformance.tagsAreStoredOnceWithTheirSpelling)
    }

    @Test func senderSelectsByEnvelopeSender() async throws {
        try await withSQLiteStore(QueueStoreConformance.senderSelectsByEnvelopeSender)
    }

    @Test func relaySelectsByTheLastAttempt() async throws {
        try await withSQLiteStore(QueueStoreConformance.relaySelectsByTheLastAttempt)
    }

    @Test func survivesCloseAndReopen() async throws {
        try await withSQLiteFactory(QueueStoreConformance.survivesCloseAndReopen)
    }

    @Test func readOnlyCanReadButNotWrite() async throws {
        try await withSQLiteFactory(QueueStoreConformance.readOnlyCanReadButNotWrite)
    }
}

extension SQLiteConformanceTests {
    @Test func warnDelayedOncePerRecipient() async throws {
        try await withSQLiteStore(QueueStoreConformance.warnDelayedOncePerRecipient)
    }

    @Test func warnDelayedHonoursTheLimit() async throws {
        try await withSQLiteStore(QueueStoreConformance.warnDelayedHonoursTheLimit)
    }
}

extension SQLiteConformanceTests {
    @Test func apiKeysAreStoredListedAndRevoked() async throws {
        try await withSQLiteStore(QueueStoreConformance.apiKeysAreStoredListedAndRevoked)
    }
}

extension SQLiteConformanceTests {
    @Test func metadataIsStoredWithTheMessage() async throws {
        try await withSQLiteStore(QueueStoreConformance.metadataIsStoredWithTheMessage)
    }

    @Test func idempotentAnswerIsStoredWithTheMessage() async throws {
        try await withSQLiteStore(QueueStoreConformance.idempotentAnswerIsStoredWithTheMessage)
    }

    @Test func liveIdempotencyKeyRefusesTheWholeBatch() async throws {
        try await withSQLiteStore(QueueStoreConformance.liveIdempotencyKeyRefusesTheWholeBatch)
    }

    @Test func anIdempotencyRecordInAFailedBatchIsNotKept() async throws {
        try await withSQLiteStore(QueueStoreConformance.anIdempotencyRecordInAFailedBatchIsNotKept)
    }

    @Test func expiredIdempotencyKeyIsReplaced() async throws {
        try await withSQLiteStore(QueueStoreConformance.expiredIdempotencyKeyIsReplaced)
    }

    @Test func pruneIdempotencyRemovesOnlyExpiredRecords() async throws {
        try await withSQLiteStore(QueueStoreConformance.pruneIdempotencyRemovesOnlyExpiredRecords)
    }
}

extension SQLiteConformanceTests {
    @Test func messagesAreListedNewestFirstWithTheirRecipients() async throws {
        try await withSQLiteStore(QueueStoreConformance.messagesAreListedNewestFirstWithTheirRecipients)
    }

    @Test func messageFiltersMatchExactly() async throws {
        try await withSQLiteStore(QueueStoreConformance.messageFiltersMatchExactly)
    }

    @Test func pagesCoverEveryMatchOnce() async throws {
        try await withSQLiteStore(QueueStoreConformance.pagesCoverEveryMatchOnce)
    }

    @Test func newMailDoesNotShiftLaterPages() async throws {
        try await withSQLiteStore(QueueStoreConformance.newMailDoesNotShiftLaterPages)
    }

    @Test func waitingRecipientsAreCountedByTheirLastRelay() async throws {
        try await withSQLiteStore(QueueStoreConformance.waitingRecipientsAreCountedByTheirLastRelay)
    }

    @Test func oldestWaitingArrivalIgnoresFinishedHeldAndInFlight() async throws {
        try await withSQLiteStore(QueueStoreConformance.oldestWaitingArrivalIgnoresFinishedHeldAndInFlight)
    }
}

extension SQLiteConformanceTests {
    @Test func webhooksAreStoredListedAndRemoved() async throws {
        try await withSQLiteStore(QueueStoreConformance.webhooksAreStoredListedAndRemoved)
    }

    @Test func subscribedEventsEnterTheOutboxWithTheirChange() async throws {
        try await withSQLiteStore(QueueStoreConformance.subscribedEventsEnterTheOutboxWithTheirChange)
    }

    @Test func operationsAndTimersAnnounceTheirEvents() async throws {
        try await withSQLiteStore(QueueStoreConformance.operationsAndTimersAnnounceTheirEvents)
    }

    @Test func webhookClaimsKeepEachMessageInOrder() async throws {
        try await withSQLiteStore(QueueStoreConformance.webhookClaimsKeepEachMessageInOrder)
    }

    @Test func leasedWebhookEntriesWaitForTheirLease() async throws {
        try await withSQLiteStore(QueueStoreConformance.leasedWebhookEntriesWaitForTheirLease)
    }

    @Test func webhookEntriesAreGivenUpAfterMaxAge() async throws {
        try await withSQLiteStore(QueueStoreConformance.webhookEntriesAreGivenUpAfterMaxAge)
    }

    @Test func removingAWebhookDropsWhatItIsOwed() async throws {
        try await withSQLiteStore(QueueStoreConformance.removingAWebhookDropsWhatItIsOwed)
    }

    @Test func pruningAMessageRemovesItsOutboxEntries() async throws {
        try await withSQLiteStore(QueueStoreConformance.pruningAMessageRemovesItsOutboxEntries)
    }
}

extension SQLiteConformanceTests {
    @Test func claimedRecipientsNameTheirAPIKey() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimedRecipientsNameTheirAPIKey)
    }
}
