export const name = '016-backfill-tags-mentions';

/**
 * Migration 011 indexed the hashtags and mentions of posts by triggers, but only of posts written
 * after it: posts already stored never appeared in tag timelines or tag search, and direct posts
 * already stored never in conversations (nor, mentioning a follower, in that follower's home).
 * This fills in what the triggers would have written, from the objects' own data, with exactly the
 * triggers' rules. Idempotent (INSERT OR IGNORE): posts the triggers saw are left as they are.
 * Objects whose data is not valid JSON are skipped (json_each would abort the migration).
 */
export const sql = `
INSERT OR IGNORE INTO object_tags (name, object_id)
SELECT lower(substr(ltrim(json_extract(j.value, '$.name'), '#'), 1, 100)), o.id
FROM (SELECT id, data FROM objects WHERE CASE WHEN json_valid(data) THEN json_type(data, '$.tag') END = 'array') AS o,
  json_each(o.data, '$.tag') AS j
WHERE j.type = 'object' AND json_extract(j.value, '$.type') = 'Hashtag' AND typeof(json_extract(j.value, '$.name')) = 'text'
  AND length(ltrim(json_extract(j.value, '$.name'), '#')) > 0;

-- Direct posts the mentions trigger never saw: those with no mention rows yet.
CREATE TEMP TABLE backfill_direct AS
SELECT id, data FROM objects
WHERE visibility = 'direct' AND CASE WHEN json_valid(data) THEN json_type(data, '$.tag') END = 'array'
  AND NOT EXISTS (SELECT 1 FROM object_mentions m WHERE m.object_id = objects.id);

INSERT OR IGNORE INTO object_mentions (actor_uri, object_id)
SELECT json_extract(j.value, '$.href'), o.id FROM backfill_direct AS o, json_each(o.data, '$.tag') AS j
WHERE j.type = 'object' AND json_extract(j.value, '$.type') = 'Mention' AND typeof(json_extract(j.value, '$.href')) = 'text';

-- As home_feed_post does for a new direct post, and as 011 backfilled the other visibilities:
-- the author's accepted local followers it mentions.
INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
SELECT f.follower_id, o.id, o.actor_id
FROM backfill_direct AS b JOIN objects o ON o.id = b.id
JOIN follows f ON f.followee_id = o.actor_id AND f.state = 'accepted'
JOIN actors a ON a.id = f.follower_id AND a.domain IS NULL
WHERE o.deleted_at IS NULL AND o.type IN ('Note', 'Article')
  AND EXISTS (SELECT 1 FROM object_mentions m WHERE m.object_id = o.id AND m.actor_uri = a.uri);

DROP TABLE backfill_direct;
`;
