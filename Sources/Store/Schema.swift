/// The SQLite schema, as the ordered list of its migrations. Never edit a step once released: add one.
///
/// Times are Unix milliseconds in INTEGER columns; IDs are text; enumerations are text with a CHECK.
/// Tables are STRICT, so a value of the wrong type is refused rather than stored. Foreign keys are enforced while
/// migrating (SQLite cannot switch them off inside a transaction), so a step that rebuilds a table must copy the
/// rows into the new table before dropping the old one.
enum Schema {
    static let migrations: [Migration] = [
        Migration(
            version: 1, name: "users, access tokens and sessions",
            sql: """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    username TEXT NOT NULL COLLATE NOCASE UNIQUE,
                    display_name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
                    password_hash TEXT,
                    oidc_issuer TEXT,
                    oidc_subject TEXT,
                    created_at INTEGER NOT NULL,
                    blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
                    UNIQUE (oidc_issuer, oidc_subject),
                    CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))
                ) STRICT;
                CREATE TABLE access_tokens (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    last_used_at INTEGER
                ) STRICT;
                CREATE INDEX access_tokens_by_user ON access_tokens (user_id);
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    last_seen_at INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX sessions_by_user ON sessions (user_id);
                CREATE INDEX sessions_by_expiry ON sessions (expires_at);
                """),
        Migration(
            version: 2, name: "workspaces and their instances",
            sql: """
                CREATE TABLE workspaces (
                    id TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
                    context_url TEXT NOT NULL,
                    clone_url TEXT NOT NULL,
                    ref TEXT,
                    ref_type TEXT CHECK (ref_type IN ('default', 'branch', 'tag', 'commit', 'pullRequest')),
                    commit_sha TEXT NOT NULL,
                    configuration TEXT NOT NULL DEFAULT '{}',
                    image TEXT,
                    environment_variables TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    deleted_at INTEGER
                ) STRICT;
                CREATE INDEX workspaces_by_owner ON workspaces (owner_id, created_at);
                CREATE TABLE workspace_instances (
                    id TEXT PRIMARY KEY,
                    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
                    phase TEXT NOT NULL CHECK (phase IN (
                        'preparing', 'building', 'pending', 'creating', 'initializing', 'running', 'stopping',
                        'stopped', 'failed')),
                    failure_reason TEXT,
                    container_id TEXT,
                    image_ref TEXT,
                    content_source TEXT CHECK (content_source IN ('backup', 'prebuild', 'git')),
                    created_at INTEGER NOT NULL,
                    stopped_at INTEGER
                ) STRICT;
                CREATE INDEX workspace_instances_by_workspace ON workspace_instances (workspace_id, created_at);
                CREATE INDEX workspace_instances_by_phase ON workspace_instances (phase);
                CREATE TABLE instance_phase_times (
                    instance_id TEXT NOT NULL REFERENCES workspace_instances (id) ON DELETE CASCADE,
                    phase TEXT NOT NULL CHECK (phase IN (
                        'preparing', 'building', 'pending', 'creating', 'initializing', 'running', 'stopping',
                        'stopped', 'failed')),
                    at INTEGER NOT NULL,
                    PRIMARY KEY (instance_id, phase)
                ) STRICT, WITHOUT ROWID;
                """),
        Migration(
            version: 3, name: "backups, image builds and prebuilds",
            sql: """
                CREATE TABLE backups (
                    id TEXT PRIMARY KEY,
                    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE RESTRICT,
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    created_at INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'deleted'))
                ) STRICT;
                CREATE INDEX backups_by_workspace ON backups (workspace_id, created_at);
                CREATE TABLE image_builds (
                    tag TEXT PRIMARY KEY,
                    state TEXT NOT NULL CHECK (state IN ('building', 'done', 'failed')),
                    log_path TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    failure TEXT
                ) STRICT;
                CREATE TABLE prebuilds (
                    id TEXT PRIMARY KEY,
                    clone_url TEXT NOT NULL,
                    commit_sha TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'available', 'failed')),
                    snapshot_path TEXT,
                    log_path TEXT,
                    created_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    failure TEXT
                ) STRICT;
                CREATE INDEX prebuilds_by_commit ON prebuilds (clone_url, commit_sha, created_at);
                """),
        Migration(
            version: 4, name: "users' environment variables",
            sql: """
                CREATE TABLE environment_variables (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    repository_pattern TEXT NOT NULL,
                    UNIQUE (user_id, name, repository_pattern)
                ) STRICT;
                """),
        Migration(
            version: 5, name: "the host id range of an instance's container",
            sql: """
                ALTER TABLE workspace_instances ADD COLUMN host_id_offset INTEGER CHECK (host_id_offset >= 0);
                """),
        Migration(
            version: 6, name: "the visibility of workspaces' ports",
            sql: """
                CREATE TABLE workspace_ports (
                    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
                    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
                    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
                    PRIMARY KEY (workspace_id, port)
                ) STRICT;
                """),
        Migration(
            version: 7, name: "a workspace's own inactivity timeout",
            sql: """
                ALTER TABLE workspaces ADD COLUMN inactivity_timeout_seconds INTEGER
                    CHECK (inactivity_timeout_seconds > 0);
                """),
        Migration(
            version: 8, name: "users' settings: the default inactivity timeout of their new workspaces",
            sql: """
                CREATE TABLE user_settings (
                    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                    default_inactivity_timeout_seconds INTEGER CHECK (default_inactivity_timeout_seconds > 0)
                ) STRICT;
                """),
    ]
}
