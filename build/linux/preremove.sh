#!/bin/sh
# Trạm Học Số preremove: stop and disable the kiosk before its files go.
set -e
if [ -d /run/systemd/system ]; then
	if [ "$1" = remove ]; then
		systemctl disable --now tramhocso-nightly-restart.timer >/dev/null 2>&1 || true
		systemctl disable --now tramhocso.service || true
	fi
fi
