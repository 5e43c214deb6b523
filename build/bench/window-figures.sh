#!/usr/bin/env bash
# Issue 8's window figures, measured in one run on this machine (docs/benchmarks.md,
# "Kiosk window: cold start and memory (issue 8)"):
#
#   1. Trạm Học Số's kiosk window (build/bin/tramhocso, Wails + WebKitGTK 4.1),
#   2. the vanilla Wails v2.16.0 template (built outside the repo, see --build-vanilla),
#   3. Debian's `chromium --kiosk` showing the same page served by `tramhocso serve`,
#
# each under its own Xvfb (1280×800×24):
#   cold start  = time from exec to the first screenshot of the screen with more than
#                 PAINT_COLOURS colours (the attract screen painted; a blank window has one),
#                 median of --runs starts, each with a fresh data / profile directory;
#   PSS start   = proportional set size summed over the process and all its descendants
#                 (/proc/PID/smaps_rollup: WebKitWebProcess, WebKitNetworkProcess; chromium's
#                 zygotes, renderers, GPU and utility processes), SETTLE seconds after painting,
#                 median of the same runs;
#   PSS after N = the same after N scripted practice sessions run by the page itself
#                 (bench mode: TRAMHOCSO_BENCH_SESSIONS=N, app/api/bench.go, src/lib/bench.ts;
#                 one session per page load, as the kiosk gives every citizen a fresh page),
#                 sampled at every progress report (every 50 sessions), at the end and again
#                 SETTLE seconds later. A run that does not finish within --max-seconds is cut
#                 there and the sessions actually run are reported.
#   stress      = the API stress page (TRAMHOCSO_BENCH_STRESS=S: four loops of API calls as
#                 fast as the page can) for --stress seconds in the kiosk window: calls, errors,
#                 whether the window survived, PSS before and after.
#
# All cold starts run first, in rounds (each round starts the three subjects once, in turn), then
# the sessions and the stress.
#
# Usage: build/bench/window-figures.sh [--sessions N] [--chromium-sessions N] [--stress S]
#                                      [--runs N] [--max-seconds S] [--attempts N] [--soak-only]
#                                      [--build-vanilla] [--vanilla BIN] [--out DIR]
#   --soak-only      the kiosk window alone: its scripted sessions (and --stress), no cold starts,
#                    no vanilla template, no chromium.
#   --chromium-sessions  sessions for chromium (default: --sessions; 0: none).
#   --sessions 0 --chromium-sessions 0 --runs 5 measures the cold starts alone.
#   --chromium-only  chromium's scripted sessions alone (no cold starts, no kiosk window).
#   --stress S       also run the stress page for S seconds (default 0: no stress run).
#   --attempts       when the window crashes during the sessions, record it and start over, up to
#                    N times (default 3); the crashes are listed with the figures.
#   --build-vanilla  install the wails CLI v2.16.0 (go install), `wails init -t vanilla` in
#                    $VANILLA_DIR (default /tmp/wails-vanilla) and `wails build -tags webkit2_41`;
#                    nothing of it lands in the repository. Without it, an existing build there is
#                    used, and the vanilla rows are skipped when there is none.
# Needs: Xvfb, ImageMagick (import, identify), chromium, a built build/bin/tramhocso (make build).
# A benchmark, not a test: `make bench-window` runs it; `make test` does not.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
APP=${TRAMHOCSO_BIN:-$REPO/build/bin/tramhocso}
CONFIG=$REPO/kiosk-config
SESSIONS=1000
RUNS=5
MAX_SECONDS=600
SETTLE=${SETTLE:-5}
PAINT_COLOURS=${PAINT_COLOURS:-50}
START_TIMEOUT=${START_TIMEOUT:-60}
VANILLA_DIR=${VANILLA_DIR:-/tmp/wails-vanilla}
VANILLA_BIN=$VANILLA_DIR/vanilla/build/bin/vanilla
BUILD_VANILLA=0
ATTEMPTS=3
OUT=""
SOAK_ONLY=0
CHROMIUM_ONLY=0
STRESS=0
CHROMIUM_SESSIONS=""
W=1280 H=800

