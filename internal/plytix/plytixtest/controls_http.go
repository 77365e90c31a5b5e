package plytixtest

import (
	"errors"
	"net/http"
	"sort"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
)

// The test controls over HTTP, for a sandbox running as its own process (the demo). Every
// route is JSON under /_sandbox/ and needs no token:
//
//	GET    /_sandbox/report                  what the generator made (Report)
//	GET    /_sandbox/counters                requests served by route and status
//	GET    /_sandbox/rate                    the account's rate windows
//	POST   /_sandbox/faults                  inject a fault (faultWire)
//	DELETE /_sandbox/faults                  clear faults
//	PUT    /_sandbox/latency                 {"latency":"250ms"}
//	PUT    /_sandbox/rate-limits             {"windows":[{"period":"10s","limit":20}]}
//	PUT    /_sandbox/settings                settingsWire: column limit, id filter, date filters, ...
//	POST   /_sandbox/tokens/expire           invalidate every token
//	POST   /_sandbox/clock                   {"advance":"16m"}
//	GET    /_sandbox/skus/{sku}              {"ids":[...]}
//	GET    /_sandbox/products/{id}           ProductState
//	PATCH  /_sandbox/products/{id}           ProductPatch
//	DELETE /_sandbox/products/{id}
//	POST   /_sandbox/products                NewProduct → {"id":...}
//	POST   /_sandbox/products/{id}/variants  NewProduct → {"id":...}
//	GET    /_sandbox/attributes              []AttributeDef
//	POST   /_sandbox/attributes              AttributeDef → {"id":...}
//	PATCH  /_sandbox/attributes/{label}      AttributePatch
//	DELETE /_sandbox/attributes/{label}
func (s *Server) controlRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /_sandbox/report", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.Report()) })
	m.HandleFunc("GET /_sandbox/counters", s.httpCounters)
	m.HandleFunc("GET /_sandbox/rate", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, rateWire(s.RateState())) })
	m.HandleFunc("POST /_sandbox/faults", s.httpInjectFault)
	m.HandleFunc("DELETE /_sandbox/faults", func(w http.ResponseWriter, _ *http.Request) { s.ClearFaults(); w.WriteHeader(http.StatusNoContent) })
	m.HandleFunc("PUT /_sandbox/latency", s.httpLatency)
	m.HandleFunc("PUT /_sandbox/rate-limits", s.httpRateLimits)
	m.HandleFunc("PUT /_sandbox/settings", s.httpSettings)
	m.HandleFunc("POST /_sandbox/tokens/expire", func(w http.ResponseWriter, _ *http.Request) { s.ExpireTokens(); w.WriteHeader(http.StatusNoContent) })
	m.HandleFunc("POST /_sandbox/clock", s.httpClock)
	m.HandleFunc("GET /_sandbox/skus/{sku}", func(w http.ResponseWriter, r *http.Request) {
		ids := s.LookupSKU(r.PathValue("sku"))
		if ids == nil {
			ids = []string{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"ids": ids})
	})
	m.HandleFunc("GET /_sandbox/products/{id}", func(w http.ResponseWriter, r *http.Request) {
		p, err := s.Product(r.PathValue("id"))
		controlResult(w, p, err)
	})
	m.HandleFunc("PATCH /_sandbox/products/{id}", func(w http.ResponseWriter, r *http.Request) {
		var patch ProductPatch
		if !decodeControl(w, r, &patch) {
			return
		}
		controlResult(w, nil, s.UpdateProduct(r.PathValue("id"), patch))
	})
	m.HandleFunc("DELETE /_sandbox/products/{id}", func(w http.ResponseWriter, r *http.Request) {
		controlResult(w, nil, s.DeleteProduct(r.PathValue("id")))
	})
	m.HandleFunc("POST /_sandbox/products", func(w http.ResponseWriter, r *http.Request) {
		var np NewProduct
		if !decodeControl(w, r, &np) {
			return
		}
		id, err := s.AddProduct(np)
		controlResult(w, map[string]string{"id": id}, err)
	})
	m.HandleFunc("POST /_sandbox/products/{id}/variants", func(w http.ResponseWriter, r *http.Request) {
		var np NewProduct
		if !decodeControl(w, r, &np) {
			return
		}
		id, err := s.AddVariant(r.PathValue("id"), np)
		controlResult(w, map[string]string{"id": id}, err)
	})
	m.HandleFunc("GET /_sandbox/attributes", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.Attributes()) })
	m.HandleFunc("POST /_sandbox/attributes", func(w http.ResponseWriter, r *http.Request) {
		var def AttributeDef
		if !decodeControl(w, r, &def) {
			return
		}
		id, err := s.AddAttribute(def)
		controlResult(w, map[string]string{"id": id}, err)
	})
	m.HandleFunc("PATCH /_sandbox/attributes/{label}", func(w http.ResponseWriter, r *http.Request) {
		var patch AttributePatch
		if !decodeControl(w, r, &patch) {
			return
		}
		controlResult(w, nil, s.UpdateAttribute(r.PathValue("label"), patch))
	})
	m.HandleFunc("DELETE /_sandbox/attributes/{label}", func(w http.ResponseWriter, r *http.Request) {
		controlResult(w, nil, s.DeleteAttribute(r.PathValue("label")))
	})
}

