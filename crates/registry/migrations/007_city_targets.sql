-- Targets cascaded to cities (目标分解). A split assigns a target's value to cities, for one
-- year (a target judged year by year, such as the annual trade scale) or for the deadline
-- (year NULL). Splits are append-only like progress: a new split of the same target and
-- year replaces the old one on the board, and both stay.

CREATE TABLE city_splits (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id  TEXT NOT NULL REFERENCES targets(id),
    year       INTEGER CHECK (year BETWEEN 1990 AND 2100),
    rule       TEXT NOT NULL CHECK (rule IN ('entered', 'shares')),
    -- Rule 'shares': what the cities' shares are of (an indicator's code, or 'records': the
    -- cities' progress records) and of which year.
    shares_of   TEXT,
    shares_year INTEGER,
    -- The document the values come from (rule 'entered'), or the pinned table or records
    -- the shares were read from (rule 'shares').
    basis      TEXT NOT NULL CHECK (length(trim(basis)) > 0),
    entered_by TEXT NOT NULL CHECK (length(trim(entered_by)) > 0),
    entered_at TEXT NOT NULL,
    CHECK ((rule = 'shares') = (shares_of IS NOT NULL AND shares_year IS NOT NULL))
) STRICT;

CREATE TABLE city_split_values (
    split_id  INTEGER NOT NULL REFERENCES city_splits(id),
    city      TEXT NOT NULL CHECK (length(city) = 6),
    value     REAL NOT NULL CHECK (value >= 0),
    -- The city's share of the basis, % (rule 'shares').
    share_pct REAL,
    PRIMARY KEY (split_id, city)
) STRICT;

CREATE INDEX city_splits_by_target ON city_splits(target_id, year);

CREATE TRIGGER city_splits_no_update BEFORE UPDATE ON city_splits
BEGIN
    SELECT RAISE(ABORT, 'city splits are never changed: record a new split instead');
END;

CREATE TRIGGER city_splits_no_delete BEFORE DELETE ON city_splits
BEGIN
    SELECT RAISE(ABORT, 'city splits are never deleted: record a new split instead');
END;

CREATE TRIGGER city_split_values_no_update BEFORE UPDATE ON city_split_values
BEGIN
    SELECT RAISE(ABORT, 'city splits are never changed: record a new split instead');
END;

CREATE TRIGGER city_split_values_no_delete BEFORE DELETE ON city_split_values
BEGIN
    SELECT RAISE(ABORT, 'city splits are never deleted: record a new split instead');
END;

-- A progress record of one city (NULL: the province's own record). The province's
-- progress stays what the province records; the cities' sum is reconciled against it.
ALTER TABLE progress ADD COLUMN city TEXT CHECK (city IS NULL OR length(city) = 6);
