-- The investment project pipeline (issue 20): a project once, its events append-only.
--
-- `key` is `linkages_core::pipeline::key(investor, name, city)`: a project signed at a second
-- event is found by it and gets one more event, not a second row. Stages, amounts and the
-- events a project was seen at are events; the current state is their fold, in order.
CREATE TABLE projects (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    key           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL CHECK (length(name) > 0),
    investor      TEXT NOT NULL CHECK (length(investor) > 0),
    country       TEXT NOT NULL,            -- ISO 3166-1 alpha-3
    industry      TEXT NOT NULL,            -- GB/T 4754 section
    cluster       TEXT,                     -- strategic cluster code
    city          TEXT NOT NULL,            -- GB/T 2260
    top_leader    INTEGER NOT NULL CHECK (top_leader IN (0, 1)),
    landmark      INTEGER NOT NULL CHECK (landmark IN (0, 1)),
    entered_by    TEXT NOT NULL,
    entered_at    TEXT NOT NULL
) STRICT;

CREATE TABLE project_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     INTEGER NOT NULL REFERENCES projects(id),
    on_day         TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('seen', 'moved', 'amounts', 'planned')),
    event          TEXT CHECK ((kind = 'seen') = (event IS NOT NULL)),
    stage          TEXT CHECK ((kind = 'moved') = (stage IS NOT NULL)
                               AND stage IN ('promoted', 'negotiating', 'signed', 'started', 'producing')),
    correction     INTEGER NOT NULL DEFAULT 0 CHECK (correction IN (0, 1)),
    planned_usd    REAL,
    contracted_usd REAL,
    actual_usd     REAL,
    planned_cny    REAL,
    contracted_cny REAL,
    actual_cny     REAL,
    planned_start  TEXT CHECK ((kind = 'planned') = (planned_start IS NOT NULL)),
    evidence       TEXT NOT NULL CHECK (length(evidence) > 0),
    entered_by     TEXT NOT NULL,
    entered_at     TEXT NOT NULL
) STRICT;

CREATE INDEX project_events_by_project ON project_events(project_id, id);

-- A duplicate the key did not catch (another spelling of the investor), merged by hand:
-- `from_id`'s events count as `into_id`'s; both rows and all events stay.
CREATE TABLE project_merges (
    from_id    INTEGER PRIMARY KEY REFERENCES projects(id),
    into_id    INTEGER NOT NULL REFERENCES projects(id) CHECK (into_id <> from_id),
    evidence   TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL
) STRICT;

-- Every import of a project list, and the rows it refused with their reasons.
CREATE TABLE project_imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    merged      INTEGER NOT NULL,
    quarantined INTEGER NOT NULL,
    entered_by  TEXT NOT NULL,
    entered_at  TEXT NOT NULL,
    CHECK (rows_read = added + merged + quarantined)
) STRICT;

CREATE TABLE project_quarantine (
    import_id INTEGER NOT NULL REFERENCES project_imports(id),
    row       INTEGER NOT NULL,
    col       TEXT NOT NULL,
    value     TEXT NOT NULL,
    reason    TEXT NOT NULL,
    raw       TEXT NOT NULL
) STRICT;

CREATE TRIGGER projects_no_update BEFORE UPDATE ON projects
BEGIN SELECT RAISE(ABORT, 'projects are never changed: record an event or a merge'); END;
CREATE TRIGGER projects_no_delete BEFORE DELETE ON projects
BEGIN SELECT RAISE(ABORT, 'projects are never deleted: merge a duplicate instead'); END;
CREATE TRIGGER project_events_no_update BEFORE UPDATE ON project_events
BEGIN SELECT RAISE(ABORT, 'project events are never changed: record a correction'); END;
CREATE TRIGGER project_events_no_delete BEFORE DELETE ON project_events
BEGIN SELECT RAISE(ABORT, 'project events are never deleted: record a correction'); END;
CREATE TRIGGER project_merges_no_change BEFORE UPDATE ON project_merges
BEGIN SELECT RAISE(ABORT, 'merges are never changed'); END;
CREATE TRIGGER project_merges_no_delete BEFORE DELETE ON project_merges
BEGIN SELECT RAISE(ABORT, 'merges are never undone by deleting'); END;