// decodeControl reads a control's JSON body; numbers stay exact.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	if aerr := decodeStrict(r, v); aerr != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": aerr.msg})
		return false
	}
	return true
}

// controlResult writes a control's outcome: 404 for unknown ids, 400 for other refusals,
// 200 with body, or 204 without.
func controlResult(w http.ResponseWriter, body any, err error) {
	switch {
	case errors.Is(err, ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
	case err != nil:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
	case body == nil:
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusOK, body)
	}
}

type counterWire struct {
	Operation string `json:"operation"`
	Outcome   string `json:"outcome"`
	Count     int64  `json:"count"`
}

func (s *Server) httpCounters(w http.ResponseWriter, _ *http.Request) {
	var out []counterWire
	for k, n := range s.counters.Snapshot() {
		out = append(out, counterWire{Operation: k.Operation, Outcome: k.Outcome, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Operation != out[j].Operation {
			return out[i].Operation < out[j].Operation
		}
		return out[i].Outcome < out[j].Outcome
	})
	writeJSON(w, http.StatusOK, map[string]any{"total": s.counters.Total(), "counters": out})
}

// faultWire is a Fault in JSON, with the delay as a duration string.
type faultWire struct {
	Kind       FaultKind `json:"kind"`
	Path       string    `json:"path"`
	Method     string    `json:"method"`
	Skip       int       `json:"skip"`
	Times      int       `json:"times"`
	Status     int       `json:"status"`
	RetryAfter string    `json:"retryAfter"`
	Body       string    `json:"body"`
	Size       int       `json:"size"`
	Delay      string    `json:"delay"`
}

func (s *Server) httpInjectFault(w http.ResponseWriter, r *http.Request) {
	var fw faultWire
	if !decodeControl(w, r, &fw) {
		return
	}
	f := Fault{Kind: fw.Kind, Path: fw.Path, Method: fw.Method, Skip: fw.Skip, Times: fw.Times, Status: fw.Status,
		RetryAfter: fw.RetryAfter, Body: fw.Body, Size: fw.Size}
	switch f.Kind {
	case FaultStatus, FaultHang, FaultMalformed, FaultOversized, FaultEcho, FaultLatency:
	default:
		controlResult(w, nil, errors.New("unknown fault kind "+string(f.Kind)))
		return
	}
	if fw.Delay != "" {
		d, err := parseDuration(fw.Delay)
		if err != nil {
			controlResult(w, nil, err)
			return
		}
		f.Delay = d
	}
	s.InjectFault(f)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) httpLatency(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Latency string `json:"latency"`
	}
	if !decodeControl(w, r, &body) {
		return
	}
	d, err := parseDuration(body.Latency)
	if err != nil {
		controlResult(w, nil, err)
		return
	}
	s.SetLatency(d)
	w.WriteHeader(http.StatusNoContent)
}

