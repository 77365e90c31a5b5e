package plytixtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// getToken is POST /auth/api/get-token (docs/reference/plytix-api.md §2.1–§2.3).
func (s *Server) getToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		APIKey      *string `json:"api_key"`
		APIPassword *string `json:"api_password"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil || body.APIKey == nil || body.APIPassword == nil {
		writeError(w, badRequest("Bad request: api_key and api_password are mandatory strings"))
		return
	}
	if !hmac.Equal([]byte(*body.APIKey), []byte(s.key)) || !hmac.Equal([]byte(*body.APIPassword), []byte(s.password)) {
		if s.current().authErrors == AuthErrorDocumented {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"msg": "Bad api_key or api_password"})
			return
		}
		writeError(w, &apiError{status: http.StatusUnauthorized, msg: "Bad api_key or api_password: Credentials not valid",
			fields: []fieldError{{Field: "http_status_code", Msg: 401}}})
		return
	}
	// The live service adds an undocumented refresh_token; no endpoint takes it (§2.2).
	token := s.issueToken()
	writeData(w, http.StatusOK, []any{map[string]any{"access_token": token, "refresh_token": "sandbox-refresh-" + s.store.account}})
}

// issueToken signs an HS256 JWT with exp = iat + the token TTL (900 s by default) and the
// account's rate limit in its claims, as the live tokens carry (§2.2, §4).
func (s *Server) issueToken() string {
	now := s.now()
	st := s.current()
	s.mu.Lock()
	var per10s, perHour int64
	for _, w := range s.limiter.State().Windows {
		switch w.Period.Seconds() {
		case 10:
			per10s = w.Limit
		case 3600:
			perHour = w.Limit
		}
	}
	s.mu.Unlock()
	claims := map[string]any{
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(st.tokenTTL).Unix(),
		"jti": fmt.Sprintf("sandbox-%d", s.tokenSeq.Add(1)), "type": "access", "fresh": false,
		"identity": s.store.user, "gen": s.tokenGen.Load(),
		"user_claims": map[string]any{
			"role": "admin",
			"account": map[string]any{
				"id":         s.store.account,
				"rate_limit": map[string]any{"requests_per_10_seconds": per10s, "requests_per_hour": perHour},
			},
		},
	}
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload, _ := json.Marshal(claims)
	signingInput := header + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signingInput + "." + s.sign(signingInput)
}

func (s *Server) sign(input string) string {
	mac := hmac.New(sha256.New, s.secret)
	mac.Write([]byte(input))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// authorize checks the bearer token of an API request (§2.4, §13 item 2). The expired-token
// message is not documented; clients must go by the status code.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	header := r.Header.Get("Authorization")
	if header == "" {
		writeError(w, &apiError{status: http.StatusUnauthorized, msg: "Missing Authorization Header"})
		return false
	}
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		writeError(w, &apiError{status: http.StatusUnauthorized, msg: "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"})
		return false
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !hmac.Equal([]byte(s.sign(parts[0]+"."+parts[1])), []byte(parts[2])) {
		writeError(w, &apiError{status: http.StatusUnauthorized, msg: "Signature verification failed"})
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Exp int64 `json:"exp"`
		Gen int64 `json:"gen"`
	}
	if err != nil || json.Unmarshal(raw, &claims) != nil {
		writeError(w, &apiError{status: http.StatusUnauthorized, msg: "Signature verification failed"})
		return false
	}
	if claims.Exp <= s.now().Unix() || claims.Gen != s.tokenGen.Load() {
		writeError(w, &apiError{status: http.StatusUnauthorized, msg: "Token has expired"})
		return false
	}
	return true
}
