-- Views for BI tools (Metabase, Superset, Grafana): read these, not the tables.
-- Counts are raw here; suppress small counts (< 5) in anything published.

-- One row per day × commune × pack: practices started, finished, handed off,
-- abandoned (or expired) and failed step submissions.
CREATE VIEW v_daily_pack AS
SELECT day, province, commune, pack,
       sum(n) FILTER (WHERE kind = 'started'    AND error_code = '')             AS started,
       sum(n) FILTER (WHERE kind = 'finished'   AND error_code = '')             AS finished,
       sum(n) FILTER (WHERE kind = 'handed_off' AND error_code = '')             AS handed_off,
       sum(n) FILTER (WHERE kind IN ('abandoned', 'expired') AND error_code = '') AS abandoned,
       sum(n) FILTER (WHERE kind = 'step_failed' AND error_code = '')            AS failed_steps
FROM totals
GROUP BY day, province, commune, pack;

-- One row per day × commune × pack × step × event kind (the funnel: where people stop).
CREATE VIEW v_steps AS
SELECT day, province, commune, pack, step, kind, sum(n) AS n
FROM totals
WHERE error_code = '' AND step <> ''
GROUP BY day, province, commune, pack, step, kind;

-- One row per day × commune × pack × step × error code (the commonest mistakes).
CREATE VIEW v_errors AS
SELECT day, province, commune, pack, step, error_code, sum(n) AS n
FROM totals
WHERE error_code <> ''
GROUP BY day, province, commune, pack, step, error_code;

-- One row per kiosk: last seen and its newest health report.
CREATE VIEW v_kiosks AS
SELECT kiosk_id, province, commune, batches, last_received, clock_offset_sec,
       dropped_periods, dropped_events,
       health->>'app_version'              AS app_version,
       health->>'config_id'                AS config_id,
       (health->>'outbox_depth')::bigint   AS outbox_depth,
       (health->>'dead_letters')::bigint   AS dead_letters,
       (health->>'uptime_sec')::bigint     AS uptime_sec,
       health->>'last_reload_error'        AS last_reload_error,
       (health->>'clock_offset_sec')::bigint AS kiosk_clock_offset_sec
FROM kiosks;
