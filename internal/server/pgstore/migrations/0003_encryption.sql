-- protocoder team server, schema 3: encryption at rest. Change images are
-- sealed (AES-256-GCM) with the data key of their scope; data_keys holds
-- each data key wrapped by the project key, whose id projects.key_id
-- names (the key itself is a file of the key folder, never in the
-- database). A purge deletes the data keys of what it purges and records
-- the purged keys, so that nothing points at them again.
ALTER TABLE projects ADD COLUMN key_id bytea;

CREATE TABLE data_keys (
    project text NOT NULL REFERENCES projects (guid),
    scope   text NOT NULL,
    wrapped bytea NOT NULL,
    PRIMARY KEY (project, scope)
);

CREATE TABLE purged (
    project text NOT NULL REFERENCES projects (guid),
    key     text NOT NULL,
    seq     bigint NOT NULL,
    PRIMARY KEY (project, key)
);

-- sealed: the body's images are sealed (schema 1 kept them in the clear;
-- the server seals those at its next start). entities.scope is the scope
-- of a sealed image, NULL for an image in the clear.
ALTER TABLE commands ADD COLUMN sealed boolean NOT NULL DEFAULT false;
ALTER TABLE entities ADD COLUMN scope text;
