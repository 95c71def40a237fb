-- A record is corrected at most once: a later correction corrects the correction, so the
-- chain of corrections is a line and the record that counts is never in doubt.
CREATE UNIQUE INDEX progress_corrected_once ON progress(corrects) WHERE corrects IS NOT NULL;
