package plytixtest

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// The v1 product writes (docs/reference/plytix-api.md §6.1, §6.5). The operator never writes to Plytix;
// these exist so a demo or a test can change the catalogue the way a merchandiser's
// integration would, with the API's validation.

// decodeStrict reads a JSON body keeping numbers exact.
func decodeStrict(r *http.Request, v any) *apiError {
	raw, err := readBody(r)
	if err != nil {
		return badRequest("Bad request: unreadable body")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return badRequest("Bad request: the body is not valid JSON")
	}
	return nil
}

// createProduct is POST /api/v1/products: only sku is mandatory; 201 with Location and the
// full product; 409 on a duplicate SKU.
func (s *Server) createProduct(w http.ResponseWriter, r *http.Request) {
	var np NewProduct
	if aerr := decodeStrict(r, &np); aerr != nil {
		writeError(w, aerr)
		return
	}
	if np.SKU == "" {
		writeError(w, validationFailed("sku", "Missing data for required field."))
		return
	}
	if np.Status != "" && !validStatus(np.Status) {
		writeError(w, validationFailed("status", "Not a valid choice."))
		return
	}
	s.store.mu.Lock()
	if aerr := s.store.validateAttributes(np.Attributes); aerr != nil {
		s.store.mu.Unlock()
		writeError(w, aerr)
		return
	}
	if s.store.skuExists(np.SKU) {
		s.store.mu.Unlock()
		writeError(w, &apiError{status: http.StatusConflict, msg: "product data validation failed",
			fields: []fieldError{{Field: "sku", Msg: "A product with the same SKU already exists"}}})
		return
	}
	p := s.store.create(np, nil, s.now())
	body, _ := json.Marshal(map[string]any{"data": []any{s.renderFullProduct(p, false)}})
	s.store.mu.Unlock()
	w.Header().Set("Location", "https://pim.plytix.com/api/v1/products/"+p.ID)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(body)
}

// patchProduct is PATCH /api/v1/products/{id}: changes the given fields, null clears an
// attribute; 200 with the full product.
func (s *Server) patchProduct(w http.ResponseWriter, r *http.Request) {
	var patch ProductPatch
	if aerr := decodeStrict(r, &patch); aerr != nil {
		writeError(w, aerr)
		return
	}
	if patch.Status != nil && !validStatus(*patch.Status) {
		writeError(w, validationFailed("status", "Not a valid choice."))
		return
	}
	id := r.PathValue("id")
	s.store.mu.Lock()
	p := s.store.byID[id]
	if p == nil {
		s.store.mu.Unlock()
		writeError(w, productNotFound(id))
		return
	}
	if aerr := s.store.validateAttributes(patch.Attributes); aerr != nil {
		s.store.mu.Unlock()
		writeError(w, aerr)
		return
	}
	s.store.patch(p, patch, s.now())
	body, _ := json.Marshal(map[string]any{"data": []any{s.renderFullProduct(p, false)}})
	s.store.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// deleteProduct is DELETE /api/v1/products/{id}: 204, variants included.
func (s *Server) deleteProduct(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.store.mu.Lock()
	p := s.store.byID[id]
	if p != nil {
		s.store.remove(p, s.now())
	}
	s.store.mu.Unlock()
	if p == nil {
		writeError(w, productNotFound(id))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
