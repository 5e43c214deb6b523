package version

import (
	"runtime"
	"runtime/debug"
)

// release and commit are stamped by the linker (-X); they are never written
// at run time. commit is the fallback for builds where Go's own VCS stamp is
// off (GOFLAGS=-buildvcs=false, as on some build machines).
var (
	release = "dev"
	commit  = ""
)

// Info describes the running build.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Modified  bool   `json:"modified"`
	GoVersion string `json:"go_version"`
}

// Get returns the build information of the running binary.
func Get() Info {
	info := Info{Version: release, Commit: "unknown", GoVersion: runtime.Version()}
	if commit != "" {
		info.Commit = commit
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
			if len(info.Commit) > 12 {
				info.Commit = info.Commit[:12]
			}
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// String is the one-line form printed by `tramhocso version`.
func (i Info) String() string {
	s := "tramhocso " + i.Version + " (commit " + i.Commit
	if i.Modified {
		s += ", modified"
	}
	return s + ", " + i.GoVersion + ")"
}