type windowWire struct {
	Period    string `json:"period"`
	Limit     int64  `json:"limit"`
	Used      int64  `json:"used,omitempty"`
	Remaining int64  `json:"remaining,omitempty"`
}

func rateWire(st budget.State) map[string]any {
	windows := make([]windowWire, 0, len(st.Windows))
	for _, w := range st.Windows {
		windows = append(windows, windowWire{Period: w.Period.String(), Limit: w.Limit, Used: w.Used, Remaining: w.Remaining})
	}
	return map[string]any{"windows": windows, "spent": st.Spent}
}

func (s *Server) httpRateLimits(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Windows []windowWire `json:"windows"`
	}
	if !decodeControl(w, r, &body) {
		return
	}
	windows := make([]budget.Window, 0, len(body.Windows))
	for _, ww := range body.Windows {
		d, err := parseDuration(ww.Period)
		if err != nil || d <= 0 {
			controlResult(w, nil, errors.New("each window needs a positive period"))
			return
		}
		windows = append(windows, budget.Window{Period: d, Limit: ww.Limit})
	}
	s.SetRateLimits(windows)
	w.WriteHeader(http.StatusNoContent)
}

// settingsWire changes the configurable behaviours; absent fields are left alone.
type settingsWire struct {
	ColumnLimit    *int             `json:"columnLimit"`
	IDFilter       *bool            `json:"idFilter"`
	DateFilters    *DateFilters     `json:"dateFilters"`
	AuthErrors     *AuthErrorShape  `json:"authErrors"`
	Pagination     *PaginationQuirk `json:"pagination"`
	OmitRetryAfter *bool            `json:"omitRetryAfter"`
	TokenTTL       *string          `json:"tokenTTL"`
	AuthRateLimit  *int             `json:"authRateLimit"`
}

func (s *Server) httpSettings(w http.ResponseWriter, r *http.Request) {
	var sw settingsWire
	if !decodeControl(w, r, &sw) {
		return
	}
	var ttl time.Duration
	if sw.TokenTTL != nil {
		d, err := parseDuration(*sw.TokenTTL)
		if err != nil || d <= 0 {
			controlResult(w, nil, errors.New("tokenTTL must be a positive duration"))
			return
		}
		ttl = d
	}
	if sw.AuthRateLimit != nil {
		s.SetAuthRateLimit(*sw.AuthRateLimit)
	}
	s.update(func(st *settings) {
		if sw.ColumnLimit != nil && *sw.ColumnLimit > 0 {
			st.columnLimit = *sw.ColumnLimit
		}
		if sw.IDFilter != nil {
			st.idFilter = *sw.IDFilter
		}
		if sw.DateFilters != nil {
			st.dateFilters = *sw.DateFilters
		}
		if sw.AuthErrors != nil {
			st.authErrors = *sw.AuthErrors
		}
		if sw.Pagination != nil {
			st.pagination = *sw.Pagination
		}
		if sw.OmitRetryAfter != nil {
			st.omitRetryAfter = *sw.OmitRetryAfter
		}
		if ttl > 0 {
			st.tokenTTL = ttl
		}
	})
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) httpClock(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Advance string `json:"advance"`
	}
	if !decodeControl(w, r, &body) {
		return
	}
	d, err := parseDuration(body.Advance)
	if err != nil {
		controlResult(w, nil, err)
		return
	}
	s.AdvanceClock(d)
	writeJSON(w, http.StatusOK, map[string]string{"now": formatTime(s.now())})
}
