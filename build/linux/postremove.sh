#!/bin/sh
# Trạm Học Số postremove: on purge, the database and the user go too.
# A plain remove keeps /var/lib/tramhocso (the citizens' statistics outbox
# and sessions) and /etc/tramhocso.
set -e
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi
if [ "$1" = purge ]; then
	rm -rf /var/lib/tramhocso
	if getent passwd tramhocso >/dev/null; then
		deluser --system tramhocso >/dev/null || true
	fi
fi
