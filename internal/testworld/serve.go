package testworld

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// Options start both sandboxes of a world.
type Options struct {
	// PlytixAddr and CentraAddr are the listen addresses; port 0 picks a free one.
	PlytixAddr, CentraAddr string
	Catalog                plytixtest.CatalogOptions
	// Latency delays every request to either sandbox.
	Latency time.Duration
	// Unlimited counts the documented rate limits without enforcing them (benchmarks).
	Unlimited bool
}

// Running is a served world.
type Running struct {
	Plytix    *plytixtest.Server
	Centra    *centratest.Sandbox
	PlytixURL string
	CentraURL string // the GraphQL endpoint
	// Credentials the sandboxes accept.
	PlytixAPIKey, PlytixPassword, CentraToken string
	servers                                   []*http.Server
}

// Info is what a runner prints for the processes that use it.
type Info struct {
	PlytixURL      string            `json:"plytixURL"`
	CentraURL      string            `json:"centraURL"`
	PlytixAPIKey   string            `json:"plytixAPIKey"`
	PlytixPassword string            `json:"plytixPassword"`
	CentraToken    string            `json:"centraToken"`
	Report         plytixtest.Report `json:"report"`
}

// Info describes the running world.
func (r *Running) Info() Info {
	return Info{PlytixURL: r.PlytixURL, CentraURL: r.CentraURL, PlytixAPIKey: r.PlytixAPIKey, PlytixPassword: r.PlytixPassword,
		CentraToken: r.CentraToken, Report: r.Plytix.Report()}
}

// Start serves a generated Plytix catalogue and a Centra that fits it, on loopback.
func Start(o Options) (*Running, error) {
	popts := plytixtest.Options{Catalog: o.Catalog, IDFilter: true}
	if o.Unlimited {
		popts.RateLimits = plytixtest.Unlimited()
	}
	p, err := plytixtest.New(popts)
	if err != nil {
		return nil, fmt.Errorf("starting the Plytix sandbox: %w", err)
	}
	p.SetLatency(o.Latency)
	seed := CentraSeed(p.Report())
	copts := centratest.Options{Seed: &seed, Latency: o.Latency, MediaPendingPolls: -1}
	if o.Unlimited {
		limits := centratest.DefaultRateLimits()
		limits.Disabled = true
		copts.RateLimits = &limits
	}
	c, err := centratest.New(copts)
	if err != nil {
		return nil, fmt.Errorf("starting the Centra sandbox: %w", err)
	}
	r := &Running{Plytix: p, Centra: c, CentraToken: centratest.DefaultToken}
	r.PlytixAPIKey, r.PlytixPassword = p.Credentials()
	plytixURL, err := r.serve(orLoopback(o.PlytixAddr), p.Handler())
	if err != nil {
		return nil, err
	}
	centraURL, err := r.serve(orLoopback(o.CentraAddr), c.Handler())
	if err != nil {
		r.Close()
		return nil, err
	}
	r.PlytixURL, r.CentraURL = plytixURL, centraURL+"/graphql"
	return r, nil
}

func orLoopback(addr string) string {
	if addr == "" {
		return "127.0.0.1:0"
	}
	return addr
}

func (r *Running) serve(addr string, h http.Handler) (string, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	r.servers = append(r.servers, srv)
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Println("sandbox server stopped:", err)
		}
	}()
	return "http://" + l.Addr().String(), nil
}

// Close stops both servers.
func (r *Running) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.Plytix.Close()
	for _, s := range r.servers {
		_ = s.Shutdown(ctx)
	}
}
