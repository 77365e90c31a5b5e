package centratest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// controlPrefix is where the test controls live on the sandbox's HTTP server, for a demo
// that drives a running sandbox. They are unauthenticated: the sandbox is a test double.
const controlPrefix = "/_sandbox/"

// maxControlBody caps control request bodies (a seeded catalogue can be large).
const maxControlBody = 64 << 20

func (s *Sandbox) serveControl(w http.ResponseWriter, r *http.Request) {
	s.controlOnce.Do(func() { s.control = s.controlMux() })
	s.control.ServeHTTP(w, r)
}

// controlMux routes the controls:
//
//	GET    /_sandbox/reference             ids of the reference data by name
//	POST   /_sandbox/reference             add ReferenceData
//	POST   /_sandbox/tokens                add a Token
//	POST   /_sandbox/products              load []ProductSeed
//	POST   /_sandbox/generate              load a GenerateSpec catalogue
//	GET    /_sandbox/products/{number}     []ProductSnapshot (several when duplicated)
//	PATCH  /_sandbox/products/{number}     apply a ProductEdit (drift)
//	GET    /_sandbox/duplicates            product numbers held by several products
//	GET    /_sandbox/faults                pending faults
//	POST   /_sandbox/faults                queue a Fault ("duration" as "2s")
//	DELETE /_sandbox/faults                clear faults
//	PUT    /_sandbox/latency               {"latency": "50ms"}
//	PUT    /_sandbox/strict                {"strict": true}
//	GET    /_sandbox/ratelimits            RateLimits
//	PUT    /_sandbox/ratelimits            replace RateLimits
//	GET    /_sandbox/stats                 Stats
//	DELETE /_sandbox/stats                 reset Stats
//	GET    /_sandbox/visibility?product=&store=&market=
//	PUT    /_sandbox/prices                {"product": "P1", "pricelist": "EUR", "value": 49} (no product: all)
func (s *Sandbox) controlMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /_sandbox/reference", func(w http.ResponseWriter, _ *http.Request) { writeControl(w, s.Reference(), nil) })
	m.HandleFunc("POST /_sandbox/reference", func(w http.ResponseWriter, r *http.Request) {
		var ref ReferenceData
		if !readControl(w, r, &ref) {
			return
		}
		err := s.SeedReference(ref)
		writeControl(w, s.Reference(), err)
	})
	m.HandleFunc("POST /_sandbox/tokens", func(w http.ResponseWriter, r *http.Request) {
		var t Token
		if !readControl(w, r, &t) {
			return
		}
		writeControl(w, map[string]bool{"ok": true}, s.AddToken(t))
	})
	m.HandleFunc("POST /_sandbox/products", func(w http.ResponseWriter, r *http.Request) {
		var seeds []ProductSeed
		if !readControl(w, r, &seeds) {
			return
		}
		writeControl(w, map[string]int{"loaded": len(seeds)}, s.SeedProducts(seeds))
	})
	m.HandleFunc("POST /_sandbox/generate", func(w http.ResponseWriter, r *http.Request) {
		var spec GenerateSpec
		if !readControl(w, r, &spec) {
			return
		}
		numbers, err := s.GenerateCatalog(spec)
		writeControl(w, map[string]int{"loaded": len(numbers)}, err)
	})
	m.HandleFunc("GET /_sandbox/products/{number}", func(w http.ResponseWriter, r *http.Request) {
		ps := s.Products(r.PathValue("number"))
		if len(ps) == 0 {
			writeControl(w, nil, fmt.Errorf("%w: product %q", errNotFound, r.PathValue("number")))
			return
		}
		writeControl(w, ps, nil)
	})
	m.HandleFunc("PATCH /_sandbox/products/{number}", func(w http.ResponseWriter, r *http.Request) {
		var e ProductEdit
		if !readControl(w, r, &e) {
			return
		}
		number := r.PathValue("number")
		err := s.EditProduct(number, e)
		p, _ := s.Product(number)
		writeControl(w, p, err)
	})
	m.HandleFunc("GET /_sandbox/duplicates", func(w http.ResponseWriter, _ *http.Request) {
		writeControl(w, s.DuplicateProductNumbers(), nil)
	})
	m.HandleFunc("GET /_sandbox/faults", func(w http.ResponseWriter, _ *http.Request) { writeControl(w, s.PendingFaults(), nil) })
	m.HandleFunc("POST /_sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		var f struct {
			Fault
			Duration string `json:"duration"`
		}
		if !readControl(w, r, &f) {
			return
		}
		if f.Duration != "" {
			d, err := time.ParseDuration(f.Duration)
			if err != nil {
				writeControl(w, nil, fmt.Errorf("%w: duration: %w", errBadControl, err))
				return
			}
			f.Fault.Duration = d
		}
		s.InjectFault(f.Fault)
		writeControl(w, s.PendingFaults(), nil)
	})
	m.HandleFunc("DELETE /_sandbox/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		writeControl(w, map[string]bool{"ok": true}, nil)
	})
	m.HandleFunc("PUT /_sandbox/latency", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Latency string `json:"latency"`
		}
		if !readControl(w, r, &body) {
			return
		}
		d, err := time.ParseDuration(body.Latency)
		if err != nil {
			writeControl(w, nil, fmt.Errorf("%w: latency: %w", errBadControl, err))
			return
		}
		s.SetLatency(d)
		writeControl(w, map[string]string{"latency": d.String()}, nil)
	})
	m.HandleFunc("PUT /_sandbox/strict", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Strict bool `json:"strict"`
		}
		if !readControl(w, r, &body) {
			return
		}
		s.SetStrict(body.Strict)
		writeControl(w, body, nil)
	})
	m.HandleFunc("GET /_sandbox/ratelimits", func(w http.ResponseWriter, _ *http.Request) { writeControl(w, s.RateLimits(), nil) })
	m.HandleFunc("PUT /_sandbox/ratelimits", func(w http.ResponseWriter, r *http.Request) {
		var rl RateLimits
		if !readControl(w, r, &rl) {
			return
		}
		s.SetRateLimits(rl)
		writeControl(w, s.RateLimits(), nil)
	})
	m.HandleFunc("GET /_sandbox/stats", func(w http.ResponseWriter, _ *http.Request) { writeControl(w, s.Stats(), nil) })
	m.HandleFunc("DELETE /_sandbox/stats", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetStats()
		writeControl(w, s.Stats(), nil)
	})
	m.HandleFunc("GET /_sandbox/visibility", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		writeControl(w, s.Visibility(q.Get("product"), q.Get("store"), q.Get("market")), nil)
	})
	m.HandleFunc("PUT /_sandbox/prices", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Product   string  `json:"product"`
			Pricelist string  `json:"pricelist"`
			Value     float64 `json:"value"`
		}
		if !readControl(w, r, &body) {
			return
		}
		var err error
		if body.Product == "" {
			err = s.PriceAll(body.Pricelist, body.Value)
		} else {
			err = s.SetPrice(body.Product, body.Pricelist, body.Value)
		}
		writeControl(w, body, err)
	})
	return m
}

var (
	errNotFound   = errors.New("not found")
	errBadControl = errors.New("bad control request")
)

func readControl(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxControlBody+1))
	if err == nil && len(body) > maxControlBody {
		err = fmt.Errorf("body exceeds %d bytes", maxControlBody)
	}
	if err == nil {
		err = json.Unmarshal(body, v)
	}
	if err != nil {
		writeControl(w, nil, fmt.Errorf("%w: %w", errBadControl, err))
		return false
	}
	return true
}

func writeControl(w http.ResponseWriter, v any, err error) {
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		status := http.StatusUnprocessableEntity
		switch {
		case errors.Is(err, errNotFound):
			status = http.StatusNotFound
		case errors.Is(err, errBadControl):
			status = http.StatusBadRequest
		}
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}
