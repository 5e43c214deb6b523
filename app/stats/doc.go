// Package stats turns session events into anonymous counters and uploads
// them, batch by batch, to a collector — exactly once, however long the
// kiosk is offline.
//
// Counting: Stats implements session.EventSink. Each event adds to counters
// keyed by (day, pack, pack version, step, event kind, error code) and, for
// started / finished / handed-off sessions, to hourly totals without the pack.
// The counting happens inside the session's bbolt transaction, so a step and
// its statistics commit together. No session id, answer, free text or client
// address is stored; ids and error codes that do not match their patterns
// (package wire) are counted under "invalid" instead of being copied.
//
// Sealing: at each period end (hourly by default) the counters whose day or
// hour has closed become one immutable batch (wire.Batch) with a stable id
// (kiosk id, period end, sequence). Building the batch, deleting its counters
// and putting it in the outbox is one bbolt transaction, so a crash loses
// nothing and counts nothing twice. Pack-level counters close only at the end
// of the day, so no batch says which pack was practised in which hour.
//
// Uploading: the oldest batch first, gzip JSON signed with HMAC-SHA256, the
// batch id as idempotency key. Network errors, 408, 429 and 5xx are retried
// with exponential backoff and full jitter (Retry-After honoured); any other
// 4xx moves the batch to the dead-letter bucket (staff can re-queue it) and
// the next batch goes on. A batch leaves the outbox only after a 2xx, and the
// collector answers a repeated id with identical bytes with 200, so a lost
// response never makes a duplicate.
//
// The outbox is bounded (bytes and age): when the bound forces dropping, the
// oldest batches go and the next sealed batch says how many periods and
// events were dropped.
//
// Buckets: stats_counters, stats_outbox, stats_deadletter, stats_meta.
package stats
