package cli

import (
	"context"
	"fmt"
	"log/slog"

	"tramhocso/app/kiosk"
)

// startPhone runs the phone door next to the kiosk door when kiosk.yaml has
// handoff.listen, printing the address phones are sent to. A phone door that
// cannot open is logged and the kiosk goes on without it. wait stops it and
// returns once it has stopped (before the kiosk closes its store).
func startPhone(ctx context.Context, k *kiosk.Kiosk, env Env, log *slog.Logger) (wait func()) {
	if !k.PhoneDoorConfigured() {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := k.ServePhone(ctx, func(url string) {
			fmt.Fprintf(env.Stdout, "Phone door is serving on %s (citizens' phones on the local network)\n", url)
		})
		if err != nil {
			log.Error("the phone door stopped; phones cannot continue practices", "err", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
