#!/bin/bash
# check-deb.sh DEB: checks that a built Trạm Học Số .deb holds what a kiosk
# PC needs (binary, unit, launcher, default config as conffiles, data
# directory, scripts) and nothing secret. Run by `make test-deb`.
set -euo pipefail

deb=${1:?usage: check-deb.sh path/to/tramhocso_VERSION_ARCH.deb}
[[ -f $deb ]] || { echo "check-deb: $deb does not exist (run make deb)" >&2; exit 1; }

contents=$(dpkg-deb --contents "$deb")
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles 2>/dev/null || true)
control=$(dpkg-deb --field "$deb")
failed=0
fail() { echo "check-deb: $deb: $*" >&2; failed=1; }

# path  mode-prefix  what it is for
expect=(
	"./usr/bin/tramhocso                                   -rwxr-xr-x  the kiosk binary"
	"./usr/lib/tramhocso/tramhocso-launch                  -rwxr-xr-x  the cage / Xorg launcher"
	"./usr/lib/systemd/system/tramhocso.service            -rw-r--r--  the systemd unit"
	"./usr/lib/systemd/system/tramhocso-nightly-restart.service -rw-r--r-- the nightly restart"
	"./usr/lib/systemd/system/tramhocso-nightly-restart.timer   -rw-r--r-- the nightly restart timer"
	"./etc/pam.d/tramhocso                                 -rw-r--r--  the PAM service of the unit"
	"./etc/default/tramhocso                               -rw-r--r--  the launcher settings"
	"./etc/tramhocso/kiosk.yaml                            -rw-r--r--  the default kiosk-config"
	"./etc/tramhocso/practice/khai-sinh.yaml               -rw-r--r--  a practice pack of the default config"
	"./var/lib/tramhocso/                                  drwx------  the data directory"
	"./usr/share/doc/tramhocso/operations.md               -rw-r--r--  the operations guide"
)
for line in "${expect[@]}"; do
	read -r path mode what <<<"$line"
	row=$(awk -v p="$path" '$NF == p' <<<"$contents")
	if [[ -z $row ]]; then
		fail "missing $path ($what)"
	elif [[ $row != "$mode"* ]]; then
		fail "$path has mode ${row%% *}, want $mode ($what)"
	fi
done

for c in /etc/tramhocso/kiosk.yaml /etc/default/tramhocso /etc/pam.d/tramhocso; do
	grep -qx "$c" <<<"$conffiles" || fail "$c is not a conffile (dpkg would overwrite a ward's edits on upgrade)"
done
if grep -q '/etc/tramhocso/secrets' <<<"$contents"; then
	fail "the package contains /etc/tramhocso/secrets: keys must never be packaged"
fi

for script in postinst prerm postrm; do
	dpkg-deb --ctrl-tarfile "$deb" | tar -tf - "./$script" >/dev/null 2>&1 || fail "control script $script is missing"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./postinst | grep -q 'adduser --system' ||
	fail "postinst does not create the tramhocso system user"
grep -q '^ *Depends:.*libwebkit2gtk-4.1-0' <<<"$control" || fail "Depends does not name libwebkit2gtk-4.1-0"

# The units as packaged must pass systemd's own check (a typo in a directive
# is only a warning to systemd: any output counts as a failure here).
if command -v systemd-analyze >/dev/null; then
	root=$(mktemp -d)
	trap 'rm -rf "$root"' EXIT
	dpkg-deb -x "$deb" "$root"
	units=()
	for u in tramhocso.service tramhocso-nightly-restart.service tramhocso-nightly-restart.timer; do
		sed "s|/usr/lib/tramhocso/tramhocso-launch|$root/usr/lib/tramhocso/tramhocso-launch|" \
			"$root/usr/lib/systemd/system/$u" >"$root/$u"
		units+=("$root/$u")
	done
	if ! out=$(systemd-analyze verify "${units[@]}" 2>&1) || [[ -n $out ]]; then
		fail "systemd-analyze verify: ${out//$root\//}"
	fi
else
	echo "check-deb: systemd-analyze not found: the units were not verified" >&2
fi

if ((failed)); then
	echo "--- dpkg-deb --contents $deb" >&2
	echo "$contents" >&2
	exit 1
fi
echo "check-deb: $deb: OK ($(wc -l <<<"$contents") entries, $(wc -l <<<"$conffiles") conffiles)"