while (($#)); do
  case $1 in
    --sessions) SESSIONS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --max-seconds) MAX_SECONDS=$2; shift 2 ;;
    --attempts) ATTEMPTS=$2; shift 2 ;;
    --soak-only) SOAK_ONLY=1; shift ;;
    --chromium-only) CHROMIUM_ONLY=1; shift ;;
    --stress) STRESS=$2; shift 2 ;;
    --chromium-sessions) CHROMIUM_SESSIONS=$2; shift 2 ;;
    --build-vanilla) BUILD_VANILLA=1; shift ;;
    --vanilla) VANILLA_BIN=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "window-figures: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

CHROMIUM_SESSIONS=${CHROMIUM_SESSIONS:-$SESSIONS}
for tool in Xvfb import identify; do
  command -v "$tool" >/dev/null || { echo "window-figures: $tool is missing (build/setup/debian.sh installs it)" >&2; exit 1; }
done
((SOAK_ONLY)) || command -v chromium >/dev/null || { echo "window-figures: chromium is missing (build/setup/debian.sh installs it)" >&2; exit 1; }
[[ -x $APP ]] || { echo "window-figures: $APP is missing: run make build" >&2; exit 1; }
OUT=${OUT:-$(mktemp -d /tmp/window-figures.XXXXXX)}
mkdir -p "$OUT"
say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- helpers
PIDS_TO_STOP=()
cleanup() {
  local p
  # Subjects run in their own session (a process group); Xvfb is a plain child.
  for p in "${PIDS_TO_STOP[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# descendants PID: PID and every process below it.
descendants() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2; pids[NR] = $1 }
    END {
      keep[root] = 1; changed = 1
      while (changed) { changed = 0
        for (i in pids) { p = pids[i]; if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } } }
      for (p in keep) print p
    }'
}

# pss_kb PID: PSS of PID's process tree in kB; pss_detail PID: "name:MB" per process name.
pss_kb() {
  local total=0 p v
  for p in $(descendants "$1"); do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
pss_detail() {
  local p v n t
  for p in $(descendants "$1"); do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true)
    n=$(cat "/proc/$p/comm" 2>/dev/null || true)
    # chromium's processes all share one name: add their --type (renderer, zygote, gpu-process…).
    t=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -o -- '--type=[a-z-]*' | head -1 | cut -d= -f2 || true)
    [[ -n $t ]] && n=$n/$t
    [[ -n $v && -n $n ]] && echo "$n $v"
  done | awk '{ s[$1] += $2; c[$1]++ } END { for (k in s) printf "%s×%d:%.0f ", k, c[k], s[k] / 1024 }'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

