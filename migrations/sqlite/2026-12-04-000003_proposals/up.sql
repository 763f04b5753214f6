-- Proposals: groups (the steering committee), projects and their representatives, proposal
-- topics with their stage, authors, endorsements, adoptions and history (issue #13).
-- SQLite dialect; keep in step with ../../postgres/.

-- A named set of members that admins manage. The steering committee is the group the
-- configuration names (`proposals.committee_group`); a group's name is its handle in URLs.
CREATE TABLE groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX groups_by_name ON groups(name);

CREATE TABLE group_members (
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_by_user ON group_members(user_id);

-- A project of the ecosystem. A core project endorses proposals through its representatives;
-- any project may record adopting one. Most have their own category (where its users ask),
-- but a project may exist without one (an adopter known only by its name and homepage).
-- slug is the project's handle (`numpy`), as the SPEC repository's front matter names it.
CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    category_id BIGINT REFERENCES categories(id) ON DELETE SET NULL,
    is_core BOOLEAN NOT NULL DEFAULT FALSE,
    homepage_url TEXT,
    repository_url TEXT,
    package_url TEXT,
    licence TEXT,
    logo_url TEXT,
    contact TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX projects_by_slug ON projects(slug);
CREATE UNIQUE INDEX projects_by_category ON projects(category_id);

-- Who may act for a project (endorse, adopt, confirm).
CREATE TABLE project_representatives (
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_representatives_by_user ON project_representatives(user_id);

-- Categories whose topics are proposals (Proposals → Ideas, and its siblings).
ALTER TABLE categories ADD COLUMN proposals BOOLEAN NOT NULL DEFAULT FALSE;

-- A proposal is a topic with these facts. stage: 'idea', 'accepted', 'published',
-- 'withdrawn' or 'superseded' (what the committee decided; "endorsed" and "recommended"
-- follow from the endorsements, so they are counted, never stored). kind: 'standard' or
-- 'process'. number is given on acceptance and kept for good, withdrawn or not: the unique
-- index is what makes it never reused. superseded_by names the proposal that replaced it.
CREATE TABLE proposals (
    topic_id BIGINT PRIMARY KEY REFERENCES topics(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    kind TEXT NOT NULL,
    number INTEGER,
    pull_request_url TEXT,
    document_url TEXT,
    idea_topic_id BIGINT REFERENCES topics(id) ON DELETE SET NULL,
    comments_topic_id BIGINT REFERENCES topics(id) ON DELETE SET NULL,
    superseded_by BIGINT REFERENCES proposals(topic_id) ON DELETE SET NULL,
    stage_changed_at TIMESTAMP NOT NULL,
    stage_changed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX proposals_by_number ON proposals(number);

-- Its authors, in order: forum members, or names of people without an account.
CREATE TABLE proposal_authors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL REFERENCES proposals(topic_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    name TEXT NOT NULL
);
CREATE INDEX proposal_authors_by_proposal ON proposal_authors(proposal_id, position);

-- A core project's endorsement, given by one of its representatives. to_reconfirm is set
-- when the endorsed document's link changes, until the project confirms again.
CREATE TABLE proposal_endorsements (
    proposal_id BIGINT NOT NULL REFERENCES proposals(topic_id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    note TEXT,
    to_reconfirm BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, project_id)
);
CREATE INDEX proposal_endorsements_by_project ON proposal_endorsements(project_id);

-- A project's adoption, recorded by one of its representatives, with where it says so.
CREATE TABLE proposal_adoptions (
    proposal_id BIGINT NOT NULL REFERENCES proposals(topic_id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    url TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, project_id)
);
CREATE INDEX proposal_adoptions_by_project ON proposal_adoptions(project_id);

-- Everything that happened to a proposal, oldest first: the status panel's history, the
-- small action posts in its topic, the Atom feed of stage changes and the digest's section.
-- kind: 'proposed', 'stage', 'numbered', 'endorsed', 'endorsement_withdrawn', 'confirmed',
-- 'adopted', 'adoption_withdrawn', 'document_changed', 'imported'. The actor's name is
-- copied in, as the staff log does, so the history stays readable when an account is gone.
CREATE TABLE proposal_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL REFERENCES proposals(topic_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    actor_name TEXT,
    project_id BIGINT REFERENCES projects(id) ON DELETE SET NULL,
    from_stage TEXT,
    to_stage TEXT,
    note TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX proposal_events_by_proposal ON proposal_events(proposal_id, id);
CREATE INDEX proposal_events_by_time ON proposal_events(created_at);
