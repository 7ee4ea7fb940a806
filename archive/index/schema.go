package index

// migrations returns the schema changes, in order; migrations()[i] takes
// the schema from version i to i+1. Applied ones are never edited: a
// change is a new entry.
func migrations() [][]string {
	return [][]string{
		{ // 1: the initial schema
			`CREATE TABLE meta (
			name  TEXT PRIMARY KEY,
			value TEXT NOT NULL
		)`,
			`CREATE TABLE captures (
			id           TEXT PRIMARY KEY,
			kind         TEXT NOT NULL,
			command      TEXT NOT NULL,
			target       TEXT NOT NULL,
			software     TEXT NOT NULL,
			started      BIGINT NOT NULL,
			finished     BIGINT NOT NULL,
			log_index    BIGINT NOT NULL,
			n_records    BIGINT NOT NULL,
			n_failures   BIGINT NOT NULL,
			n_items      BIGINT NOT NULL,
			n_observations BIGINT NOT NULL
		)`,
			`CREATE TABLE warcs (
			capture_id TEXT NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
			seq        INTEGER NOT NULL,
			warc_key   TEXT NOT NULL,
			sha256     TEXT NOT NULL,
			size       BIGINT NOT NULL,
			version_id TEXT NOT NULL,
			PRIMARY KEY (capture_id, seq)
		)`,
			`CREATE TABLE records (
			capture_id     TEXT NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
			seq            INTEGER NOT NULL,
			warc_key       TEXT NOT NULL,
			record_id      TEXT NOT NULL,
			type           TEXT NOT NULL,
			target_uri     TEXT NOT NULL,
			concurrent_to  TEXT NOT NULL,
			member_offset  BIGINT NOT NULL,
			member_length  BIGINT NOT NULL,
			sha256         TEXT NOT NULL,
			block_digest   TEXT NOT NULL,
			payload_digest TEXT NOT NULL,
			status         INTEGER NOT NULL,
			content_type   TEXT NOT NULL,
			ip_address     TEXT NOT NULL,
			truncated      TEXT NOT NULL,
			fetch_start    BIGINT,
			fetch_end      BIGINT,
			PRIMARY KEY (capture_id, seq)
		)`,
			`CREATE INDEX records_record_id ON records (capture_id, record_id)`,
			`CREATE TABLE failures (
			capture_id TEXT NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
			seq        INTEGER NOT NULL,
			url        TEXT NOT NULL,
			error      TEXT NOT NULL,
			at         BIGINT NOT NULL,
			PRIMARY KEY (capture_id, seq)
		)`,
			`CREATE TABLE items (
			id                 TEXT PRIMARY KEY,
			platform           TEXT NOT NULL,
			kind               TEXT NOT NULL,
			url                TEXT NOT NULL,
			text               TEXT NOT NULL,
			created_at         BIGINT,
			author             TEXT NOT NULL,
			media              TEXT NOT NULL,
			has_account        INTEGER NOT NULL,
			handle             TEXT NOT NULL,
			display_name       TEXT NOT NULL,
			account_created_at BIGINT,
			followers          BIGINT NOT NULL,
			following          BIGINT NOT NULL,
			posts              BIGINT NOT NULL,
			avatar_url         TEXT NOT NULL,
			default_avatar     INTEGER NOT NULL,
			meta_at            BIGINT,
			meta_capture       TEXT NOT NULL,
			state              TEXT NOT NULL,
			state_since        BIGINT,
			first_seen         BIGINT,
			last_seen_alive    BIGINT,
			first_missing      BIGINT,
			confirmed_at       BIGINT,
			last_checked       BIGINT,
			content_sha256     TEXT NOT NULL
		)`,
			`CREATE INDEX items_state ON items (state)`,
			`CREATE INDEX items_platform ON items (platform)`,
			`CREATE INDEX items_author ON items (author)`,
			`CREATE TABLE item_tags (
			item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
			tag     TEXT NOT NULL,
			PRIMARY KEY (item_id, tag)
		)`,
			`CREATE INDEX item_tags_tag ON item_tags (tag)`,
			`CREATE TABLE item_captures (
			item_id    TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
			capture_id TEXT NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
			at         BIGINT NOT NULL,
			records    TEXT NOT NULL,
			PRIMARY KEY (item_id, capture_id)
		)`,
			`CREATE INDEX item_captures_capture ON item_captures (capture_id)`,
			`CREATE TABLE observations (
			capture_id     TEXT NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
			seq            INTEGER NOT NULL,
			item_id        TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
			status         TEXT NOT NULL,
			at             BIGINT NOT NULL,
			http_status    INTEGER NOT NULL,
			content_sha256 TEXT NOT NULL,
			detail         TEXT NOT NULL,
			records        TEXT NOT NULL,
			implicit       INTEGER NOT NULL,
			PRIMARY KEY (capture_id, seq)
		)`,
			`CREATE INDEX observations_item ON observations (item_id, at)`,
		},
	}
}

// dataTables lists the tables Reset empties, children before parents.
func dataTables() []string {
	return []string{
		"observations", "item_captures", "item_tags", "items",
		"failures", "records", "warcs", "captures",
	}
}
