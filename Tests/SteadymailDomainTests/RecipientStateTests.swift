import Testing

@testable import SteadymailDomain

@Suite struct RecipientStateTests {
    @Test func finalStatesHaveNoSuccessors() {
        for state in RecipientState.allCases where state.isFinal {
            #expect(state.successors.isEmpty)
        }
    }

    @Test func deliveryPathIsAllowed() {
        #expect(RecipientState.queued.canMove(to: .inFlight))
        #expect(RecipientState.inFlight.canMove(to: .delivered))
        #expect(RecipientState.inFlight.canMove(to: .deferred))
        #expect(RecipientState.deferred.canMove(to: .inFlight))
    }

    @Test func forbiddenMovesAreRefused() {
        #expect(!RecipientState.queued.canMove(to: .delivered))
        #expect(!RecipientState.delivered.canMove(to: .queued))
        #expect(!RecipientState.bounced.canMove(to: .inFlight))
        #expect(!RecipientState.queued.canMove(to: .bounced))
    }

    @Test func operatorMovesAreAllowed() {
        #expect(RecipientState.queued.canMove(to: .held))
        #expect(RecipientState.deferred.canMove(to: .held))
        #expect(RecipientState.held.successors == [.queued, .expired])
        #expect(!RecipientState.held.isFinal)
    }

    @Test func onlyWaitingRecipientsCanBeHeld() {
        let holdable = RecipientState.allCases.filter { $0.canMove(to: .held) }
        #expect(holdable == [.queued, .deferred])
        #expect(!RecipientState.held.canMove(to: .inFlight))
        #expect(!RecipientState.held.canMove(to: .deferred))
    }

    @Test func rawValuesAreTheDocumentedNames() {
        #expect(
            RecipientState.allCases.map(\.rawValue) == [
                "queued", "in_flight", "deferred", "held", "delivered", "bounced", "expired",
            ])
    }
}

@Suite struct QueueIDTests {
    @Test func idsSortByTime() {
        let early = QueueID.make(millisecondsSince1970: 1_700_000_000_000)
        let late = QueueID.make(millisecondsSince1970: 1_700_000_000_001)
        #expect(early < late)
        #expect(early.rawValue.count == 20)
    }

    @Test func parsingRefusesGarbage() {
        #expect(QueueID("short") == nil)
        #expect(QueueID("0123456789ABCDEFGHIU") == nil)
        let id = QueueID.make(millisecondsSince1970: 42)
        #expect(QueueID(id.rawValue.lowercased()) == id)
    }
}
