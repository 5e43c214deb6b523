package collector

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"tramhocso/app/stats/wire"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one versioned schema change: migrations/NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded PostgreSQL migrations in version order.
func Migrations() ([]Migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "migrations/"), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %s is not NNNN_name.sql", n)
		}
		sql, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(sql)})
	}
	slices.SortFunc(out, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations are not numbered 1, 2, 3…: %d is %s", i+1, m.Name)
		}
	}
	return out, nil
}

type pgStore struct{ pool *pgxpool.Pool }

// OpenPostgres connects to PostgreSQL (a postgres:// URL; pool settings such
// as pool_max_conns may be added to it) and applies any migration not yet
// in schema_migrations, all in one transaction under an advisory lock, so
// that collectors starting together migrate once.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("collector database URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	s := &pgStore{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// migrationLock is the pg_advisory_xact_lock key of migrations ("THS" + 1).
const migrationLock = 0x54485301

func (s *pgStore) migrate(ctx context.Context) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("locking for migrations: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return fmt.Errorf("creating schema_migrations: %w", err)
		}
		var have int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
			return fmt.Errorf("reading schema_migrations: %w", err)
		}
		if have > len(ms) {
			return fmt.Errorf("the database is at schema version %d, newer than this program knows (%d): upgrade tramhocso", have, len(ms))
		}
		for _, m := range ms[have:] {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
				return fmt.Errorf("recording migration %d: %w", m.Version, err)
			}
		}
		return nil
	})
}

func (s *pgStore) Close() error { s.pool.Close(); return nil }

// retryable: a deadlock or serialization failure, worth running the
// transaction again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

func (s *pgStore) Put(ctx context.Context, r BatchRecord) (Result, error) {
	var res Result
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		res, err = s.put(ctx, r)
		if !retryable(err) {
			break
		}
	}
	return res, wrapf(err, "storing batch %s", r.Batch.BatchID)
}

func (s *pgStore) put(ctx context.Context, r BatchRecord) (Result, error) {
	var res Result
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The primary key decides: a second transaction with the same id
		// waits here for the first to commit or roll back.
		tag, err := tx.Exec(ctx, `INSERT INTO batches (batch_id, kiosk_id, schema, received_at, sent_at, sha256, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (batch_id) DO NOTHING`,
			r.Batch.BatchID, r.Batch.KioskID, r.Batch.Schema, r.ReceivedAt, r.SentAt, r.SHA256, r.Body)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var sum []byte
			if err := tx.QueryRow(ctx, `SELECT sha256 FROM batches WHERE batch_id = $1`, r.Batch.BatchID).Scan(&sum); err != nil {
				return err
			}
			res = Conflict
			if bytes.Equal(sum, r.SHA256) {
				res = AlreadyHaveIt
			}
			return nil
		}
		var b pgx.Batch
		for _, c := range r.counters() {
			b.Queue(`INSERT INTO totals (province, commune, kiosk_id, pack, pack_version, day, step, kind, error_code, n)
				VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10)
				ON CONFLICT (province, commune, kiosk_id, pack, pack_version, day, step, kind, error_code)
				DO UPDATE SET n = totals.n + EXCLUDED.n`,
				c.k.Province, c.k.Commune, c.k.Kiosk, c.k.Pack, c.k.PackVersion, c.k.Day, c.k.Step, c.k.Kind, c.k.Error, int64(c.n))
		}
		for _, c := range monthly(r.counters()) {
			b.Queue(`INSERT INTO totals_month (province, commune, kiosk_id, pack, pack_version, month, step, kind, error_code, n)
				VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10)
				ON CONFLICT (province, commune, kiosk_id, pack, pack_version, month, step, kind, error_code)
				DO UPDATE SET n = totals_month.n + EXCLUDED.n`,
				c.k.Province, c.k.Commune, c.k.Kiosk, c.k.Pack, c.k.PackVersion, c.k.Day, c.k.Step, c.k.Kind, c.k.Error, int64(c.n))
		}
		var health []byte
		var healthAt *time.Time
		if r.Batch.Health != nil {
			if health, err = json.Marshal(r.Batch.Health); err != nil {
				return err
			}
			if t, err := time.Parse(time.RFC3339, r.Batch.SealedAt); err == nil {
				healthAt = &t
			}
		}
		st, fi, ho := r.hourly()
		b.Queue(`INSERT INTO kiosks AS k (kiosk_id, province, commune, batches, last_received, clock_offset_sec,
				dropped_periods, dropped_events, started, finished, handed_off, health, health_sealed_at)
			VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (kiosk_id) DO UPDATE SET
				province = EXCLUDED.province, commune = EXCLUDED.commune,
				batches = k.batches + 1,
				clock_offset_sec = CASE WHEN EXCLUDED.last_received > k.last_received THEN EXCLUDED.clock_offset_sec ELSE k.clock_offset_sec END,
				last_received = greatest(k.last_received, EXCLUDED.last_received),
				dropped_periods = k.dropped_periods + EXCLUDED.dropped_periods,
				dropped_events = k.dropped_events + EXCLUDED.dropped_events,
				started = k.started + EXCLUDED.started,
				finished = k.finished + EXCLUDED.finished,
				handed_off = k.handed_off + EXCLUDED.handed_off,
				health = CASE WHEN EXCLUDED.health IS NOT NULL AND (k.health_sealed_at IS NULL OR EXCLUDED.health_sealed_at >= k.health_sealed_at)
					THEN EXCLUDED.health ELSE k.health END,
				health_sealed_at = CASE WHEN EXCLUDED.health IS NOT NULL AND (k.health_sealed_at IS NULL OR EXCLUDED.health_sealed_at >= k.health_sealed_at)
					THEN EXCLUDED.health_sealed_at ELSE k.health_sealed_at END`,
			r.Batch.KioskID, r.Province, r.Commune, r.ReceivedAt, r.clockOffset(),
			int64(r.Batch.Dropped.Periods), int64(r.Batch.Dropped.Events), int64(st), int64(fi), int64(ho), health, healthAt)
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return err
		}
		res = Stored
		return nil
	})
	return res, err
}

