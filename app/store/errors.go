package store

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrLocked means another process holds the database: another kiosk is
// already running on the same data directory.
var ErrLocked = errors.New("another Trạm Học Số is already running on this data directory")

// ErrDiskFull means a write failed because the disk (or the configured size
// cap) is full. The transaction was rolled back: nothing of it is stored.
//
//lint:ignore ST1005 shown to the citizen as it is: a Vietnamese sentence, then its English
var ErrDiskFull = errors.New("Bộ nhớ của máy đã đầy, chưa lưu được / the disk is full, nothing was saved")

// ErrReadOnly means the data directory or the database file cannot be
// written (read-only file system or missing permissions).
//
//lint:ignore ST1005 shown to staff and the citizen as it is: a Vietnamese sentence, then its English
var ErrReadOnly = errors.New("Không ghi được vào thư mục dữ liệu / the data directory is not writable")

// CorruptError says the database file is damaged. Open returns it instead of
// starting on an empty database, so no kiosk silently loses its data.
type CorruptError struct {
	Path   string // the database file
	Detail string // what is wrong, for IT staff
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("Tệp dữ liệu %[1]s bị hỏng (%[2]s): hãy dừng Trạm Học Số, chuyển tệp này sang chỗ khác và khôi phục bản sao lưu gần nhất (tramhocso backup) vào %[1]s / "+
		"the database file %[1]s is damaged (%[2]s): stop Trạm Học Số, move the file aside and restore the latest backup (made with `tramhocso backup`) to %[1]s",
		e.Path, e.Detail)
}

// classify marks err with ErrDiskFull or ErrReadOnly when it is one of
// those, keeping the original error in the chain.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var kind error
	switch {
	case errors.Is(err, ErrDiskFull), errors.Is(err, ErrReadOnly):
		return err
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT), errors.Is(err, syscall.EFBIG),
		errors.Is(err, bolterrors.ErrMaxSizeReached):
		kind = ErrDiskFull
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission), errors.Is(err, bolterrors.ErrDatabaseReadOnly):
		kind = ErrReadOnly
	default:
		return err
	}
	return &kindError{kind: kind, err: err}
}

// WriteErr is classify for the packages that own buckets: wrap the error of
// a failed bolt.Update with it so callers can test errors.Is(err,
// ErrDiskFull) or errors.Is(err, ErrReadOnly) and answer the citizen
// accordingly.
func WriteErr(err error) error { return classify(err) }

type kindError struct{ kind, err error }

func (e *kindError) Error() string   { return e.kind.Error() + ": " + e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }
