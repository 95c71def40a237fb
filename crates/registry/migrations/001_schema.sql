-- Measures of the Five External Linkages, their targets, and progress records.
-- Progress is append-only: a wrong record is corrected by a new record that names it.

CREATE TABLE measures (
    id            TEXT PRIMARY KEY,
    -- NULL: a cross-cutting measure (e.g. the industrial system behind all five).
    linkage       TEXT CHECK (linkage IN ('trade', 'investment', 'outsourcing', 'cooperation', 'talent')),
    -- Part of the 2024 opinions (seven parts); NULL when the measure comes from another document.
    part          INTEGER CHECK (part BETWEEN 1 AND 7),
    -- Article (1-24); NULL where the sources do not number it.
    article       INTEGER CHECK (article BETWEEN 1 AND 24),
    title_zh      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    department_zh TEXT NOT NULL,
    department_en TEXT NOT NULL,
    source        TEXT NOT NULL,
    quote         TEXT NOT NULL
) STRICT;

CREATE TABLE targets (
    id               TEXT PRIMARY KEY,
    measure_id       TEXT NOT NULL REFERENCES measures(id),
    title_zh         TEXT NOT NULL,
    title_en         TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('reach', 'maintain')),
    unit             TEXT NOT NULL,
    baseline_value   REAL NOT NULL,
    baseline_date    TEXT NOT NULL,
    target_value     REAL NOT NULL,
    deadline         TEXT NOT NULL,
    -- 1 where the sources give no deadline and the registry assumes one (see note).
    deadline_assumed INTEGER NOT NULL CHECK (deadline_assumed IN (0, 1)),
    -- Bound to an indicator of the store: evaluated from data, not from records.
    indicator        TEXT,
    figure           TEXT CHECK (figure IN ('annual', 'yoy')),
    source           TEXT NOT NULL,
    quote            TEXT NOT NULL,
    note             TEXT,
    CHECK ((indicator IS NULL) = (figure IS NULL))
) STRICT;

CREATE TABLE progress (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id  TEXT NOT NULL REFERENCES targets(id),
    value      REAL NOT NULL,
    as_of      TEXT NOT NULL,
    source     TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    corrects   INTEGER REFERENCES progress(id),
    note       TEXT
) STRICT;

CREATE INDEX progress_by_target ON progress(target_id, as_of);

CREATE TRIGGER progress_no_update BEFORE UPDATE ON progress
BEGIN
    SELECT RAISE(ABORT, 'progress records are never changed: record a correction instead');
END;

CREATE TRIGGER progress_no_delete BEFORE DELETE ON progress
BEGIN
    SELECT RAISE(ABORT, 'progress records are never deleted: record a correction instead');
END;
