// Package version reports what build of Trạm Học Số is running: the release
// version stamped at link time and the VCS commit Go records in the binary.
//
// The release version is set with
//
//	go build -ldflags "-X tramhocso/app/version.release=1.2.3"
//
// and defaults to "dev". The commit comes from runtime/debug.ReadBuildInfo, so it
// needs no flag when the binary is built inside the git checkout with VCS
// stamping on; the Makefile also stamps tramhocso/app/version.commit for
// machines that turn it off.
package version
