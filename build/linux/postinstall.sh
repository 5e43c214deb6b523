#!/bin/sh
# Trạm Học Số postinstall: the tramhocso system user, its data directory,
# and the kiosk service enabled for the next boot (not started: installing
# over SSH must not take over the screen of a kiosk in use).
set -e

if ! getent passwd tramhocso >/dev/null; then
	adduser --system --group --home /var/lib/tramhocso --no-create-home \
		--gecos "Trạm Học Số kiosk" tramhocso
fi
for g in video input render audio; do
	if getent group "$g" >/dev/null; then
		adduser tramhocso "$g" >/dev/null
	fi
done

install -d -m 0700 -o tramhocso -g tramhocso /var/lib/tramhocso
chown -R tramhocso:tramhocso /var/lib/tramhocso

if [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
	systemctl enable tramhocso.service || true
	# The nightly restart timer stays off until staff turn it on.
	# An upgrade ("configure OLD-VERSION") restarts a running kiosk on the
	# new binary; a first install leaves it for the next boot.
	if [ -n "${2:-}" ]; then
		systemctl try-restart tramhocso.service || true
	fi
fi
