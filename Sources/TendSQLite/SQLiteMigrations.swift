import TendSQL

/// The SQLite schema, one numbered migration per change. Append only: never edit a shipped one.
enum SQLiteMigrations {
    static let day = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
    static let tiers = "('unfamiliar', 'familiar', 'intimate', 'meaningful')"
    static let intents = "('check-in', 'celebrate', 'support', 'give:help', 'give:introduction', 'give:referral', 'give:recommendation', 'ask:help', 'ask:advice', 'ask:input', 'ask:favour', 'thanks')"
    static let channels = "('in-person', 'call', 'video', 'message', 'email', 'social', 'letter', 'gift')"

    static let all: [Migration] = [
        Migration(1, "tending core", [
            """
            CREATE TABLE accounts (
                id INTEGER PRIMARY KEY,
                email TEXT UNIQUE COLLATE NOCASE,
                password_hash TEXT,
                is_local BOOLEAN NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
                created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
            )
            """,
            // At most one local account: the one the CLI works on.
            "CREATE UNIQUE INDEX accounts_local ON accounts (is_local) WHERE is_local = 1",
            """
            CREATE TABLE settings (
                account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
                cadence_unfamiliar INTEGER CHECK (cadence_unfamiliar BETWEEN 1 AND 3650),
                cadence_familiar INTEGER CHECK (cadence_familiar BETWEEN 1 AND 3650),
                cadence_intimate INTEGER CHECK (cadence_intimate BETWEEN 1 AND 3650),
                cadence_meaningful INTEGER CHECK (cadence_meaningful BETWEEN 1 AND 3650),
                birthday_heads_up_days INTEGER NOT NULL CHECK (birthday_heads_up_days BETWEEN 0 AND 30),
                win_fresh_days INTEGER NOT NULL CHECK (win_fresh_days BETWEEN 1 AND 90),
                struggle_fresh_days INTEGER NOT NULL CHECK (struggle_fresh_days BETWEEN 1 AND 180),
                follow_up_days INTEGER NOT NULL CHECK (follow_up_days BETWEEN 1 AND 180),
                ask_for_input_days INTEGER NOT NULL CHECK (ask_for_input_days BETWEEN 7 AND 3650),
                agenda_length INTEGER NOT NULL CHECK (agenda_length BETWEEN 1 AND 100),
                time_zone TEXT
            )
            """,
            """
            CREATE TABLE people (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                display_name TEXT NOT NULL CHECK (length(trim(display_name)) > 0),
                given_name TEXT, family_name TEXT, nickname TEXT,
                company TEXT, title TEXT, city TEXT, how_we_met TEXT,
                met_on TEXT CHECK (met_on IS NULL OR met_on \(day)),
                birthday TEXT CHECK (birthday IS NULL OR birthday \(day) OR birthday GLOB '--[0-1][0-9]-[0-3][0-9]'),
                notes TEXT NOT NULL DEFAULT '',
                tier TEXT NOT NULL CHECK (tier IN \(tiers)),
                target_tier TEXT CHECK (target_tier IS NULL OR target_tier IN \(tiers)),
                cadence_days INTEGER CHECK (cadence_days BETWEEN 1 AND 3650),
                archived BOOLEAN NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
                added_on TEXT NOT NULL CHECK (added_on \(day)),
                -- Folded names (lower case, no accents) for lookups by part of a name.
                name_key TEXT NOT NULL
            )
            """,
            // Every child table references (account_id, id), so no row can point across accounts.
            "CREATE UNIQUE INDEX people_account_id ON people (account_id, id)",
            "CREATE INDEX people_account_name ON people (account_id, display_name)",
            "CREATE INDEX people_account_tier ON people (account_id, tier)",
            """
            CREATE TABLE person_emails (
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL, position INTEGER NOT NULL,
                email TEXT NOT NULL CHECK (email LIKE '%@%'),
                PRIMARY KEY (person_id, position),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX person_emails_lookup ON person_emails (account_id, email COLLATE NOCASE)",
            """
            CREATE TABLE person_phones (
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL, position INTEGER NOT NULL,
                phone TEXT NOT NULL, digits TEXT NOT NULL,
                PRIMARY KEY (person_id, position),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX person_phones_lookup ON person_phones (account_id, digits)",
            """
            CREATE TABLE person_tags (
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL,
                tag TEXT NOT NULL CHECK (length(tag) > 0 AND tag = lower(tag)),
                PRIMARY KEY (person_id, tag),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX person_tags_lookup ON person_tags (account_id, tag)",
            """
            CREATE TABLE person_links (
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL, position INTEGER NOT NULL,
                label TEXT NOT NULL, url TEXT NOT NULL,
                PRIMARY KEY (person_id, position),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX person_links_account ON person_links (account_id, person_id)",
            """
            CREATE TABLE relations (
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('partner', 'child', 'parent', 'sibling', 'colleague', 'introduced-by')),
                other_id INTEGER NOT NULL CHECK (other_id <> person_id),
                PRIMARY KEY (account_id, person_id, kind, other_id),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE,
                FOREIGN KEY (account_id, other_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX relations_other ON relations (account_id, other_id)",
            """
            CREATE TABLE tier_changes (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL,
                from_tier TEXT CHECK (from_tier IS NULL OR from_tier IN \(tiers)),
                to_tier TEXT NOT NULL CHECK (to_tier IN \(tiers)),
                on_day TEXT NOT NULL CHECK (on_day \(day)),
                reason TEXT,
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX tier_changes_person ON tier_changes (account_id, person_id, on_day)",
            """
            CREATE TABLE moments (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind GLOB 'win:*' OR kind GLOB 'struggle:*'),
                about TEXT NOT NULL CHECK (about IN ('self', 'partner', 'company')),
                on_day TEXT NOT NULL CHECK (on_day \(day)),
                note TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'dismissed')),
                answered_on TEXT CHECK (answered_on IS NULL OR answered_on \(day)),
                followed_up_on TEXT CHECK (followed_up_on IS NULL OR followed_up_on \(day)),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE UNIQUE INDEX moments_account_id ON moments (account_id, id)",
            "CREATE INDEX moments_person ON moments (account_id, person_id, on_day)",
            "CREATE INDEX moments_pending ON moments (account_id, state, on_day)",
            """
            CREATE TABLE touches (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                on_day TEXT NOT NULL CHECK (on_day \(day)),
                channel TEXT NOT NULL CHECK (channel IN \(channels)),
                intent TEXT NOT NULL CHECK (intent IN \(intents)),
                note TEXT NOT NULL DEFAULT '',
                moment_id INTEGER REFERENCES moments (id) ON DELETE SET NULL
            )
            """,
            "CREATE UNIQUE INDEX touches_account_id ON touches (account_id, id)",
            "CREATE INDEX touches_moment ON touches (moment_id)",
            // One row per person in a touch, with its day and class, so summaries need no join.
            """
            CREATE TABLE touch_people (
                account_id INTEGER NOT NULL, touch_id INTEGER NOT NULL, person_id INTEGER NOT NULL,
                on_day TEXT NOT NULL CHECK (on_day \(day)),
                need_free BOOLEAN NOT NULL CHECK (need_free IN (0, 1)),
                is_give BOOLEAN NOT NULL CHECK (is_give IN (0, 1) AND NOT (is_give AND NOT need_free)),
                PRIMARY KEY (touch_id, person_id),
                FOREIGN KEY (account_id, touch_id) REFERENCES touches (account_id, id) ON DELETE CASCADE,
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX touch_people_person ON touch_people (account_id, person_id, on_day)",
            """
            CREATE TABLE suggestion_states (
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('done', 'dismissed', 'snoozed')),
                on_day TEXT NOT NULL CHECK (on_day \(day)),
                PRIMARY KEY (account_id, key)
            )
            """,
            // Full-text search over people; rowid is the person's id. Accents and case are folded.
            """
            CREATE VIRTUAL TABLE people_fts USING fts5 (names, details, tokenize = 'unicode61 remove_diacritics 2')
            """,
        ]),
        Migration(2, "web sessions", [
            """
            CREATE TABLE key_values (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                expires_at REAL
            )
            """,
            "CREATE INDEX key_values_expiry ON key_values (expires_at)",
        ]),
        // Lookups by person or touch inside an account scanned the whole account's rows (116 ms at
        // 10,000 people for one person's timeline): index them by account, then the row they belong to.
        Migration(3, "indexes by account and owner", [
            "CREATE INDEX touch_people_touch ON touch_people (account_id, touch_id)",
            "CREATE INDEX person_emails_person ON person_emails (account_id, person_id)",
            "CREATE INDEX person_phones_person ON person_phones (account_id, person_id)",
            "CREATE INDEX person_tags_person ON person_tags (account_id, person_id)",
            "CREATE INDEX people_account_lower_name ON people (account_id, lower(display_name), id)",
        ]),
        // Issue 4: imports keep anniversaries and the vCard properties Tend has no field for;
        // a calendar feed per account at a secret URL. The token is stored as it is, to be shown again:
        // it opens only what the database itself holds.
        Migration(4, "anniversaries, kept vCard properties, calendar feeds", [
            "ALTER TABLE people ADD COLUMN anniversary TEXT CHECK (anniversary IS NULL OR anniversary \(day) OR anniversary GLOB '--[0-1][0-9]-[0-3][0-9]')",
            """
            CREATE TABLE person_card_extras (
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL, position INTEGER NOT NULL,
                line TEXT NOT NULL CHECK (length(line) > 0),
                PRIMARY KEY (person_id, position),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX person_card_extras_person ON person_card_extras (account_id, person_id)",
            """
            CREATE TABLE calendar_feeds (
                account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
                token TEXT NOT NULL UNIQUE CHECK (length(token) >= 32),
                created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
            )
            """,
        ]),
        // Issue 7: the agenda's touch summaries read need_free and is_give from every touch row of the
        // account; with them in the index the aggregate never visits the table. It replaces the
        // narrower index on (account, person, day), whose lookups it serves as well.
        Migration(5, "covering index for touch summaries", [
            "CREATE INDEX touch_people_summary ON touch_people (account_id, person_id, on_day, need_free, is_give)",
            "DROP INDEX touch_people_person",
        ]),
        // Issue 6: personal access tokens for the JSON API. Only a SHA-256 hash of each secret is kept:
        // the secret is shown once, and a copy of the database opens nothing.
        Migration(6, "personal access tokens", [
            """
            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
                scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
                created_at REAL NOT NULL,
                last_used_at REAL
            )
            """,
            "CREATE INDEX api_tokens_account ON api_tokens (account_id, id)",
        ]),
        // Issue 7: every write transaction raises its account's revision, so the server can keep the
        // agenda it computed until the data changes.
        Migration(7, "account revisions", [
            "ALTER TABLE accounts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",
        ]),
        // Issue 12: a touch could answer another account's moment (a crafted backup did it). SQLite cannot
        // add a foreign key to a table, and rebuilding `touches` would cascade into `touch_people`, so
        // triggers hold the rule; the plain key still sets moment_id to NULL when the moment goes.
        Migration(8, "a touch answers a moment of its own account", [
            """
            UPDATE touches SET moment_id = NULL
            WHERE moment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM moments m WHERE m.id = touches.moment_id AND m.account_id = touches.account_id)
            """,
            """
            CREATE TRIGGER touches_moment_account_insert BEFORE INSERT ON touches
            WHEN NEW.moment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM moments WHERE id = NEW.moment_id AND account_id = NEW.account_id)
            BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a touch answers a moment of another account'); END
            """,
            """
            CREATE TRIGGER touches_moment_account_update BEFORE UPDATE OF moment_id, account_id ON touches
            WHEN NEW.moment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM moments WHERE id = NEW.moment_id AND account_id = NEW.account_id)
            BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a touch answers a moment of another account'); END
            """,
            """
            CREATE TRIGGER moments_account_fixed BEFORE UPDATE OF account_id ON moments
            WHEN NEW.account_id <> OLD.account_id
            BEGIN SELECT RAISE(ABORT, 'a moment stays in its account'); END
            """,
        ]),
        // Issue 13: the schema comparison of the two backends found PostgreSQL's index of touches by day
        // (migration 1) missing here: the Network page's year of activity and the touch listings read the
        // account's touches by day, and scanned them all.
        Migration(9, "touches by day", [
            "CREATE INDEX IF NOT EXISTS touches_account_day ON touches (account_id, on_day)",
        ]),
        // Issue 14: the digest's schedule per account, the jobs every server process shares (claimed with a
        // lease, so one process runs each), and the delivery log the Settings page shows.
        Migration(10, "digest schedules, jobs, deliveries", [
            """
            CREATE TABLE digest_schedules (
                account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
                frequency TEXT NOT NULL CHECK (frequency IN ('off', 'daily', 'weekdays', 'weekly')),
                weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
                hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
                minute INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
                send_empty BOOLEAN NOT NULL CHECK (send_empty IN (0, 1)),
                email BOOLEAN NOT NULL CHECK (email IN (0, 1)),
                email_to TEXT CHECK (email_to IS NULL OR length(email_to) BETWEEN 3 AND 254)
            )
            """,
            """
            CREATE TABLE jobs (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('digest', 'delivery', 'housekeeping')),
                account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
                key TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 200),
                payload TEXT NOT NULL,
                due_at REAL NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'missed')),
                attempts INTEGER NOT NULL CHECK (attempts >= 0),
                lease_owner TEXT,
                lease_until REAL,
                last_error TEXT,
                finished_at REAL
            )
            """,
            "CREATE INDEX jobs_due ON jobs (state, due_at)",
            "CREATE INDEX jobs_account ON jobs (account_id, kind, state)",
            """
            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 200),
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                channel TEXT NOT NULL CHECK (channel IN ('email', 'ntfy', 'webhook')),
                purpose TEXT NOT NULL CHECK (purpose IN ('digest', 'test')),
                day TEXT CHECK (day IS NULL OR day \(day)),
                status TEXT NOT NULL CHECK (status IN ('sending', 'delivered', 'retrying', 'failed', 'missed')),
                attempts INTEGER NOT NULL CHECK (attempts >= 0),
                reason TEXT,
                updated_at REAL NOT NULL
            )
            """,
            "CREATE INDEX deliveries_account ON deliveries (account_id, updated_at)",
            "CREATE INDEX deliveries_updated ON deliveries (updated_at)",
        ]),
        // Issue 14: the digest by push (an ntfy topic) and by webhook; their secrets are stored sealed with the
        // instance's key, never in the clear.
        Migration(11, "digest by ntfy and webhook", [
            "ALTER TABLE digest_schedules ADD COLUMN ntfy_url TEXT CHECK (ntfy_url IS NULL OR length(ntfy_url) BETWEEN 8 AND 2000)",
            "ALTER TABLE digest_schedules ADD COLUMN ntfy_priority INTEGER NOT NULL DEFAULT 3 CHECK (ntfy_priority BETWEEN 1 AND 5)",
            "ALTER TABLE digest_schedules ADD COLUMN ntfy_token TEXT",
            "ALTER TABLE digest_schedules ADD COLUMN webhook_url TEXT CHECK (webhook_url IS NULL OR length(webhook_url) BETWEEN 8 AND 2000)",
            "ALTER TABLE digest_schedules ADD COLUMN webhook_secret TEXT CHECK (webhook_secret IS NULL OR webhook_url IS NOT NULL)",
        ]),
        // Issue 19: phone numbers typed without a country code are read in the account's country, for the
        // agenda's send links (SMS, WhatsApp, Signal).
        Migration(12, "default country", [
            "ALTER TABLE settings ADD COLUMN default_country TEXT CHECK (default_country IS NULL OR (length(default_country) = 2 AND default_country = upper(default_country)))",
        ]),
        // Issue 18: the News inbox, moments Tend noticed (job changes in imports, posts in feeds) waiting for the
        // user's decision. One per person and key, in any state, so a dismissed one never comes back.
        Migration(13, "news proposals", [
            """
            CREATE TABLE proposals (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL, person_id INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind GLOB 'win:*' OR kind GLOB 'struggle:*'),
                about TEXT NOT NULL CHECK (about IN ('self', 'partner', 'company')),
                on_day TEXT NOT NULL CHECK (on_day \(day)),
                note TEXT NOT NULL CHECK (length(note) <= 2000),
                source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
                link TEXT CHECK (link IS NULL OR length(link) BETWEEN 8 AND 2000),
                is_job BOOLEAN NOT NULL CHECK (is_job IN (0, 1)),
                job_company TEXT CHECK (job_company IS NULL OR length(job_company) BETWEEN 1 AND 500),
                job_title TEXT CHECK (job_title IS NULL OR length(job_title) BETWEEN 1 AND 500),
                state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'dismissed')),
                decided_on TEXT CHECK (decided_on IS NULL OR decided_on \(day)),
                key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 1000),
                CHECK (is_job = 1 OR (job_company IS NULL AND job_title IS NULL)),
                CHECK ((state = 'pending') = (decided_on IS NULL)),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE UNIQUE INDEX proposals_key ON proposals (account_id, person_id, key)",
            "CREATE INDEX proposals_state ON proposals (account_id, state, on_day)",
        ]),
        // Issue 18: feeds of a person or a company (a blog, a newsroom), polled by the scheduler of any process
        // (a lease, as for jobs); the posts seen, so a post is news once.
        Migration(14, "feeds", [
            """
            CREATE TABLE feeds (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                person_id INTEGER,
                company TEXT CHECK (company IS NULL OR length(company) BETWEEN 1 AND 500),
                target TEXT NOT NULL CHECK (length(target) BETWEEN 3 AND 600),
                url TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
                title TEXT CHECK (title IS NULL OR length(title) <= 500),
                site TEXT CHECK (site IS NULL OR length(site) <= 2000),
                etag TEXT CHECK (etag IS NULL OR length(etag) <= 500),
                last_modified TEXT CHECK (last_modified IS NULL OR length(last_modified) <= 100),
                added_on TEXT NOT NULL CHECK (added_on \(day)),
                checked_at REAL,
                next_check_at REAL NOT NULL,
                failures INTEGER NOT NULL CHECK (failures >= 0),
                last_error TEXT CHECK (last_error IS NULL OR length(last_error) <= 1000),
                broken BOOLEAN NOT NULL CHECK (broken IN (0, 1)),
                lease_owner TEXT,
                lease_until REAL,
                CHECK ((person_id IS NULL) <> (company IS NULL)),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE UNIQUE INDEX feeds_target ON feeds (account_id, target, url)",
            "CREATE UNIQUE INDEX feeds_account_id ON feeds (account_id, id)",
            "CREATE INDEX feeds_due ON feeds (next_check_at)",
            """
            CREATE TABLE feed_posts (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL,
                feed_id INTEGER NOT NULL,
                key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 2100),
                title TEXT NOT NULL CHECK (length(title) <= 1000),
                link TEXT CHECK (link IS NULL OR length(link) <= 2000),
                published_on TEXT CHECK (published_on IS NULL OR published_on \(day)),
                seen_on TEXT NOT NULL CHECK (seen_on \(day)),
                news TEXT CHECK (news IS NULL OR news GLOB 'win:*' OR news GLOB 'struggle:*'),
                FOREIGN KEY (account_id, feed_id) REFERENCES feeds (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE UNIQUE INDEX feed_posts_key ON feed_posts (feed_id, key)",
            "CREATE INDEX feed_posts_account ON feed_posts (account_id, feed_id, seen_on)",
        ]),
        // Issue 15: CardDAV. App passwords open the address book only (a hash of each, shown once). One book per
        // account with its change counter (the ctag and sync token); a card per person or group as a client last
        // wrote it (`vcard`, what is served; `base`, what the client itself sent, for merging its next write), and
        // tombstones kept for good, so a sync token never expires.
        Migration(15, "address books", [
            """
            CREATE TABLE app_passwords (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                password_hash TEXT NOT NULL UNIQUE CHECK (length(password_hash) = 64),
                created_at REAL NOT NULL,
                last_used_at REAL
            )
            """,
            "CREATE INDEX app_passwords_account ON app_passwords (account_id, id)",
            """
            CREATE TABLE address_books (
                account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
                counter INTEGER NOT NULL CHECK (counter >= 0),
                synced_revision INTEGER NOT NULL,
                properties TEXT NOT NULL CHECK (length(properties) <= 100000)
            )
            """,
            """
            CREATE TABLE cards (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES address_books (account_id) ON DELETE CASCADE,
                href TEXT NOT NULL CHECK (length(href) BETWEEN 1 AND 1000),
                uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 1000),
                kind TEXT NOT NULL CHECK (kind IN ('person', 'other')),
                person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
                vcard TEXT CHECK (vcard IS NULL OR length(vcard) <= 2000000),
                base TEXT CHECK (base IS NULL OR length(base) <= 2000000),
                etag TEXT CHECK (etag IS NULL OR length(etag) BETWEEN 1 AND 100),
                digest TEXT CHECK (digest IS NULL OR length(digest) <= 100),
                change INTEGER NOT NULL CHECK (change > 0),
                deleted BOOLEAN NOT NULL CHECK (deleted IN (0, 1)),
                CHECK (deleted = 1 OR (vcard IS NOT NULL AND etag IS NOT NULL))
            )
            """,
            "CREATE UNIQUE INDEX cards_href ON cards (account_id, href)",
            "CREATE UNIQUE INDEX cards_uid ON cards (account_id, uid) WHERE deleted = 0",
            "CREATE UNIQUE INDEX cards_person ON cards (person_id) WHERE person_id IS NOT NULL",
            "CREATE INDEX cards_change ON cards (account_id, change)",
        ]),
        // A phone's card is matched by its number's last nine digits (ContactKey.phone): looked up, not scanned.
        // A book's epoch, random when its row is made, is part of its sync tokens and ctag, so a device's token from
        // another instance (before `tend copy`, or a restore) is refused and the device syncs from the start.
        Migration(16, "phone tails and address book epochs", [
            "ALTER TABLE address_books ADD COLUMN epoch TEXT NOT NULL DEFAULT '' CHECK (length(epoch) <= 64)",
            "CREATE INDEX person_phones_tail ON person_phones (account_id, substr(digits, -9))",
        ]),
        // Issue 16: mail capture. The account's own addresses and rules; the IMAP mailboxes it reads (the password
        // sealed with the instance's key, a lease so that one process polls each) and how far each folder is read;
        // every message read, by its key, so that reading it again adds nothing; a touch's source and whether its
        // proposed intent was reviewed.
        Migration(17, "mail capture", [
            """
            CREATE TABLE capture_settings (
                account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
                addresses TEXT NOT NULL CHECK (length(addresses) <= 20000),
                max_recipients INTEGER NOT NULL CHECK (max_recipients BETWEEN 1 AND 1000),
                reply_after_days INTEGER NOT NULL CHECK (reply_after_days BETWEEN 1 AND 60),
                keep_subjects BOOLEAN NOT NULL DEFAULT 1 CHECK (keep_subjects IN (0, 1)),
                window_days INTEGER NOT NULL CHECK (window_days BETWEEN 1 AND 3650),
                poll_minutes INTEGER NOT NULL CHECK (poll_minutes BETWEEN 5 AND 1440)
            )
            """,
            """
            CREATE TABLE mailboxes (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                host TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
                port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
                security TEXT NOT NULL CHECK (security IN ('tls', 'starttls')),
                username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 320),
                password TEXT NOT NULL CHECK (length(password) BETWEEN 1 AND 2000),
                folders TEXT NOT NULL CHECK (length(folders) <= 20000),
                created_at REAL NOT NULL,
                next_poll_at REAL NOT NULL,
                lease_owner TEXT,
                lease_until REAL,
                failures INTEGER NOT NULL CHECK (failures >= 0),
                last_error TEXT CHECK (last_error IS NULL OR length(last_error) <= 2000),
                last_polled_at REAL,
                last_success_at REAL,
                progress TEXT NOT NULL CHECK (length(progress) <= 2000)
            )
            """,
            "CREATE UNIQUE INDEX mailboxes_identity ON mailboxes (account_id, host, username)",
            "CREATE INDEX mailboxes_due ON mailboxes (next_poll_at)",
            """
            CREATE TABLE mailbox_folders (
                mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 1000),
                role TEXT NOT NULL CHECK (role IN ('sent', 'inbox', 'other')),
                uid_validity INTEGER NOT NULL,
                last_uid INTEGER NOT NULL CHECK (last_uid >= 0),
                messages INTEGER NOT NULL CHECK (messages >= 0),
                PRIMARY KEY (mailbox_id, name)
            )
            """,
            """
            CREATE TABLE captured_messages (
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 1000),
                source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
                on_day TEXT NOT NULL CHECK (on_day \(day)),
                direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
                touch_id INTEGER REFERENCES touches (id) ON DELETE SET NULL,
                person_id INTEGER REFERENCES people (id) ON DELETE CASCADE,
                subject TEXT NOT NULL CHECK (length(subject) <= 1000),
                strangers TEXT NOT NULL CHECK (length(strangers) <= 100000),
                PRIMARY KEY (account_id, key),
                CHECK (direction = 'sent' OR person_id IS NOT NULL)
            )
            """,
            "CREATE INDEX captured_messages_received ON captured_messages (account_id, person_id, on_day) WHERE direction = 'received'",
            "CREATE INDEX captured_messages_source ON captured_messages (account_id, source)",
            "CREATE INDEX captured_messages_sent ON captured_messages (account_id, on_day) WHERE direction = 'sent'",
            "CREATE INDEX captured_messages_touch ON captured_messages (touch_id)",
            "CREATE INDEX captured_messages_person ON captured_messages (person_id)",
            """
            CREATE TABLE capture_dismissed (
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                address TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 320),
                PRIMARY KEY (account_id, address)
            )
            """,
            "ALTER TABLE touches ADD COLUMN source TEXT CHECK (source IS NULL OR length(source) BETWEEN 1 AND 100)",
            "ALTER TABLE touches ADD COLUMN reviewed BOOLEAN NOT NULL DEFAULT 1 CHECK (reviewed IN (0, 1))",
            "CREATE INDEX touches_source ON touches (account_id, source, on_day) WHERE source IS NOT NULL",
        ]),
        Migration(18, "imported records", [
            // What each record of an import (a Monica uuid) became, so that importing again adds nothing twice.
            // Deleting the person, touch or moment keeps the record with no entity: it is not brought back.
            """
            CREATE TABLE imported_records (
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 50),
                external_id TEXT NOT NULL CHECK (length(external_id) BETWEEN 1 AND 500),
                kind TEXT NOT NULL CHECK (kind IN ('person', 'touch', 'moment')),
                person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
                touch_id INTEGER REFERENCES touches (id) ON DELETE SET NULL,
                moment_id INTEGER REFERENCES moments (id) ON DELETE SET NULL,
                PRIMARY KEY (account_id, source, external_id),
                CHECK ((kind = 'person' OR person_id IS NULL) AND (kind = 'touch' OR touch_id IS NULL)
                       AND (kind = 'moment' OR moment_id IS NULL))
            )
            """,
            "CREATE INDEX imported_records_person ON imported_records (person_id) WHERE person_id IS NOT NULL",
            "CREATE INDEX imported_records_touch ON imported_records (touch_id) WHERE touch_id IS NOT NULL",
            "CREATE INDEX imported_records_moment ON imported_records (moment_id) WHERE moment_id IS NOT NULL",
        ]),
        // Issue 17: calendar subscriptions (the secret address sealed with the instance's key, a lease so that one
        // process polls each) and the coming meetings of every calendar with people in Tend, for the agenda.
        Migration(19, "calendar subscriptions", [
            """
            CREATE TABLE calendar_subscriptions (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
                url TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 6000),
                shown_url TEXT NOT NULL CHECK (length(shown_url) BETWEEN 1 AND 2100),
                etag TEXT CHECK (etag IS NULL OR length(etag) <= 500),
                last_modified TEXT CHECK (last_modified IS NULL OR length(last_modified) <= 100),
                created_at REAL NOT NULL,
                next_check_at REAL NOT NULL,
                checked_at REAL,
                last_success_at REAL,
                failures INTEGER NOT NULL CHECK (failures >= 0),
                last_error TEXT CHECK (last_error IS NULL OR length(last_error) <= 2000),
                summary TEXT NOT NULL CHECK (length(summary) <= 2000),
                lease_owner TEXT,
                lease_until REAL
            )
            """,
            "CREATE UNIQUE INDEX calendar_subscriptions_name ON calendar_subscriptions (account_id, name)",
            "CREATE INDEX calendar_subscriptions_due ON calendar_subscriptions (next_check_at)",
            """
            CREATE TABLE upcoming_meetings (
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
                key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 1000),
                person_id INTEGER NOT NULL,
                on_day TEXT NOT NULL CHECK (on_day \(day)),
                title TEXT NOT NULL CHECK (length(title) <= 500),
                PRIMARY KEY (account_id, source, key, person_id),
                FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX upcoming_meetings_person ON upcoming_meetings (account_id, person_id, on_day)",
            "CREATE INDEX upcoming_meetings_source ON upcoming_meetings (account_id, source)",
            "CREATE INDEX upcoming_meetings_person_id ON upcoming_meetings (person_id)",
        ]),
    ]
}
