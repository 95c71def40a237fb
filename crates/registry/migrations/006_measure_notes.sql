-- Every measure on the board (issue 20): the qualitative measures the 2024 opinions name
-- beside the countable ones, and dated progress notes with a judgement, reviewed by the
-- policy office. Notes and reviews are append-only; a wrong note is corrected by a new one.

INSERT INTO measures VALUES
('trade-market-entities', 'trade', 1, NULL,
 '培育壮大外贸经营主体，完善跨境物流体系',
 'Cultivate foreign trade businesses and improve the cross-border logistics system',
 '广东省商务厅', 'Guangdong Provincial Department of Commerce',
 '2024-05-five-external-linkages-opinions-24-articles',
 'At the same time, cultivate and strengthen market entities, and improve the cross-border logistics system.'),
('investment-brand', 'investment', 2, NULL,
 '擦亮“投资广东”品牌，办好粤港澳大湾区全球招商大会、珠三角与粤东西北经贸合作招商会',
 'Polish the "Invest in Guangdong" brand: the Greater Bay Area Global Investment Conference and the Pearl River Delta and east-west-north Guangdong investment conference',
 '广东省商务厅', 'Guangdong Provincial Department of Commerce',
 '2024-05-five-external-linkages-opinions-24-articles',
 'Shine the "Invest in Guangdong" brand and host the Global Investment Conference in the Guangdong Hong Kong Macao Greater Bay Area, as well as the Pearl River Delta and Guangdong East Northwest Economic and Trade Cooperation Investment Conference.'),
('investment-environment', 'investment', 2, NULL,
 '对接国际高标准推进制度型开放，打造一流投资环境',
 'Align with high international standards for institutional opening; build a first-class investment environment',
 '广东省商务厅', 'Guangdong Provincial Department of Commerce',
 '2024-05-five-external-linkages-opinions-24-articles',
 'Connect with international high standards to promote institutional openness and create a first-class investment environment.'),
('talent-hk-macao', 'talent', 5, NULL,
 '携手港澳探索多元化引才用才模式',
 'Explore diverse ways of attracting and using talent together with Hong Kong and Macao',
 '广东省人力资源和社会保障厅', 'Guangdong Provincial Department of Human Resources and Social Security',
 '2024-05-five-external-linkages-opinions-24-articles',
 'Collaborate with Hong Kong and Macao to explore diverse talent attraction and utilization models, and so on.');

CREATE TABLE measure_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id TEXT NOT NULL REFERENCES measures(id),
    as_of      TEXT NOT NULL,
    judgement  TEXT NOT NULL CHECK (judgement IN ('not_started', 'under_way', 'done', 'stalled')),
    text       TEXT NOT NULL CHECK (length(text) > 0),
    source     TEXT NOT NULL CHECK (length(source) > 0),
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    corrects   INTEGER REFERENCES measure_notes(id) UNIQUE
) STRICT;

-- The policy office's review of a note: accepted (it counts) or returned; once per note,
-- never by the note's own author.
CREATE TABLE note_reviews (
    note_id     INTEGER PRIMARY KEY REFERENCES measure_notes(id),
    accepted    INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    comment     TEXT,
    reviewed_by TEXT NOT NULL,
    reviewed_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER measure_notes_no_update BEFORE UPDATE ON measure_notes
BEGIN SELECT RAISE(ABORT, 'notes are never changed: write a correcting note'); END;
CREATE TRIGGER measure_notes_no_delete BEFORE DELETE ON measure_notes
BEGIN SELECT RAISE(ABORT, 'notes are never deleted: write a correcting note'); END;
CREATE TRIGGER note_reviews_no_update BEFORE UPDATE ON note_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are never changed'); END;
CREATE TRIGGER note_reviews_no_delete BEFORE DELETE ON note_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are never deleted'); END;
