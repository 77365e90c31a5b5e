package plytixtest

import (
	"encoding/json"
	"net/http"
	"time"
)

// v1Time is the v1 timestamp format: microseconds and an explicit +00:00 (docs/reference/plytix-api.md
// §6.2, §13 item 9).
const v1Time = "2006-01-02T15:04:05.000000-07:00"

func formatTime(t time.Time) string { return t.UTC().Format(v1Time) }

// fieldError is one entry of an error body's "errors" list (§3.2).
type fieldError struct {
	Field string `json:"field"`
	Msg   any    `json:"msg"`
}

// apiError is an error response in the v1 shape {"error":{"msg":...,"errors":[...]}}.
type apiError struct {
	status int
	msg    string
	fields []fieldError
}

func (e *apiError) body() map[string]any {
	inner := map[string]any{"msg": e.msg}
	if len(e.fields) > 0 {
		inner["errors"] = e.fields
	}
	return map[string]any{"error": inner}
}

// Documented and inferred error responses.
func schemaError(field, msg string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, msg: "Schema validation error", fields: []fieldError{{Field: field, Msg: msg}}}
}

func validationFailed(field, msg string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, msg: "product data validation failed", fields: []fieldError{{Field: field, Msg: msg}}}
}

func badRequest(msg string) *apiError { return &apiError{status: http.StatusBadRequest, msg: msg} }

// productNotFound is the documented 404, leading space included (§3.2).
func productNotFound(id string) *apiError {
	return &apiError{status: http.StatusNotFound, msg: " No results found for " + id, fields: []fieldError{{Field: "id", Msg: "product does not exist"}}}
}

func notFound(what, id string) *apiError {
	return &apiError{status: http.StatusNotFound, msg: " No results found for " + id, fields: []fieldError{{Field: "id", Msg: what + " does not exist"}}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":{"msg":"sandbox could not encode its response"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, e *apiError) { writeJSON(w, e.status, e.body()) }

func writeData(w http.ResponseWriter, status int, items []any) {
	if items == nil {
		items = []any{}
	}
	writeJSON(w, status, map[string]any{"data": items})
}
