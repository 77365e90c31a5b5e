package centratest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// Handler returns the sandbox as an http.Handler: the GraphQL endpoint at Options.Path and
// the test controls under /_sandbox/.
func (s *Sandbox) Handler() http.Handler { return s }

// ServeHTTP implements http.Handler.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		s.serveControl(w, r)
		return
	}
	if r.URL.Path != s.opts.Path {
		http.NotFound(w, r)
		return
	}
	s.serveGraphQL(w, r)
}

// graphQLRequest is the documented body: {query, variables, operationName} (§1.1).
type graphQLRequest struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables"`
	OperationName string         `json:"operationName"`
}

func (s *Sandbox) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	defer func() {
		// No request, however hostile, takes the server down: a panic while preparing or
		// executing becomes a 500. A deliberate abort (a hang fault) still drops the connection.
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler { //nolint:errorlint // sentinel panic value, compared as net/http does
				panic(p)
			}
			s.respondErrors(w, http.StatusInternalServerError, nil, "Internal server error", categoryInternal)
		}
	}()
	if r.Method != http.MethodPost {
		s.respondErrors(w, http.StatusMethodNotAllowed, nil, "Only POST is supported", categoryValidation)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.opts.MaxRequestBytes+1))
	if err != nil {
		return
	}
	// The latency starts once the body is read: only then does net/http watch the
	// connection, so a client that gives up cancels the wait.
	if !s.sleep(r.Context(), time.Duration(s.latency.Load())) {
		return
	}
	var req graphQLRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	switch {
	case int64(len(body)) > s.opts.MaxRequestBytes:
		s.stats.request("")
		s.respondErrors(w, http.StatusBadRequest, nil, fmt.Sprintf("Request body exceeds %d bytes", s.opts.MaxRequestBytes), categoryValidation)
		return
	case dec.Decode(&req) != nil || req.Query == "":
		// §5.1: 400 is "invalid query/mutation (GraphQL syntax, bad JSON, missing required params)".
		s.stats.request("")
		s.respondErrors(w, http.StatusBadRequest, nil, "Request body must be JSON with a non-empty query", categoryValidation)
		return
	}
	s.stats.request(req.OperationName)
	if f := s.faults.take(req.OperationName, false); f != nil && !s.applyFault(w, r, f) {
		return
	}
	tok := s.token(bearer(r))
	if tok == nil || !tok.ExpiresAt.IsZero() && !s.now().Before(tok.ExpiresAt) {
		// §5.1: 403 means "the provided token was invalid or expired".
		s.respondErrors(w, http.StatusForbidden, nil, "Forbidden", categoryAuthorization)
		return
	}
	doc, op, vars, gqlErrs := s.prepare(req)
	if len(gqlErrs) > 0 {
		s.respondValidation(w, gqlErrs)
		return
	}
	rq := &request{ctx: r.Context(), sb: s, schema: s.schema, doc: doc, op: op, vars: vars, token: tok,
		now: s.now(), permsUsed: map[string]struct{}{}, mutationsRun: map[string]int64{}}
	var mutationFields []collectedField
	if op.Operation == ast.Mutation {
		mutationFields = rq.collectFields(s.schema.Mutation, op.SelectionSet, nil, map[string]bool{})
	}
	mutations := int64(0)
	for _, cf := range mutationFields {
		if cf.fields[0].Name != "__typename" {
			mutations++
		}
	}
	if ok, retryAt := s.limits.admit(rq.now, mutations); !ok {
		s.stats.with(func(st *Stats) { st.RateLimited++ })
		w.Header().Set("Retry-After", s.limits.retryAfterHeader(rq.now, retryAt))
		s.respondErrors(w, http.StatusTooManyRequests, nil, "Too many requests", "rateLimit")
		return
	}
	data := s.execute(rq, mutationFields)
	s.limits.record(rq.now, rq.complexity)
	s.stats.with(func(st *Stats) { st.Complexity += rq.complexity })
	if f := s.faults.take(req.OperationName, true); f != nil && !s.applyFault(w, r, f) {
		return
	}
	s.respond(w, rq, data)
}

// prepare parses and validates the document against the schema (invalid → 400, as in
// Centra, §5.1), selects the operation and coerces the variables.
func (s *Sandbox) prepare(req graphQLRequest) (*ast.QueryDocument, *ast.OperationDefinition, map[string]any, gqlerror.List) {
	doc, ok := s.docs.get(req.Query)
	if !ok {
		parsed, err := parser.ParseQuery(&ast.Source{Name: "request", Input: req.Query})
		if err != nil {
			var gerr *gqlerror.Error
			if errors.As(err, &gerr) {
				return nil, nil, nil, gqlerror.List{gerr}
			}
			return nil, nil, nil, gqlerror.List{gqlerror.Wrap(err)}
		}
		if errs := validator.ValidateWithRules(s.schema, parsed, nil); len(errs) > 0 {
			return nil, nil, nil, errs
		}
		doc = parsed
		s.docs.put(req.Query, doc)
	}
	var op *ast.OperationDefinition
	switch {
	case req.OperationName != "":
		op = doc.Operations.ForName(req.OperationName)
	case len(doc.Operations) == 1:
		op = doc.Operations[0]
	}
	if op == nil {
		return nil, nil, nil, gqlerror.List{gqlerror.Errorf("Unknown operation named %q", req.OperationName)}
	}
	if op.Operation == ast.Subscription {
		return nil, nil, nil, gqlerror.List{gqlerror.Errorf("Subscriptions are not supported")}
	}
	vars, err := validator.VariableValues(s.schema, op, req.Variables)
	if err != nil {
		var gerr *gqlerror.Error
		if errors.As(err, &gerr) {
			return nil, nil, nil, gqlerror.List{gerr}
		}
		return nil, nil, nil, gqlerror.List{gqlerror.Wrap(err)}
	}
	return doc, op, vars, nil
}

