#!/bin/bash
# test-launch.sh: the launcher picks cage, falls back to Xorg, hides the
# cursor when told and refuses bad settings. It runs the real script in dry
# run mode against a PATH of stand-in programs. Run by `make test-deb`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
launch=$here/tramhocso-launch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/both" "$tmp/x11" "$tmp/none"
for p in cage xinit; do printf '#!/bin/sh\n' >"$tmp/both/$p"; done
printf '#!/bin/sh\n' >"$tmp/x11/xinit"
chmod +x "$tmp"/*/*
failed=0

# check NAME WANT-EXIT WANT-OUTPUT-SUBSTRING ENV...
check() {
	local name=$1 want_rc=$2 want=$3
	shift 3
	local out rc=0
	out=$(env -i TRAMHOCSO_DRY_RUN=1 WATCHDOG_PID=1 "$@" /bin/sh "$launch" 2>&1) || rc=$?
	if [[ $rc != "$want_rc" || $out != *"$want"* ]]; then
		echo "test-launch: $name: exit $rc, output: $out (want exit $want_rc and: $want)" >&2
		failed=1
	fi
}
BIN="TRAMHOCSO_BIN=/usr/bin/tramhocso"
check "cage preferred" 0 "cage -d -- /usr/bin/tramhocso --config /etc/tramhocso --data /var/lib/tramhocso" PATH="$tmp/both" "$BIN"
check "X11 fallback" 0 "xinit /usr/bin/tramhocso --config /etc/tramhocso --data /var/lib/tramhocso -- /usr/bin/Xorg :0 vt1 -keeptty -nolisten tcp -noreset -s 0 -dpms" PATH="$tmp/x11" "$BIN"
check "X11 forced, cursor hidden, on tty7" 0 "-s 0 -dpms -nocursor" PATH="$tmp/both" "$BIN" TRAMHOCSO_DISPLAY=x11 TRAMHOCSO_HIDE_CURSOR=1 XDG_VTNR=7
check "X11 keeps the cursor by default" 0 "-dpms" PATH="$tmp/x11" "$BIN"
check "own config and data" 0 "--config /srv/cfg --data /srv/data" PATH="$tmp/both" "$BIN" TRAMHOCSO_CONFIG=/srv/cfg TRAMHOCSO_DATA=/srv/data
check "no display server" 1 "neither cage (Wayland) nor xinit (X11) is installed" PATH="$tmp/none" "$BIN"
check "wayland without cage" 1 "cage is not installed" PATH="$tmp/x11" "$BIN" TRAMHOCSO_DISPLAY=wayland
check "bad mode" 1 "TRAMHOCSO_DISPLAY=mir: use auto, wayland or x11" PATH="$tmp/both" "$BIN" TRAMHOCSO_DISPLAY=mir
out=$(env -i TRAMHOCSO_DRY_RUN=1 PATH="$tmp/x11" /bin/sh "$launch")
if [[ $out == *-nocursor* ]]; then echo "test-launch: the cursor was hidden without TRAMHOCSO_HIDE_CURSOR=1" >&2; failed=1; fi

# The launcher must drop WATCHDOG_PID before starting the compositor.
grep -q '^unset WATCHDOG_PID' "$launch" || { echo "test-launch: the launcher does not unset WATCHDOG_PID" >&2; failed=1; }

((failed == 0)) || exit 1
echo "test-launch: OK"
