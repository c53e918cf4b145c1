import GRDB

/// The versioned schema of the SQLite queue. It exists so that a database file created by an older Steadymail is
/// brought forward in place, each migration recorded once in `grdb_migrations`.
///
/// Times are integer milliseconds since 1970. `recipients` repeats the message's priority rank, deadline and arrival
/// time so that claiming reads one index in delivery order.
enum QueueSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE messages (
                        id TEXT PRIMARY KEY NOT NULL,
                        sender TEXT NOT NULL,
                        priority TEXT NOT NULL,
                        deliver_by INTEGER,
                        received_at INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        origin TEXT NOT NULL,
                        submitter TEXT,
                        headers TEXT NOT NULL,
                        content BLOB NOT NULL
                    );
                    CREATE TABLE recipients (
                        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        idx INTEGER NOT NULL,
                        recipient TEXT NOT NULL,
                        domain TEXT NOT NULL,
                        state TEXT NOT NULL,
                        priority_rank INTEGER NOT NULL,
                        received_at INTEGER NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER,
                        lease_owner TEXT,
                        lease_until INTEGER,
                        last_reply TEXT,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (message_id, idx)
                    );
                    CREATE INDEX recipients_claim_order ON recipients(state, priority_rank, received_at);
                    CREATE INDEX recipients_due ON recipients(state, next_attempt_at);
                    CREATE INDEX recipients_lease ON recipients(state, lease_until);
                    CREATE INDEX recipients_domain ON recipients(domain);
                    CREATE INDEX messages_received_at ON messages(received_at);
                    CREATE TABLE events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        recipient_idx INTEGER,
                        time INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        relay TEXT,
                        reply TEXT,
                        note TEXT
                    );
                    CREATE INDEX events_message ON events(message_id, time, id);
                    """)
        }
        migrator.registerMigration("v2") { db in
            // `deadline_order` repeats the message's deliver_by, or the largest integer when there is none, so that one
            // index yields claim order (priority, deadline with none last, arrival) and expiry finds the earliest
            // deadline without touching recipients that have none.
            try db.execute(
                sql: """
                    ALTER TABLE recipients
                        ADD COLUMN deadline_order INTEGER NOT NULL DEFAULT 9223372036854775807;
                    UPDATE recipients
                    SET deadline_order = (SELECT m.deliver_by FROM messages m WHERE m.id = recipients.message_id)
                    WHERE message_id IN (SELECT id FROM messages WHERE deliver_by IS NOT NULL);
                    DROP INDEX recipients_claim_order;
                    CREATE INDEX recipients_claim_order_v2
                        ON recipients(state, priority_rank, deadline_order, received_at, message_id, idx);
                    CREATE INDEX recipients_deadline ON recipients(state, deadline_order);
                    CREATE INDEX recipients_age ON recipients(state, received_at);
                    """)
        }
        migrator.registerMigration("v3_hold_tags_relay") { db in
            // Operator queue operations select recipients by tag (`message_tags`, read through `message_tags_tag`), by
            // envelope sender (`messages_sender`, ASCII case-insensitive) and by the relay of their last attempt
            // (`last_relay`, filled from the event log for recipients still waiting, read through
            // `recipients_last_relay`). The new `held` state needs no schema change: state columns are text.
            try db.execute(
                sql: """
                    CREATE TABLE message_tags (
                        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        tag TEXT NOT NULL COLLATE NOCASE,
                        PRIMARY KEY (message_id, tag)
                    );
                    CREATE INDEX message_tags_tag ON message_tags(tag, message_id);
                    CREATE INDEX messages_sender ON messages(sender COLLATE NOCASE);
                    ALTER TABLE recipients ADD COLUMN last_relay TEXT;
                    UPDATE recipients
                    SET last_relay = (
                        SELECT e.relay FROM events e
                        WHERE e.message_id = recipients.message_id AND e.recipient_idx = recipients.idx
                            AND e.relay IS NOT NULL
                        ORDER BY e.time DESC, e.id DESC LIMIT 1)
                    WHERE state IN ('queued', 'in_flight', 'deferred');
                    CREATE INDEX recipients_last_relay ON recipients(last_relay, state);
                    """)
        }
        migrator.registerMigration("v5_delay_warning") { db in
            // `delay_warned` is set once a recipient's sender was told it is delayed; the partial index holds only the
            // undelivered recipients not yet warned about, so the warning timer never reads the warned ones again.
            try db.execute(
                sql: """
                    ALTER TABLE recipients ADD COLUMN delay_warned INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX recipients_delay_unwarned ON recipients(received_at)
                        WHERE delay_warned = 0 AND state IN ('queued', 'deferred', 'in_flight');
                    """)
        }
        migrator.registerMigration("v6_api_keys") { db in
            // Only the SHA-256 of each key is kept; the key itself is shown once, when it is created.
            try db.execute(
                sql: """
                    CREATE TABLE api_keys (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        key_hash TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );
                    """)
        }
        migrator.registerMigration("v7_api_send") { db in
            // `metadata` is the submitter's key-value map as a JSON object, shown with the message and never searched.
            // `api_idempotency` keeps the first answer to each `Idempotency-Key` of an API key, written in the
            // transaction of the messages it answered; its primary key refuses a concurrent duplicate, and
            // `api_idempotency_expiry` lets pruning find the expired rows.
            try db.execute(
                sql: """
                    ALTER TABLE messages ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
                    CREATE TABLE api_idempotency (
                        api_key_id TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL,
                        request_hash TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        answer BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        PRIMARY KEY (api_key_id, idempotency_key)
                    );
                    CREATE INDEX api_idempotency_expiry ON api_idempotency(expires_at);
                    """)
        }
        return migrator
    }

    /// The `deadline_order` of a recipient whose message has no deliver-by time (the column default of `v2`): sorts
    /// after every real deadline.
    static let noDeadline = Int64.max
}
