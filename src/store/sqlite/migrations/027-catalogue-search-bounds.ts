export const name = '027-catalogue-search-bounds';

/**
 * The catalogue search in bounded time (docs/performance.md, "Catalogue search").
 *
 * - solution_facet_counts: how many indexed solutions carry each facet value, kept by triggers on
 *   solution_facets in the transaction that writes the facet rows (reindex, and the cascade when a
 *   solution row goes), so browsing reads a few counter rows instead of every facet row.
 * - solutions_fts gains a `facets` column of one token per facet value (facetToken in
 *   solutions.ts: a letter for the facet and the value's UTF-8 in hex, so any value is one exact
 *   token). Text and filters then become one FTS5 expression, answered by merging doclists,
 *   instead of a facet lookup per text match. FTS5 cannot add a column: the table is rebuilt from
 *   its own stored text and the facet rows (rowids kept; rows of solutions no longer held dropped).
 * - solutions_fts_terms: an fts5vocab view of that index (no data of its own). A prefix query
 *   ("sygedagpenge"*) makes FTS5 merge every matching doclist before the first row, on every
 *   statement; the few whole terms a word begins, read here once per search, are cheap to OR.
 */
export const sql = `
CREATE TABLE solution_facet_counts (
  facet TEXT NOT NULL,
  value TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (facet, value)
) WITHOUT ROWID;
CREATE INDEX solution_facet_counts_top ON solution_facet_counts (facet, n DESC, value);
INSERT INTO solution_facet_counts (facet, value, n) SELECT facet, value, count(*) FROM solution_facets GROUP BY facet, value;

CREATE TRIGGER solution_facets_count AFTER INSERT ON solution_facets BEGIN
  INSERT INTO solution_facet_counts (facet, value, n) VALUES (new.facet, new.value, 1)
    ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER solution_facets_uncount AFTER DELETE ON solution_facets BEGIN
  UPDATE solution_facet_counts SET n = n - 1 WHERE facet = old.facet AND value = old.value;
  DELETE FROM solution_facet_counts WHERE facet = old.facet AND value = old.value AND n <= 0;
END;

CREATE VIRTUAL TABLE solutions_fts_027 USING fts5(title, summary, body, facets, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO solutions_fts_027 (rowid, title, summary, body, facets)
  SELECT f.rowid, f.title, f.summary, f.body, coalesce((
    SELECT group_concat(CASE sf.facet WHEN 'sector' THEN 's' WHEN 'language' THEN 'l' WHEN 'maturity' THEN 'm' WHEN 'origin' THEN 'o' ELSE 't' END || lower(hex(sf.value)), ' ')
    FROM solution_facets sf WHERE sf.solution_id = s.id), '')
  FROM solutions_fts f JOIN solutions s ON s.rowid = f.rowid;
DROP TABLE solutions_fts;
ALTER TABLE solutions_fts_027 RENAME TO solutions_fts;

-- FTS5's own vocabulary of the index, to turn a query word into the few whole terms it begins.
CREATE VIRTUAL TABLE solutions_fts_terms USING fts5vocab('solutions_fts', 'row');
`;