// execute runs the operation. Queries run under the catalogue's read lock (a media batch
// poll may complete the batch, so a query polling one takes the write lock); mutation
// fields run one after the other, each under the write lock (§3.5: "executed in series").
func (s *Sandbox) execute(rq *request, mutationFields []collectedField) any {
	if rq.op.Operation == ast.Mutation {
		out := &outObject{}
		for _, cf := range mutationFields {
			rq.alias = cf.key
			v, bubble := s.executeMutationField(rq, cf)
			if bubble {
				// A non-null payload came back null: data is null and the remaining fields
				// do not run, as graphql-php does for serial execution.
				return nil
			}
			out.set(cf.key, v)
		}
		return out
	}
	fields := rq.collectFields(s.schema.Query, rq.op.SelectionSet, nil, map[string]bool{})
	if slices.ContainsFunc(fields, func(cf collectedField) bool { return cf.fields[0].Name == "mediaBatch" }) {
		s.cat.mu.Lock()
		defer s.cat.mu.Unlock()
	} else {
		s.cat.mu.RLock()
		defer s.cat.mu.RUnlock()
	}
	obj, bubble := rq.executeSelection(s.schema.Query, nil, rq.op.SelectionSet, nil)
	if bubble {
		return nil
	}
	return obj
}

func (s *Sandbox) executeMutationField(rq *request, cf collectedField) (any, bool) {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	return rq.executeField(s.schema.Mutation, nil, cf, []any{cf.key})
}

// applyFault injects f. It reports whether the request should carry on.
func (s *Sandbox) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	switch f.Kind {
	case FaultLatency:
		return s.sleep(r.Context(), f.Duration)
	case FaultHang:
		if f.Duration == 0 {
			<-r.Context().Done()
		} else if !s.sleep(r.Context(), f.Duration) {
			return false
		}
		// The connection is dropped without a response.
		panic(http.ErrAbortHandler)
	case FaultMalformed:
		s.stats.status(http.StatusOK)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"data": {"products": [`))
		return false
	case FaultStatus:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		s.respondErrors(w, status, nil, http.StatusText(status), "injected")
		return false
	}
	return true
}

func (s *Sandbox) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func (s *Sandbox) respond(w http.ResponseWriter, rq *request, data any) {
	var buf bytes.Buffer
	buf.Grow(4096)
	buf.WriteString(`{"data":`)
	writeJSON(&buf, data)
	if len(rq.errors) > 0 {
		buf.WriteString(`,"errors":`)
		errs := make([]any, len(rq.errors))
		for i, e := range rq.errors {
			errs[i] = e.toJSON()
		}
		writeJSON(&buf, errs)
	}
	perms := make([]string, 0, len(rq.permsUsed))
	for p := range rq.permsUsed {
		perms = append(perms, p)
	}
	slices.Sort(perms)
	ext := &outObject{}
	ext.set("complexity", rq.complexity)
	ext.set("permissionsUsed", perms)
	ext.set("appVersion", s.opts.AppVersion)
	buf.WriteString(`,"extensions":`)
	writeJSON(&buf, ext)
	buf.WriteByte('}')
	s.stats.status(http.StatusOK)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(buf.Bytes())
}

func (s *Sandbox) respondValidation(w http.ResponseWriter, errs gqlerror.List) {
	out := make([]any, 0, len(errs))
	for _, e := range errs {
		re := responseError{message: e.Message, category: categoryValidation}
		for _, l := range e.Locations {
			re.locations = append(re.locations, ast.Position{Line: l.Line, Column: l.Column})
		}
		out = append(out, re.toJSON())
	}
	s.writeErrors(w, http.StatusBadRequest, out)
}

func (s *Sandbox) respondErrors(w http.ResponseWriter, status int, path []any, message, category string) {
	s.writeErrors(w, status, []any{responseError{message: message, path: path, category: category}.toJSON()})
}

func (s *Sandbox) writeErrors(w http.ResponseWriter, status int, errs []any) {
	var buf bytes.Buffer
	buf.WriteString(`{"errors":`)
	writeJSON(&buf, errs)
	buf.WriteByte('}')
	s.stats.status(status)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
