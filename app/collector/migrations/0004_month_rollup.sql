-- Monthly running totals beside the daily ones, kept in the same transaction:
-- a province's report over months reads one row per month instead of ~30.
-- month is the first day of the month.
CREATE TABLE totals_month (
    province      text   NOT NULL,
    commune       text   NOT NULL,
    kiosk_id      text   NOT NULL,
    pack          text   NOT NULL,
    pack_version  int    NOT NULL,
    month         date   NOT NULL CHECK (extract(day FROM month) = 1),
    step          text   NOT NULL,
    kind          text   NOT NULL,
    error_code    text   NOT NULL,
    n             bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (province, commune, kiosk_id, pack, pack_version, month, step, kind, error_code)
);

INSERT INTO totals_month (province, commune, kiosk_id, pack, pack_version, month, step, kind, error_code, n)
SELECT province, commune, kiosk_id, pack, pack_version, date_trunc('month', day)::date, step, kind, error_code, sum(n)
FROM totals
GROUP BY province, commune, kiosk_id, pack, pack_version, date_trunc('month', day)::date, step, kind, error_code;

-- One row per month × province × commune × pack (as v_daily_pack, from the rollup).
CREATE VIEW v_monthly_pack AS
SELECT month, province, commune, pack,
       sum(n) FILTER (WHERE kind = 'started'    AND error_code = '')             AS started,
       sum(n) FILTER (WHERE kind = 'finished'   AND error_code = '')             AS finished,
       sum(n) FILTER (WHERE kind = 'handed_off' AND error_code = '')             AS handed_off,
       sum(n) FILTER (WHERE kind IN ('abandoned', 'expired') AND error_code = '') AS abandoned,
       sum(n) FILTER (WHERE kind = 'step_failed' AND error_code = '')            AS failed_steps
FROM totals_month
GROUP BY month, province, commune, pack;