XVFB_PID="" DISPLAY_NUM=""
start_xvfb() {
  local n
  for n in $(seq 140 240); do
    [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { DISPLAY_NUM=$n; break; }
  done
  Xvfb ":$DISPLAY_NUM" -screen 0 "${W}x${H}x24" -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  PIDS_TO_STOP+=("$XVFB_PID")
  # The socket can be there before the server answers (a subject started then fails "to init GTK"):
  # wait until a client gets an answer.
  for _ in $(seq 100); do
    [[ -e /tmp/.X11-unix/X$DISPLAY_NUM ]] && DISPLAY=":$DISPLAY_NUM" xdpyinfo >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "window-figures: Xvfb :$DISPLAY_NUM did not start" >&2; exit 1
}
stop_xvfb() { kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; }

colours() { DISPLAY=":$DISPLAY_NUM" import -window root ppm:- 2>/dev/null | identify -format '%k' ppm:- 2>/dev/null || echo 0; }

# wait_painted PID: poll screenshots until the screen has many colours; fails when PID dies.
wait_painted() {
  local deadline=$(($(now_ms) + START_TIMEOUT * 1000))
  while (($(now_ms) < deadline)); do
    kill -0 "$1" 2>/dev/null || { echo "window-figures: the process exited before painting" >&2; return 1; }
    (($(colours) > PAINT_COLOURS)) && return 0
    sleep 0.02
  done
  echo "window-figures: nothing painted within ${START_TIMEOUT}s" >&2
  return 1
}

# launch LOG CMD...: start CMD in its own session (so its whole tree can be stopped) on the Xvfb.
SUBJECT_PID=""
launch() {
  local log=$1; shift
  DISPLAY=":$DISPLAY_NUM" WAYLAND_DISPLAY="" setsid "$@" >"$log" 2>&1 &
  SUBJECT_PID=$!
  PIDS_TO_STOP+=("$SUBJECT_PID")
}
stop_subject() {
  kill -TERM -- "-$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# cold_start NAME I CMD...: cold start number I; appends a line to $OUT/NAME.starts: ms pss_kB detail.
# CMD may use @DATA@ for a fresh directory per run.
cold_start() {
  local name=$1 i=$2; shift 2
  local t0 t1 data args pss
  data=$(mktemp -d "/tmp/window-figures-$name.XXXXXX")
  args=("${@//@DATA@/$data}")
  start_xvfb
  t0=$(now_ms)
  launch "$OUT/$name.run$i.log" "${args[@]}"
  if ! wait_painted "$SUBJECT_PID"; then tail -5 "$OUT/$name.run$i.log" >&2; exit 1; fi
  t1=$(now_ms)
  DISPLAY=":$DISPLAY_NUM" import -window root "$OUT/$name.run$i.png"
  sleep "$SETTLE"
  pss=$(pss_kb "$SUBJECT_PID")
  echo "$((t1 - t0)) $pss $(pss_detail "$SUBJECT_PID")" >>"$OUT/$name.starts"
  say "$name run $i: painted after $((t1 - t0)) ms, PSS $(mb "$pss") MB"
  stop_subject "$SUBJECT_PID"
  stop_xvfb
  rm -rf "$data"
}

# bench_run NAME LOG PID: follow LOG for "bench progress/finished" lines of the page's scripted
# sessions and sample PID's tree at each; writes $OUT/NAME.bench (done pss_kB seconds).
bench_run() {
  local name=$1 log=$2 pid=$3
  local t0 seen=0 lines line done_n pss
  t0=$(now_ms)
  : >"$OUT/$name.bench"
  while :; do
    lines=$(grep -c 'msg="bench \(progress\|finished\)"' "$log" || true)
    while ((seen < lines)); do
      seen=$((seen + 1))
      line=$(grep 'msg="bench \(progress\|finished\)"' "$log" | sed -n "${seen}p")
      done_n=$(sed -n 's/.* done=\([0-9]*\).*/\1/p' <<<"$line")
      pss=$(pss_kb "$pid")
      echo "$done_n $pss $((($(now_ms) - t0) / 1000))" >>"$OUT/$name.bench"
      say "$name: $done_n sessions, PSS $(mb "$pss") MB"
      ((seen == 1)) && DISPLAY=":$DISPLAY_NUM" import -window root "$OUT/$name.bench-mid.png"
    done
    grep -q 'msg="bench finished"' "$log" && break
    kill -0 "$pid" 2>/dev/null || { echo "window-figures: $name exited during the bench" >&2; break; }
    if (($(now_ms) - t0 > MAX_SECONDS * 1000)); then say "$name: cut at ${MAX_SECONDS}s"; break; fi
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    sleep "$SETTLE"
    echo "settled $(pss_kb "$pid") $(pss_detail "$pid")" >>"$OUT/$name.bench"
  else
    # It died: how many sessions reached their summary, and the first line of the crash.
    echo "crashed after $(grep -c 'route=/api/practice/{id}/summary status=200' "$log" || true) sessions: $(grep -m1 -E 'SIGSEGV|SIGABRT|fatal error|panic:' "$log" || echo 'no message')" >>"$OUT/$name.crashes"
  fi
  { grep 'msg="bench \(progress\|finished\)"' "$log" || true; } | tail -1 >"$OUT/$name.bench-last"
}

# ---------------------------------------------------------------- the vanilla template
build_vanilla() {
  local wails
  say "building the vanilla Wails v2.16.0 template in $VANILLA_DIR (outside the repository)"
  go install github.com/wailsapp/wails/v2/cmd/wails@v2.16.0
  wails=$(go env GOPATH)/bin/wails
  mkdir -p "$VANILLA_DIR"
  [[ -d $VANILLA_DIR/vanilla ]] || (cd "$VANILLA_DIR" && "$wails" init -n vanilla -t vanilla -d "$VANILLA_DIR/vanilla")
  (cd "$VANILLA_DIR/vanilla" && "$wails" build -tags webkit2_41 -skipbindings)
}
((BUILD_VANILLA)) && build_vanilla >&2

# serve_on LOG [ENV=VALUE...]: start `tramhocso serve` on a free loopback port; sets SERVE_PID, SERVE_URL.
serve_on() {
  local log=$1; shift
  SERVE_DATA=$(mktemp -d /tmp/window-figures-serve.XXXXXX)
  env "$@" setsid "$APP" serve --listen 127.0.0.1:0 --config "$CONFIG" --data "$SERVE_DATA" >"$log" 2>&1 &
  SERVE_PID=$!
  PIDS_TO_STOP+=("$SERVE_PID")
  for _ in $(seq 200); do
    SERVE_URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 || true)
    [[ -n $SERVE_URL ]] && return 0
    sleep 0.05
  done
  echo "window-figures: tramhocso serve did not start" >&2; cat "$log" >&2; exit 1
}
# --window-position/--window-size: without a window manager --kiosk alone leaves a 1050×780 window;
# --disable-features=Translate: no "translate this page?" bubble over the Vietnamese page.
CHROMIUM=(chromium --kiosk --no-sandbox --disable-gpu --disable-background-networking --no-first-run
  --noerrdialogs --disable-features=Translate --window-position=0,0 "--window-size=$W,$H" --user-data-dir=@DATA@)

say "results in $OUT"
if ((!SOAK_ONLY && !CHROMIUM_ONLY)); then
  # -------------------------------------------------------------- cold starts, interleaved
  # Round i starts each subject once, one after the other, so a drift in the machine's speed (another
  # job, a cache warming up) falls on all three alike rather than on whichever ran last.
  HAVE_VANILLA=0
  [[ -x $VANILLA_BIN ]] && HAVE_VANILLA=1
  ((HAVE_VANILLA)) || say "vanilla Wails template: no build at $VANILLA_BIN (run with --build-vanilla); skipped"
  say "cold starts: $RUNS rounds of the kiosk window, the vanilla template ($VANILLA_BIN) and chromium --kiosk on tramhocso serve"
  : >"$OUT/tramhocso.starts"; : >"$OUT/vanilla.starts"; : >"$OUT/chromium.starts"
  for i in $(seq "$RUNS"); do
    cold_start tramhocso "$i" "$APP" --config "$CONFIG" --data @DATA@
    ((HAVE_VANILLA)) && cold_start vanilla "$i" "$VANILLA_BIN"
    # serve runs for chromium's start only: the same binary running beside the window would
    # share its pages and lower the window's PSS.
    serve_on "$OUT/serve.log"
    cold_start chromium "$i" "${CHROMIUM[@]}" "$SERVE_URL"
    echo "$(pss_kb "$SERVE_PID")" >"$OUT/serve.pss"
    stop_subject "$SERVE_PID"
    rm -rf "$SERVE_DATA"
  done
  ((HAVE_VANILLA)) || rm -f "$OUT/vanilla.starts"
fi

# ---------------------------------------------------------------- the kiosk window's sessions
((CHROMIUM_ONLY)) && SESSIONS=0 STRESS=0
((SESSIONS > 0)) && say "1. Trạm Học Số kiosk window: $SESSIONS scripted sessions"
# A run that crashes is recorded ($OUT/tramhocso.crashes) and tried again, up to --attempts times.
: >"$OUT/tramhocso.crashes"
for attempt in $(seq "$ATTEMPTS"); do
  ((SESSIONS > 0)) || break
  data=$(mktemp -d /tmp/window-figures-bench.XXXXXX)
  start_xvfb
  TRAMHOCSO_BENCH_SESSIONS=$SESSIONS launch "$OUT/tramhocso.bench.log" "$APP" --config "$CONFIG" --data "$data"
  bench_run tramhocso "$OUT/tramhocso.bench.log" "$SUBJECT_PID"
  alive=0; kill -0 "$SUBJECT_PID" 2>/dev/null && alive=1
  ((alive)) && DISPLAY=":$DISPLAY_NUM" import -window root "$OUT/tramhocso.bench.png"
  cp "$OUT/tramhocso.bench.log" "$OUT/tramhocso.bench$attempt.log"
  stop_subject "$SUBJECT_PID"; stop_xvfb; rm -rf "$data"
  ((alive)) && break
  say "tramhocso: the window crashed during the sessions (attempt $attempt of $ATTEMPTS): $(tail -1 "$OUT/tramhocso.crashes")"
done

# ---------------------------------------------------------------- the stress page
if ((STRESS > 0)); then
  say "1. Trạm Học Số kiosk window: the API stress page for ${STRESS}s"
  data=$(mktemp -d /tmp/window-figures-stress.XXXXXX)
  start_xvfb
  TRAMHOCSO_BENCH_STRESS=$STRESS launch "$OUT/tramhocso.stress.log" "$APP" --config "$CONFIG" --data "$data"
  log=$OUT/tramhocso.stress.log
  t0=$(now_ms) pss0=""
  : >"$OUT/tramhocso.stress"
  while :; do
    if ! kill -0 "$SUBJECT_PID" 2>/dev/null; then
      echo "crashed after $((($(now_ms) - t0) / 1000)) s: $(grep -m1 -E 'SIGSEGV|SIGABRT|fatal error|panic:' "$log" || echo 'no message')" >>"$OUT/tramhocso.stress"
      break
    fi
    [[ -z $pss0 ]] && grep -q 'msg="bench stress"' "$log" && pss0=$(pss_kb "$SUBJECT_PID")
    grep -q 'msg="bench finished"' "$log" && break
    if (($(now_ms) - t0 > (STRESS + 120) * 1000)); then say "stress: cut at $((STRESS + 120))s"; break; fi
    sleep 1
  done
  if kill -0 "$SUBJECT_PID" 2>/dev/null; then
    echo "survived; PSS $(mb "${pss0:-0}") MB after the first second, $(mb "$(pss_kb "$SUBJECT_PID")") MB at the end; $(grep 'msg="bench finished"' "$log" | sed 's/^.*msg=/msg=/')" >>"$OUT/tramhocso.stress"
    DISPLAY=":$DISPLAY_NUM" import -window root "$OUT/tramhocso.stress.png"
  fi
  say "stress: $(cat "$OUT/tramhocso.stress")"
  stop_subject "$SUBJECT_PID"; stop_xvfb; rm -rf "$data"
fi

# ---------------------------------------------------------------- chromium's sessions
if ((!SOAK_ONLY && CHROMIUM_SESSIONS > 0)); then
  say "3. chromium --kiosk on tramhocso serve: $CHROMIUM_SESSIONS scripted sessions"
  serve_on "$OUT/serve.bench.log" TRAMHOCSO_BENCH_SESSIONS="$CHROMIUM_SESSIONS"
  profile=$(mktemp -d /tmp/window-figures-chromium.XXXXXX)
  start_xvfb
  launch "$OUT/chromium.bench.chromium.log" "${CHROMIUM[@]//@DATA@/$profile}" "$SERVE_URL"
  bench_run chromium "$OUT/serve.bench.log" "$SUBJECT_PID"
  echo "$(pss_kb "$SERVE_PID")" >"$OUT/serve.bench.pss"
  DISPLAY=":$DISPLAY_NUM" import -window root "$OUT/chromium.bench.png"
  stop_subject "$SUBJECT_PID"; stop_xvfb; stop_subject "$SERVE_PID"; rm -rf "$profile"
fi

# ---------------------------------------------------------------- the table
row() { # NAME LABEL
  local f=$OUT/$1.starts start_ms pss after="–" n="–" last
  [[ -s $f ]] || return 0
  start_ms=$(awk '{ print $1 }' "$f" | median)
  pss=$(awk '{ print $2 }' "$f" | median)
  if [[ -s $OUT/$1.bench ]]; then
    last=$(grep -v '^settled' "$OUT/$1.bench" | tail -1 || true)
    n=$(awk '{ print $1 }' <<<"$last")
    after="$(mb "$(awk '{ print $2 }' <<<"$last")") MB at the last report"
    grep -q '^settled' "$OUT/$1.bench" && after="$after, $(mb "$(awk '/^settled/ { print $2 }' "$OUT/$1.bench")") MB ${SETTLE} s later"
  fi
  printf '| %s | %s ms (%s) | %s MB (%s) | %s | %s |\n' "$2" "$start_ms" \
    "$(awk '{ printf "%s%s", sep, $1; sep = ", " }' "$f")" "$(mb "$pss")" \
    "$(awk '{ printf "%s%.0f", sep, $2 / 1024; sep = ", " }' "$f")" "${n:-–}" "$after"
}
{
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GB; $(date +%F); Xvfb ${W}x${H}x24;"
  echo "WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo '?'), $(chromium --version 2>/dev/null | head -1)."
  echo
  echo "| subject | cold start to painted, median of $RUNS (each run) | PSS after start, median (each run) | sessions run | PSS after the sessions |"
  echo "|---|---|---|---|---|"
  row tramhocso "Trạm Học Số window (Wails, WebKitGTK)"
  row vanilla "vanilla Wails v2.16.0 template"
  row chromium "\`chromium --kiosk\` on \`tramhocso serve\`"
  if [[ -s $OUT/tramhocso.starts && -s $OUT/vanilla.starts ]]; then
    echo
    echo "Cold start, window ÷ vanilla template (medians): $(awk '{ print $1 }' "$OUT/tramhocso.starts" | median) / $(awk '{ print $1 }' "$OUT/vanilla.starts" | median) = $(
      awk -v a="$(awk '{ print $1 }' "$OUT/tramhocso.starts" | median)" -v b="$(awk '{ print $1 }' "$OUT/vanilla.starts" | median)" 'BEGIN { printf "%.2f", a / b }')"
  fi
  echo
  echo "PSS by process after start (last run):"
  for s in tramhocso vanilla chromium; do
    [[ -s $OUT/$s.starts ]] && echo "- $s: $(tail -1 "$OUT/$s.starts" | cut -d' ' -f3-)"
  done
  [[ -s $OUT/serve.pss ]] && echo "- tramhocso serve behind chromium (not in its row): $(mb "$(cat "$OUT/serve.pss")") MB after the cold starts, $(mb "$(cat "$OUT/serve.bench.pss")") MB after the sessions"
  echo
  if [[ -s $OUT/tramhocso.crashes ]]; then
    echo "Crashes of the kiosk window during the scripted sessions (each attempt started over on a fresh data directory):"
    sed 's/^/- /' "$OUT/tramhocso.crashes"
    echo
  fi
  [[ -s $OUT/tramhocso.stress ]] && { echo "Stress page (${STRESS} s): $(cat "$OUT/tramhocso.stress")"; echo; }
  echo "PSS during the scripted sessions (sessions done: MB):"
  for s in tramhocso chromium; do
    [[ -s $OUT/$s.bench ]] || continue
    echo "- $s: $(grep -v '^settled' "$OUT/$s.bench" | awk '{ printf "%s%s: %.0f", sep, $1, $2 / 1024; sep = ", " }') (${SETTLE} s later: $(grep '^settled' "$OUT/$s.bench" | cut -d' ' -f3- || echo 'not running'))"
    echo "  last report: $(sed 's/^.*msg=/msg=/' "$OUT/$s.bench-last")"
  done
} | tee "$OUT/figures.md"
