-- protocoder team server, schema 2: memberships per project. An account
-- has roles per project; it reaches only the projects it is a member of.
CREATE TABLE members (
    project   text NOT NULL REFERENCES projects (guid) ON DELETE CASCADE,
    user_guid text NOT NULL REFERENCES users (guid) ON DELETE CASCADE,
    roles     text[] NOT NULL,
    PRIMARY KEY (project, user_guid)
);
CREATE INDEX members_user ON members (user_guid);

-- Before schema 2, every account was a member of every project with the
-- roles of the account: so it stays.
INSERT INTO members (project, user_guid, roles)
    SELECT p.guid, u.guid, u.roles FROM projects p CROSS JOIN users u;