func (s *pgStore) EachBatch(ctx context.Context, fn func(id string, body []byte) error) error {
	rows, err := s.pool.Query(ctx, `SELECT batch_id, body FROM batches ORDER BY batch_id`)
	if err != nil {
		return fmt.Errorf("reading batches: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var body []byte
		if err := rows.Scan(&id, &body); err != nil {
			return fmt.Errorf("reading batches: %w", err)
		}
		if err := fn(id, body); err != nil {
			return err
		}
	}
	return wrapf(rows.Err(), "reading batches")
}

func (s *pgStore) Batch(ctx context.Context, id string) ([]byte, error) {
	var body []byte
	err := s.pool.QueryRow(ctx, `SELECT body FROM batches WHERE batch_id = $1`, id).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return body, wrapf(err, "reading batch %s", id)
}

// Unbounded ends of a day range, as dates PostgreSQL and Go agree on.
var (
	dayMin = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	dayMax = time.Date(2999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// monthSplit cuts [from, to] into whole months [m1, m2] (first days; ok
// false when there is none) and the days before and after them.
func monthSplit(from, to time.Time) (m1, m2 time.Time, ok bool, days [][2]time.Time) {
	first := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	fm := first(from)
	if fm.Before(from) {
		fm = fm.AddDate(0, 1, 0)
	}
	end := first(to.AddDate(0, 0, 1)) // exclusive end of the whole months
	if !fm.Before(end) {
		return time.Time{}, time.Time{}, false, [][2]time.Time{{from, to}}
	}
	if from.Before(fm) {
		days = append(days, [2]time.Time{from, fm.AddDate(0, 0, -1)})
	}
	if !end.After(to) {
		days = append(days, [2]time.Time{end, to})
	}
	return fm, end.AddDate(0, -1, 0), true, days
}

// monthly merges counters into their months (Day becomes YYYY-MM-01), in
// key order.
func monthly(cs []keyed) []keyed {
	out := make([]keyed, len(cs))
	for i, c := range cs {
		c.k.Day = c.k.Day[:8] + "01"
		out[i] = c
	}
	slices.SortFunc(out, func(a, b keyed) int { return a.k.compare(b.k) })
	merged := out[:0]
	for _, c := range out {
		if n := len(merged); n > 0 && merged[n-1].k == c.k {
			merged[n-1].n += c.n
			continue
		}
		merged = append(merged, c)
	}
	return merged
}

func (s *pgStore) Sums(ctx context.Context, q Query, fn func(Sum) error) error {
	communes := q.Scope.Communes
	if communes == nil {
		communes = []string{}
	}
	from, to := dayMin, dayMax
	var err error
	if q.From != "" {
		if from, err = time.Parse(wire.DayLayout, q.From); err != nil {
			return fmt.Errorf("reading totals: %w", err)
		}
	}
	if q.To != "" {
		if to, err = time.Parse(wire.DayLayout, q.To); err != nil {
			return fmt.Errorf("reading totals: %w", err)
		}
	}
	args := []any{q.Scope.All, q.Scope.Province, communes}
	scope := `($1 OR (province = $2 AND (cardinality($3::text[]) = 0 OR commune = ANY($3::text[]))))`
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	var parts []string
	if q.ByDay {
		parts = append(parts, `SELECT province, commune, kiosk_id, pack, to_char(day, 'YYYY-MM-DD') AS d, step, kind, error_code, n
			FROM totals WHERE day >= `+arg(from)+` AND day <= `+arg(to)+` AND `+scope)
	} else {
		m1, m2, ok, days := monthSplit(from, to)
		if ok {
			parts = append(parts, `SELECT province, commune, kiosk_id, pack, '' AS d, step, kind, error_code, n
				FROM totals_month WHERE month >= `+arg(m1)+` AND month <= `+arg(m2)+` AND `+scope)
		}
		for _, d := range days {
			parts = append(parts, `SELECT province, commune, kiosk_id, pack, '' AS d, step, kind, error_code, n
				FROM totals WHERE day >= `+arg(d[0])+` AND day <= `+arg(d[1])+` AND `+scope)
		}
	}
	rows, err := s.pool.Query(ctx, `SELECT province, commune, kiosk_id, pack, d, step, kind, error_code, sum(n)::bigint
		FROM (`+strings.Join(parts, " UNION ALL ")+`) t
		GROUP BY province, commune, kiosk_id, pack, d, step, kind, error_code`, args...)
	if err != nil {
		return fmt.Errorf("reading totals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sm Sum
		var n int64
		if err := rows.Scan(&sm.Province, &sm.Commune, &sm.Kiosk, &sm.Pack, &sm.Day, &sm.Step, &sm.Kind, &sm.Error, &n); err != nil {
			return fmt.Errorf("reading totals: %w", err)
		}
		sm.N = uint64(n)
		if err := fn(sm); err != nil {
			return err
		}
	}
	return wrapf(rows.Err(), "reading totals")
}

func (s *pgStore) Kiosks(ctx context.Context) ([]KioskState, error) {
	rows, err := s.pool.Query(ctx, `SELECT kiosk_id, province, commune, batches, last_received, clock_offset_sec,
		dropped_periods, dropped_events, started, finished, handed_off, health, health_sealed_at FROM kiosks ORDER BY kiosk_id`)
	if err != nil {
		return nil, fmt.Errorf("reading kiosks: %w", err)
	}
	defer rows.Close()
	var out []KioskState
	for rows.Next() {
		var ks KioskState
		var n [6]int64
		var health []byte
		var healthAt *time.Time
		if err := rows.Scan(&ks.Kiosk, &ks.Province, &ks.Commune, &n[0], &ks.LastReceived, &ks.ClockOffsetSec,
			&n[1], &n[2], &n[3], &n[4], &n[5], &health, &healthAt); err != nil {
			return nil, fmt.Errorf("reading kiosks: %w", err)
		}
		ks.Batches, ks.DroppedPeriods, ks.DroppedEvents = uint64(n[0]), uint64(n[1]), uint64(n[2])
		ks.Started, ks.Finished, ks.HandedOff = uint64(n[3]), uint64(n[4]), uint64(n[5])
		if health != nil {
			ks.Health = &wire.Health{}
			if err := json.Unmarshal(health, ks.Health); err != nil {
				return nil, fmt.Errorf("kiosk %s health: %w", ks.Kiosk, err)
			}
		}
		if healthAt != nil {
			ks.HealthSealedAt = healthAt.UTC().Format(time.RFC3339)
		}
		out = append(out, ks)
	}
	return out, wrapf(rows.Err(), "reading kiosks")
}

func (s *pgStore) PutAccount(ctx context.Context, a Account) error {
	scope, err := json.Marshal(a.Scope)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO accounts (name, hash, scope, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, scope = EXCLUDED.scope`, a.Name, a.Hash, scope, a.Created)
	return wrapf(err, "saving account %s", a.Name)
}

func (s *pgStore) Account(ctx context.Context, name string) (*Account, error) {
	var a Account
	var scope []byte
	err := s.pool.QueryRow(ctx, `SELECT name, hash, scope, created_at FROM accounts WHERE name = $1`, name).Scan(&a.Name, &a.Hash, &scope, &a.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading account %s: %w", name, err)
	}
	return &a, wrapf(json.Unmarshal(scope, &a.Scope), "account %s scope", name)
}

func (s *pgStore) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := s.pool.Query(ctx, `SELECT name, hash, scope, created_at FROM accounts ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("reading accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		var a Account
		var scope []byte
		if err := rows.Scan(&a.Name, &a.Hash, &scope, &a.Created); err != nil {
			return nil, fmt.Errorf("reading accounts: %w", err)
		}
		if err := json.Unmarshal(scope, &a.Scope); err != nil {
			return nil, fmt.Errorf("account %s scope: %w", a.Name, err)
		}
		out = append(out, a)
	}
	return out, wrapf(rows.Err(), "reading accounts")
}

func (s *pgStore) CreateSession(ctx context.Context, se Session) error {
	return wrapf(pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, se.Expires.Add(-sessionTTL)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (id_hash, account, csrf, expires_at) VALUES ($1, $2, $3, $4)`,
			se.IDHash, se.Account, se.CSRF, se.Expires)
		return err
	}), "saving a session")
}

func (s *pgStore) Session(ctx context.Context, idHash []byte, now time.Time) (*Session, error) {
	se := Session{IDHash: idHash}
	err := s.pool.QueryRow(ctx, `SELECT account, csrf, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2`,
		idHash, now).Scan(&se.Account, &se.CSRF, &se.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading a session: %w", err)
	}
	return &se, nil
}

func (s *pgStore) DeleteSession(ctx context.Context, idHash []byte) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
	return wrapf(err, "deleting a session")
}
