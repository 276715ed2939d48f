-- protocoder team server, schema 1: accounts, sessions, projects, the
-- command log of each project, the entity state the log leaves, the audit.
CREATE TABLE users (
    guid          text PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    roles         text[] NOT NULL,
    password_hash text NOT NULL,
    created       timestamptz NOT NULL
);

CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY,
    user_guid  text NOT NULL REFERENCES users (guid) ON DELETE CASCADE,
    expires    timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires);

CREATE TABLE projects (
    guid    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    created timestamptz NOT NULL,
    head    bigint NOT NULL DEFAULT 0
);

-- body is the command's JSON exactly as pushed (bytea, not jsonb: images
-- are compared byte for byte).
CREATE TABLE commands (
    project   text NOT NULL REFERENCES projects (guid),
    seq       bigint NOT NULL,
    guid      text NOT NULL,
    user_guid text NOT NULL,
    kind      text NOT NULL,
    body      bytea NOT NULL,
    received  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project, seq),
    UNIQUE (project, guid)
);

CREATE TABLE entities (
    project text NOT NULL REFERENCES projects (guid),
    entity  text NOT NULL,
    key     text NOT NULL,
    image   bytea NOT NULL,
    seq     bigint NOT NULL,
    PRIMARY KEY (project, entity, key)
);

CREATE TABLE audit (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL,
    user_name text NOT NULL,
    action  text NOT NULL,
    project text NOT NULL DEFAULT '',
    detail  text NOT NULL DEFAULT ''
);
