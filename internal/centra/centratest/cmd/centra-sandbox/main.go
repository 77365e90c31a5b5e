// Command centra-sandbox serves the Centra sandbox on its own, for the demo: the GraphQL
// Integration API at /graphql and the test controls under /_sandbox/.
//
//	go run ./internal/centra/centratest/cmd/centra-sandbox -addr :8090 -latency 50ms -generate 1000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "centra-sandbox:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	token := flag.String("token", centratest.DefaultToken, "the accepted PIM token (no stock or price permission)")
	latency := flag.Duration("latency", 0, "delay added to every GraphQL request")
	strict := flag.Bool("strict", false, "enforce unique product numbers, SKUs and EANs")
	noLimits := flag.Bool("no-rate-limits", false, "count but do not enforce the rate limits")
	generate := flag.Int("generate", 0, "load this many synthetic products (2 colours, sizes S–XXL) into the Retail store")
	flag.Parse()

	opts := centratest.Options{Tokens: []centratest.Token{{Value: *token}}, Latency: *latency, Strict: *strict}
	if *noLimits {
		limits := centratest.DefaultRateLimits()
		limits.Disabled = true
		opts.RateLimits = &limits
	}
	sb, err := centratest.New(opts)
	if err != nil {
		return err
	}
	if *generate > 0 {
		if _, err := sb.GenerateCatalog(centratest.GenerateSpec{Products: *generate, Variants: 2, SizeChart: "Letter",
			Brand: "Northwind Apparel", Store: "Retail"}); err != nil {
			return err
		}
	}
	srv := &http.Server{Addr: *addr, Handler: sb.Handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	slog.Info("Serving the Centra sandbox", "graphql", "http://"+*addr+"/graphql", "controls", "http://"+*addr+"/_sandbox/", "products", sb.ProductCount())
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
