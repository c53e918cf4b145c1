import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct ReadinessTests {
    @Test func readyOnlyWhenWritableWithDiskSpaceAndNotDraining() {
        #expect(Readiness(draining: false, storageWritable: true, diskSpaceAvailable: true).isReady)
        #expect(Readiness(draining: false, storageWritable: true, diskSpaceAvailable: true).reasons == [])
        #expect(Readiness(draining: true, storageWritable: true, diskSpaceAvailable: true).reasons == [.draining])
        #expect(
            Readiness(draining: false, storageWritable: false, diskSpaceAvailable: true).reasons
                == [.storageNotWritable])
        #expect(
            Readiness(draining: false, storageWritable: true, diskSpaceAvailable: false).reasons == [.diskSpaceLow])
        let everything = Readiness(draining: true, storageWritable: false, diskSpaceAvailable: false)
        #expect(!everything.isReady)
        #expect(everything.reasons.map(\.rawValue) == ["draining", "storage_not_writable", "disk_space_low"])
    }

    @Test func drainingIsSetOnceAndStays() {
        let drain = DrainState()
        #expect(!drain.isDraining)
        drain.begin()
        drain.begin()
        #expect(drain.isDraining)
    }

    /// A fresh SQLite store in its own directory, removed when `body` returns.
    static func withStore(_ body: (SQLiteQueueStore, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ready-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("queue.sqlite").path
        let store = try SQLiteQueueStore(path: path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await body(store, directory.path)
    }

    static func check(
        _ store: any QueueStore, disk: DiskSpaceMonitor? = nil, drain: DrainState = DrainState(),
        interval: Duration = .milliseconds(1)
    ) -> ReadinessCheck {
        ReadinessCheck(store: store, disk: disk, drain: drain, probeInterval: interval, logger: Logger(label: "test"))
    }

    @Test func aWritableStoreWithSpaceIsReadyUntilDraining() async throws {
        try await Self.withStore { store, directory in
            let disk = DiskSpaceMonitor(
                path: directory, minimumFreeBytes: 0, minimumFreePercent: 0, interval: .seconds(60),
                logger: Logger(label: "test"))
            let drain = DrainState()
            let check = Self.check(store, disk: disk, drain: drain)
            #expect(await check.evaluate().isReady)
            drain.begin()
            #expect(await check.evaluate().reasons == [.draining])
        }
    }

    @Test func aStoreThatCannotWriteIsNotReady() async throws {
        try await Self.withStore { store, directory in
            let readOnly = try SQLiteQueueStore.openReadOnly(path: directory + "/queue.sqlite")
            defer { try? readOnly.close() }
            #expect(await Self.check(readOnly).evaluate().reasons == [.storageNotWritable])
        }
    }

    @Test func freeDiskBelowTheMinimumIsNotReady() async throws {
        try await Self.withStore { store, directory in
            let full = DiskSpaceMonitor(
                path: directory, minimumFreeBytes: Int.max, minimumFreePercent: 0, interval: .seconds(60),
                logger: Logger(label: "test"))
            #expect(await Self.check(store, disk: full).evaluate().reasons == [.diskSpaceLow])
        }
    }

    @Test func oneProbeAnswersForTheWholeInterval() async throws {
        try await Self.withStore { store, _ in
            let cached = Self.check(store, interval: .seconds(3600))
            let fresh = Self.check(store, interval: .milliseconds(1))
            #expect(await cached.evaluate().isReady)
            #expect(await fresh.evaluate().isReady)
            try store.close()
            try await Task.sleep(for: .milliseconds(5))
            #expect(await cached.evaluate().isReady, "within the interval the last probe's result stands")
            #expect(await fresh.evaluate().reasons == [.storageNotWritable], "after it, a new probe finds the failure")
        }
    }
}
