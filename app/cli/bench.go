package cli

import (
	"fmt"
	"strconv"

	"tramhocso/app/api"
)

// BenchEnv names the environment variable that turns the API's bench mode on
// (a benchmarking aid for build/bench/window-figures.sh, app/api/bench.go):
// the page runs that many scripted practice sessions. Unset or empty: off.
const BenchEnv = "TRAMHOCSO_BENCH_SESSIONS"

// benchSessions reads BenchEnv: 0 when unset, else a count in
// 1..api.MaxBenchSessions.
func benchSessions(getenv func(string) string) (int, error) {
	v := getenv(BenchEnv)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > api.MaxBenchSessions {
		return 0, fmt.Errorf("%s=%q: want a whole number of practice sessions from 1 to %d, or leave it unset", BenchEnv, v, api.MaxBenchSessions)
	}
	return n, nil
}

// BenchStressEnv names the environment variable that turns the API stress
// page on instead (app/api/bench.go): the page calls the API in a tight
// loop for that many seconds. Unset or empty: off.
const BenchStressEnv = "TRAMHOCSO_BENCH_STRESS"

// benchStress reads BenchStressEnv: 0 when unset, else seconds in
// 1..api.MaxBenchStressS.
func benchStress(getenv func(string) string) (int, error) {
	v := getenv(BenchStressEnv)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > api.MaxBenchStressS {
		return 0, fmt.Errorf("%s=%q: want the stress run's length in whole seconds from 1 to %d, or leave it unset", BenchStressEnv, v, api.MaxBenchStressS)
	}
	return n, nil
}
