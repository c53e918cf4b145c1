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
        migrator.registerMigration("v4_retention") { db in
            // `finished_at` is when the last recipient of a message became final (NULL while any is not), so that
            // retention finds due messages from an index instead of reading recipients. A trigger keeps it, in the
            // same statement as the recipient's change, whichever code path made the change (delivery outcomes,
            // expiry, operator commands). `body_removed_at` marks a message whose bytes retention removed; the
            // partial index holds only finished messages that still have a body, so pruning bodies never walks
            // over the ones already done.
            try db.execute(
                sql: """
                    ALTER TABLE messages ADD COLUMN finished_at INTEGER;
                    ALTER TABLE messages ADD COLUMN body_removed_at INTEGER;
                    UPDATE messages
                    SET finished_at = (SELECT MAX(r.updated_at) FROM recipients r WHERE r.message_id = messages.id)
                    WHERE NOT EXISTS (SELECT 1 FROM recipients r
                                      WHERE r.message_id = messages.id AND r.state NOT IN \(finalStates));
                    CREATE INDEX messages_finished ON messages(finished_at) WHERE finished_at IS NOT NULL;
                    CREATE INDEX messages_body_kept ON messages(finished_at)
                        WHERE finished_at IS NOT NULL AND body_removed_at IS NULL;
                    CREATE TRIGGER recipients_finish_message
                    AFTER UPDATE OF state ON recipients
                    WHEN NEW.state IN \(finalStates) AND OLD.state NOT IN \(finalStates)
                    BEGIN
                        UPDATE messages
                        SET finished_at = (SELECT MAX(updated_at) FROM recipients WHERE message_id = NEW.message_id)
                        WHERE id = NEW.message_id AND finished_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM recipients
                                          WHERE message_id = NEW.message_id AND state NOT IN \(finalStates));
                    END;
                    """)
        }
        migrator.registerMigration("v4_recipient_counts") { db in
            // `steadymail queue` must answer as fast with a million recipients as with ten: counting rows, even over
            // an index, reads all of them. Triggers keep one counter per state and priority rank in the statement
            // that inserts, changes or deletes a recipient, whichever code path does it.
            try db.execute(
                sql: """
                    CREATE TABLE recipient_counts (
                        state TEXT NOT NULL,
                        priority_rank INTEGER NOT NULL,
                        n INTEGER NOT NULL,
                        PRIMARY KEY (state, priority_rank)
                    ) WITHOUT ROWID;
                    INSERT INTO recipient_counts (state, priority_rank, n)
                        SELECT state, priority_rank, COUNT(*) FROM recipients GROUP BY state, priority_rank;
                    CREATE TRIGGER recipient_counts_insert AFTER INSERT ON recipients
                    BEGIN
                        INSERT INTO recipient_counts (state, priority_rank, n) VALUES (NEW.state, NEW.priority_rank, 1)
                            ON CONFLICT (state, priority_rank) DO UPDATE SET n = n + 1;
                    END;
                    CREATE TRIGGER recipient_counts_delete AFTER DELETE ON recipients
                    BEGIN
                        UPDATE recipient_counts SET n = n - 1
                        WHERE state = OLD.state AND priority_rank = OLD.priority_rank;
                    END;
                    CREATE TRIGGER recipient_counts_update AFTER UPDATE OF state, priority_rank ON recipients
                    WHEN OLD.state IS NOT NEW.state OR OLD.priority_rank IS NOT NEW.priority_rank
                    BEGIN
                        UPDATE recipient_counts SET n = n - 1
                        WHERE state = OLD.state AND priority_rank = OLD.priority_rank;
                        INSERT INTO recipient_counts (state, priority_rank, n) VALUES (NEW.state, NEW.priority_rank, 1)
                            ON CONFLICT (state, priority_rank) DO UPDATE SET n = n + 1;
                    END;
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
        migrator.registerMigration("v8_trace") { db in
            // Tracing lists messages newest first with keyset pagination on (received_at, id). Each filter has an
            // index that yields that order, so a page is a short index walk, never a sort of every match: messages
            // through `messages_received_order`, a state through `recipients_state_order`, an address through
            // `recipients_address`, a tag through `message_tags_order` (tags now repeat their message's arrival).
            // The new indexes extend `messages_received_at`, `recipients_age` and `message_tags_tag`, which go.
            try db.execute(
                sql: """
                    DROP INDEX messages_received_at;
                    CREATE INDEX messages_received_order ON messages(received_at, id);
                    DROP INDEX recipients_age;
                    CREATE INDEX recipients_state_order ON recipients(state, received_at, message_id);
                    CREATE INDEX recipients_address ON recipients(recipient COLLATE NOCASE, received_at, message_id);
                    ALTER TABLE message_tags ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;
                    UPDATE message_tags
                    SET received_at = (SELECT m.received_at FROM messages m WHERE m.id = message_tags.message_id);
                    DROP INDEX message_tags_tag;
                    CREATE INDEX message_tags_order ON message_tags(tag, received_at, message_id);
                    """)
        }
        migrator.registerMigration("v9_health_probe") { db in
            // One row that `probeWritable` rewrites: a readiness check proves a commit works without touching mail.
            try db.execute(
                sql: """
                    CREATE TABLE health_probe (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        probed_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v9_webhooks") { db in
            // `webhook_subscriptions` holds one row per webhook and event type, so that appending an event finds its
            // subscribers through the primary key. `webhook_outbox` holds one row per event and subscribed webhook,
            // written in the transaction of the change: a copy of the event (address, relay, reply, note, tags as a
            // JSON array) and its delivery state, `pending` until acknowledged (`delivered`) or given up (`failed`).
            // Rows go with their webhook, and with their message when retention removes it. The partial indexes
            // hold pending rows only: `webhook_outbox_due` in claim order, `webhook_outbox_order` for the rule that an
            // earlier pending event of the same message and webhook goes first, `webhook_outbox_age` for giving up.
            try db.execute(
                sql: """
                    CREATE TABLE webhooks (
                        id TEXT PRIMARY KEY NOT NULL,
                        url TEXT NOT NULL,
                        description TEXT,
                        secret TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE webhook_subscriptions (
                        type TEXT NOT NULL,
                        webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                        PRIMARY KEY (type, webhook_id)
                    );
                    CREATE INDEX webhook_subscriptions_webhook ON webhook_subscriptions(webhook_id);
                    CREATE TABLE webhook_outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                        event_id INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        time INTEGER NOT NULL,
                        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        recipient_idx INTEGER NOT NULL,
                        recipient TEXT NOT NULL,
                        relay TEXT,
                        reply TEXT,
                        note TEXT,
                        tags TEXT NOT NULL,
                        state TEXT NOT NULL DEFAULT 'pending',
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        lease_until INTEGER,
                        last_error TEXT,
                        finished_at INTEGER
                    );
                    CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at, id) WHERE state = 'pending';
                    CREATE INDEX webhook_outbox_order ON webhook_outbox(webhook_id, message_id, id)
                        WHERE state = 'pending';
                    CREATE INDEX webhook_outbox_age ON webhook_outbox(time) WHERE state = 'pending';
                    CREATE INDEX webhook_outbox_webhook ON webhook_outbox(webhook_id, state);
                    CREATE INDEX webhook_outbox_message ON webhook_outbox(message_id);
                    """)
        }
        migrator.registerMigration("v10_monitoring") { db in
            // Probe history: `probe_results` holds single results (latency in whole milliseconds) until compaction
            // folds them into `probe_rollups` (minute, then hour buckets; the primary key finds a bucket to add to,
            // `probe_rollups_age` the buckets past their retention). `monitors` keeps monitors added at run time as
            // JSON. `incidents` and their `incident_updates` are kept for good; the impact is JSON. `events_impact_time`
            // lets the impact of an incident find the events of its window without reading the whole log; it is
            // partial, holding only the events an incident can touch (deferrals, expiries, failovers, waits for a
            // relay), so the events of ordinary mail (queued, claimed, delivered) cost no index upkeep.
            try db.execute(
                sql: """
                    CREATE TABLE probe_results (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        monitor TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        verdict TEXT NOT NULL,
                        latency_ms INTEGER,
                        message TEXT NOT NULL,
                        value REAL
                    );
                    CREATE INDEX probe_results_monitor ON probe_results(monitor, at);
                    CREATE INDEX probe_results_age ON probe_results(at);
                    CREATE TABLE probe_rollups (
                        monitor TEXT NOT NULL,
                        resolution TEXT NOT NULL,
                        bucket_start INTEGER NOT NULL,
                        runs INTEGER NOT NULL,
                        failures INTEGER NOT NULL,
                        warns INTEGER NOT NULL,
                        latency_count INTEGER NOT NULL,
                        latency_sum_ms INTEGER NOT NULL,
                        latency_max_ms INTEGER NOT NULL,
                        value_min REAL,
                        value_max REAL,
                        PRIMARY KEY (monitor, resolution, bucket_start)
                    );
                    CREATE INDEX probe_rollups_age ON probe_rollups(resolution, bucket_start);
                    CREATE TABLE monitors (
                        name TEXT PRIMARY KEY NOT NULL,
                        definition TEXT NOT NULL,
                        added INTEGER NOT NULL
                    );
                    CREATE TABLE incidents (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        monitor TEXT NOT NULL,
                        relay TEXT,
                        opened_at INTEGER NOT NULL,
                        closed_at INTEGER,
                        cause TEXT NOT NULL,
                        impact TEXT
                    );
                    CREATE INDEX incidents_open ON incidents(id) WHERE closed_at IS NULL;
                    CREATE TABLE incident_updates (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                        at INTEGER NOT NULL,
                        message TEXT NOT NULL
                    );
                    CREATE INDEX incident_updates_incident ON incident_updates(incident_id, id);
                    CREATE INDEX events_impact_time ON events(time)
                        WHERE state IN ('expired', 'deferred')
                            OR note IN ('failed over', 'no relay available', 'no other relay available');
                    """)
        }
        // Maintenance windows: the target as a kind and a name (empty for the node), the schedule as JSON (once or
        // weekly). The planner's hourly volume reads `messages_received_order` (v8), so no index is added.
        migrator.registerMigration("v11_maintenance") { db in
            try db.execute(
                sql: """
                    CREATE TABLE maintenance_windows (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        target_kind TEXT NOT NULL,
                        target_name TEXT NOT NULL,
                        schedule TEXT NOT NULL,
                        reason TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v11_status") { db in
            // The public note an operator writes on an incident for the status page; NULL when none.
            try db.execute(sql: "ALTER TABLE incidents ADD COLUMN public_note TEXT")
        }
        migrator.registerMigration("v11_delivery_objectives") { db in
            // Delivery objectives count recipients by arrival: the index covers what they read (priority, state,
            // the time of the last change), so a day of arrivals is one range of the index and no table row.
            try db.execute(
                sql: """
                    CREATE INDEX recipients_arrival_outcome
                        ON recipients(received_at, priority_rank, state, updated_at);
                    """)
        }
        migrator.registerMigration("v12_audience") { db in
            // Lists, subscribers and their subscriptions, and the addresses campaigns must never mail. Subscriber
            // addresses are stored normalised (`SubscriberEmail`), so the unique index is the duplicate check.
            try db.execute(
                sql: """
                    CREATE TABLE lists (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        optin TEXT NOT NULL,
                        description TEXT NOT NULL DEFAULT '',
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE subscribers (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL DEFAULT '',
                        status TEXT NOT NULL,
                        attributes TEXT NOT NULL DEFAULT '{}',
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE TABLE subscriptions (
                        list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
                        subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
                        status TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (list_id, subscriber_id)
                    );
                    CREATE INDEX subscriptions_subscriber ON subscriptions(subscriber_id);
                    CREATE TABLE suppressions (
                        email TEXT PRIMARY KEY NOT NULL,
                        reason TEXT NOT NULL,
                        note TEXT,
                        created_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v12_templates") { db in
            // Campaign templates, layouts and partials (Mustache text), by unique name. Only campaign templates have
            // a subject; `text` is NULL when the text part is derived from the HTML.
            try db.execute(
                sql: """
                    CREATE TABLE templates (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        subject TEXT,
                        html TEXT NOT NULL,
                        text TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v12_campaigns") { db in
            // Campaigns, the lists they target, and the per-recipient ledger. A ledger row leaves `pending` in the
            // transaction that queues its message, so the ledger and the queue never disagree. The partial index
            // `campaign_recipients_pending` is the runner's "next pending in subscriber order"; the two indexes on
            // messages find a campaign's messages, and the unfinished ones (the lookahead) without reading the others:
            // `finished_at` is kept by the `recipients_finish_message` trigger. Other mail leaves both columns NULL and
            // is in neither index.
            try db.execute(
                sql: """
                    CREATE TABLE campaigns (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,
                        state TEXT NOT NULL,
                        template TEXT NOT NULL,
                        from_address TEXT NOT NULL,
                        from_name TEXT NOT NULL DEFAULT '',
                        priority TEXT NOT NULL,
                        throttle_per_minute INTEGER,
                        window_start INTEGER,
                        window_end INTEGER,
                        time_zone TEXT NOT NULL,
                        send_at INTEGER,
                        deadline INTEGER,
                        segment TEXT,
                        note TEXT,
                        snapshot_taken INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL,
                        started_at INTEGER,
                        finished_at INTEGER
                    );
                    CREATE INDEX campaigns_state ON campaigns(state);
                    CREATE TABLE campaign_lists (
                        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                        list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
                        PRIMARY KEY (campaign_id, list_id)
                    );
                    CREATE TABLE campaign_recipients (
                        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                        subscriber_id INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        message_id TEXT,
                        reason TEXT,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (campaign_id, subscriber_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX campaign_recipients_pending ON campaign_recipients(campaign_id, subscriber_id)
                        WHERE state = 'pending';
                    ALTER TABLE messages ADD COLUMN campaign_id INTEGER;
                    ALTER TABLE messages ADD COLUMN subscriber_id INTEGER;
                    CREATE INDEX messages_campaign ON messages(campaign_id) WHERE campaign_id IS NOT NULL;
                    CREATE INDEX messages_campaign_unfinished ON messages(campaign_id)
                        WHERE campaign_id IS NOT NULL AND finished_at IS NULL;
                    """)
        }
        migrator.registerMigration("v13_feedback") { db in
            // Tracking and feedback (issue 9). `campaigns.tracking` switches the open pixel and click redirects per
            // campaign. `campaign_links` gives each distinct link of a campaign an id, so a click URL names a stored
            // target and the redirector never redirects anywhere else. `engagement` keeps one row per subscriber,
            // kind and link (`link_id` 0 for opens) with its count: unique figures count rows, totals sum `count`;
            // `engagement_hours` keeps the per-hour totals and uniques of the report. `feedback_events` is every
            // bounce, complaint and unsubscribe from any source; `dedupe_key` drops a report received twice.
            try db.execute(
                sql: """
                    ALTER TABLE campaigns ADD COLUMN tracking INTEGER NOT NULL DEFAULT 1;
                    CREATE TABLE campaign_links (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                        url TEXT NOT NULL,
                        UNIQUE (campaign_id, url)
                    );
                    CREATE TABLE engagement (
                        campaign_id INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        subscriber_id INTEGER NOT NULL,
                        link_id INTEGER NOT NULL DEFAULT 0,
                        count INTEGER NOT NULL,
                        first_at INTEGER NOT NULL,
                        last_at INTEGER NOT NULL,
                        PRIMARY KEY (campaign_id, kind, subscriber_id, link_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE engagement_hours (
                        campaign_id INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        hour INTEGER NOT NULL,
                        total INTEGER NOT NULL,
                        uniques INTEGER NOT NULL,
                        PRIMARY KEY (campaign_id, kind, hour)
                    ) WITHOUT ROWID;
                    CREATE TABLE feedback_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        source TEXT NOT NULL,
                        email TEXT NOT NULL,
                        campaign_id INTEGER,
                        subscriber_id INTEGER,
                        message_id TEXT,
                        relay TEXT,
                        status TEXT,
                        detail TEXT,
                        dedupe_key TEXT UNIQUE
                    );
                    CREATE INDEX feedback_campaign ON feedback_events(campaign_id, kind, at)
                        WHERE campaign_id IS NOT NULL;
                    CREATE INDEX feedback_subscriber ON feedback_events(subscriber_id, kind)
                        WHERE subscriber_id IS NOT NULL;
                    CREATE INDEX feedback_relay ON feedback_events(relay, kind, at) WHERE relay IS NOT NULL;
                    CREATE INDEX feedback_email ON feedback_events(email);
                    """)
        }
        migrator.registerMigration("v13_feedback_processed") { db in
            // A feedback event is stored before its effects (suppression, subscriber status) are applied, and
            // synchronous bounces are stored by `apply` in the settlement's transaction: `processed` tells the
            // feedback processor which events it still has to act on. Events stored before this migration are
            // taken as processed.
            try db.execute(
                sql: """
                    ALTER TABLE feedback_events ADD COLUMN processed INTEGER NOT NULL DEFAULT 0;
                    UPDATE feedback_events SET processed = 1;
                    CREATE INDEX feedback_unprocessed ON feedback_events(id) WHERE processed = 0;
                    """)
        }
        return migrator
    }

    /// The final recipient states as an SQL list, as `v4_retention` wrote them into its trigger. A migration is a
    /// record of the past: a new final state needs a new migration that recreates the trigger (a test compares this
    /// list with `RecipientState.isFinal`).
    static let finalStates = "('delivered', 'bounced', 'expired')"

    /// The `deadline_order` of a recipient whose message has no deliver-by time (the column default of `v2`): sorts
    /// after every real deadline.
    static let noDeadline = Int64.max
}
