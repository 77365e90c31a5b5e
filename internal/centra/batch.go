package centra

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-logr/logr"
)

// ProductRef is what a createProduct returns: the ids of the product, its variants and
// their sizes.
type ProductRef struct {
	ID            int
	ProductNumber string
	Variants      []VariantRef
}

// VariantRef identifies a variant and its sizes.
type VariantRef struct {
	ID            int
	VariantNumber string
	Sizes         []SizeRef
}

// SizeRef identifies an activated size.
type SizeRef struct {
	ID       int
	SKU      string
	SizeName string
}

// MutationResult is the outcome of one mutation of an Execute call. Err is nil on
// success; otherwise it is a *UserErrorsError (nothing was changed), a *GraphQLErrors,
// an *UnknownOutcomeError (it may have run: look the object up before creating it again),
// or the request's error; ErrNotSent marks mutations never sent.
type MutationResult struct {
	Mutation Mutation
	Alias    string
	// ID is the id of the object created or changed, when the payload has one.
	ID       int
	Product  *ProductRef
	Variant  *VariantRef
	Size     *SizeRef
	URI      string
	QueueID  string
	Warnings []UserError
	Err      error
}

// Execute sends the mutations as aliased fields, MaxMutationsPerRequest per request, in
// order; Centra runs the fields of a request in series (§3.5). Each alias's result stands
// on its own: one failing alias does not hide the others' success. The error is non-nil
// only when a request failed as a whole; the mutations after it are marked ErrNotSent.
func (c *Client) Execute(ctx context.Context, ms []Mutation) ([]MutationResult, error) {
	results := make([]MutationResult, len(ms))
	for i := range ms {
		results[i] = MutationResult{Mutation: ms[i], Err: ErrNotSent}
	}
	for start, end := 0, 0; start < len(ms); start = end {
		// A request never asks for more mutations than the budget has left (each is one
		// MUTATION_COUNT token, §5.5): a small quota is spent to the last mutation rather than
		// refused for the whole batch.
		size := c.cfg.MaxMutationsPerRequest
		if left := c.budgets.Mutations.Available(); left >= 0 {
			size = min(size, max(int(left), 1))
		}
		end = min(start+size, len(ms))
		if err := c.executeFitting(ctx, ms[start:end], results[start:end]); err != nil {
			for i := end; i < len(ms); i++ {
				results[i].Err = fmt.Errorf("%w: an earlier request failed: %w", ErrNotSent, err)
			}
			return results, err
		}
	}
	return results, nil
}

// executeFitting sends mutations in one request, or, when that request would be over the size
// cap, in two halves, down to one mutation a request. A single mutation over the cap (a huge
// value) fails alone, with ErrRequestTooLarge, and the others go on.
func (c *Client) executeFitting(ctx context.Context, ms []Mutation, results []MutationResult) error {
	err := c.executeRequest(ctx, ms, results)
	if !errors.Is(err, ErrRequestTooLarge) {
		return err
	}
	if len(ms) == 1 {
		results[0].Err = err
		return nil
	}
	half := len(ms) / 2
	if err := c.executeFitting(ctx, ms[:half], results[:half]); err != nil {
		for i := half; i < len(ms); i++ {
			results[i].Err = fmt.Errorf("%w: an earlier request failed: %w", ErrNotSent, err)
		}
		return err
	}
	return c.executeFitting(ctx, ms[half:], results[half:])
}

// batchDocument builds the aliased mutation document; every value is a variable.
func batchDocument(name string, ms []Mutation) (string, map[string]any) {
	var decls []string
	var body strings.Builder
	vars := map[string]any{}
	for i, m := range ms {
		alias := "m" + strconv.Itoa(i)
		args := make([]string, 0, len(m.args))
		for _, a := range m.args {
			v := alias + "_" + a.name
			decls = append(decls, "$"+v+": "+a.gqlType)
			args = append(args, a.name+": $"+v)
			vars[v] = a.value
		}
		fmt.Fprintf(&body, "  %s: %s(%s) { %s %s }\n", alias, m.field, strings.Join(args, ", "), payloadSelections[m.field], payloadProblems)
	}
	return "mutation " + name + "(" + strings.Join(decls, ", ") + ") {\n" + body.String() + "}", vars
}

// batchName names a request for the counters: the mutation field when alone, MutationBatch
// for several.
func batchName(ms []Mutation) string {
	if len(ms) == 1 {
		return strings.ToUpper(ms[0].field[:1]) + ms[0].field[1:]
	}
	return "MutationBatch"
}

type wirePayload struct {
	Product *struct {
		ID            int              `json:"id"`
		ProductNumber string           `json:"productNumber"`
		Variants      []wireVariantRef `json:"variants"`
	} `json:"product"`
	ProductVariant *wireVariantRef `json:"productVariant"`
	ProductSize    *wireSizeRef    `json:"productSize"`
	Display        *struct {
		ID  int    `json:"id"`
		URI string `json:"uri"`
	} `json:"display"`
	Object       *wireID     `json:"object"`
	QueueID      *string     `json:"queueId"`
	UserErrors   []UserError `json:"userErrors"`
	UserWarnings []UserError `json:"userWarnings"`
}

type wireVariantRef struct {
	ID            int           `json:"id"`
	VariantNumber *string       `json:"variantNumber"`
	ProductSizes  []wireSizeRef `json:"productSizes"`
}

func (w wireVariantRef) ref() *VariantRef {
	v := &VariantRef{ID: w.ID, VariantNumber: deref(w.VariantNumber)}
	for _, s := range w.ProductSizes {
		v.Sizes = append(v.Sizes, *s.ref())
	}
	return v
}

type wireSizeRef struct {
	ID   int     `json:"id"`
	SKU  *string `json:"SKU"`
	Size *struct {
		Name *string `json:"name"`
	} `json:"size"`
}

func (w wireSizeRef) ref() *SizeRef {
	s := &SizeRef{ID: w.ID, SKU: deref(w.SKU)}
	if w.Size != nil {
		s.SizeName = deref(w.Size.Name)
	}
	return s
}

// OutcomeNotSent counts mutations the budget kept from being sent.
const OutcomeNotSent = "notSent"

func (c *Client) executeRequest(ctx context.Context, ms []Mutation, results []MutationResult) error {
	name := batchName(ms)
	doc, vars := batchDocument(name, ms)
	op := operation{name: name, query: doc, vars: vars, mutations: int64(len(ms)), units: len(ms)}
	for _, m := range ms {
		op.creates = op.creates || m.creates()
	}
	r, err := c.do(ctx, op)
	if err != nil {
		outcome := "error"
		var unknown *UnknownOutcomeError
		switch {
		case errors.As(err, &unknown):
			outcome = "unknown"
		case isExhausted(err):
			outcome = OutcomeNotSent // the budget refused it: it never reached Centra
		}
		for i, m := range ms {
			results[i].Alias = "m" + strconv.Itoa(i)
			results[i].Err = err
			c.mutations.Record(m.field, outcome, 0)
		}
		return err
	}
	var data map[string]json.RawMessage
	if len(r.Data) > 0 && string(r.Data) != "null" {
		if err := json.Unmarshal(r.Data, &data); err != nil {
			return &MalformedResponseError{Operation: name, Err: err}
		}
	}
	failedAt, aliasErrs := len(ms), map[string][]wireError{}
	for _, we := range r.Errors {
		alias := ""
		if len(we.Path) > 0 {
			alias, _ = we.Path[0].(string)
		}
		aliasErrs[alias] = append(aliasErrs[alias], we)
		if i, err := strconv.Atoi(strings.TrimPrefix(alias, "m")); err == nil && strings.HasPrefix(alias, "m") && i < failedAt {
			failedAt = i
		}
	}
	log := logr.FromContextOrDiscard(ctx)
	if errs := aliasErrs[""]; len(errs) > 0 {
		// Errors outside any mutation field (no path): nothing to attach them to, but they
		// must not vanish.
		log.Info("Centra returned errors outside the mutation fields", "operation", name, "errors", c.graphQLErrors(name, errs).Error())
	}
	for i, m := range ms {
		res := &results[i]
		res.Alias = "m" + strconv.Itoa(i)
		if errs := aliasErrs[res.Alias]; len(errs) > 0 {
			res.Err = c.graphQLErrors(name, errs)
			c.mutations.Record(m.field, "error", 0)
			continue
		}
		raw, ok := data[res.Alias]
		if !ok || string(raw) == "null" {
			// data is null as a whole: a non-null payload failed and took the response with
			// it. The fields before it ran, those after it did not (serial execution).
			if i < failedAt {
				res.Err = &UnknownOutcomeError{Operation: name, Err: c.graphQLErrors(name, r.Errors)}
				c.mutations.Record(m.field, "unknown", 0)
			} else {
				res.Err = fmt.Errorf("%w: an earlier mutation of the request failed", ErrNotSent)
			}
			continue
		}
		var p wirePayload
		if err := json.Unmarshal(raw, &p); err != nil {
			res.Err = &MalformedResponseError{Operation: name, Err: err}
			c.mutations.Record(m.field, "error", 0)
			continue
		}
		c.fillResult(res, p)
		if len(p.UserWarnings) > 0 {
			log.Info("Centra returned user warnings", "mutation", m.field, "object", m.object, "warnings", c.userStrings(p.UserWarnings))
		}
		if len(p.UserErrors) > 0 {
			res.Err = &UserErrorsError{Mutation: m.field, Alias: res.Alias, Object: m.object,
				Errors: c.redactUser(p.UserErrors), Warnings: res.Warnings}
			c.mutations.Record(m.field, "userErrors", 0)
			continue
		}
		res.Err = nil
		c.mutations.Record(m.field, "ok", 0)
	}
	return nil
}

func (c *Client) fillResult(res *MutationResult, p wirePayload) {
	res.Warnings = c.redactUser(p.UserWarnings)
	switch {
	case p.Product != nil:
		res.ID = p.Product.ID
		res.Product = &ProductRef{ID: p.Product.ID, ProductNumber: p.Product.ProductNumber}
		for _, v := range p.Product.Variants {
			res.Product.Variants = append(res.Product.Variants, *v.ref())
		}
	case p.ProductVariant != nil:
		res.ID = p.ProductVariant.ID
		res.Variant = p.ProductVariant.ref()
	case p.ProductSize != nil:
		res.ID = p.ProductSize.ID
		res.Size = p.ProductSize.ref()
	case p.Display != nil:
		res.ID, res.URI = p.Display.ID, p.Display.URI
	case p.Object != nil:
		res.ID = p.Object.ID
	}
	res.QueueID = deref(p.QueueID)
}

func (c *Client) redactUser(us []UserError) []UserError {
	if len(us) == 0 {
		return nil
	}
	out := make([]UserError, len(us))
	for i, u := range us {
		out[i] = UserError{Message: c.clip(u.Message), Path: u.Path}
	}
	return out
}

func (c *Client) userStrings(us []UserError) []string {
	out := make([]string, len(us))
	for i, u := range c.redactUser(us) {
		out[i] = u.String()
	}
	return out
}
