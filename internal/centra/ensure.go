package centra

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// maxEnsureRounds bounds how often a create whose outcome stayed unknown is looked up and
// tried again.
const maxEnsureRounds = 3

// EnsureOption adjusts an Ensure call.
type EnsureOption func(*ensureOptions)

type ensureOptions struct{ observed bool }

// AlreadyObserved tells an Ensure call that the caller read these objects from Centra moments
// ago, in the same run and under the same single writer, and found them missing: the first
// look-up is skipped. The look-up after an unknown outcome still happens, so a lost response
// never duplicates. A sync engine that has just read every product it plans to write spends a
// request per batch less with it.
func AlreadyObserved() EnsureOption { return func(o *ensureOptions) { o.observed = true } }

func ensureOpts(opts []EnsureOption) ensureOptions {
	var o ensureOptions
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// ensureSteps are the object-specific parts of the idempotent create protocol.
type ensureSteps struct {
	// observed skips the first look-up (AlreadyObserved); invalid marks indexes that must not be
	// created (their error is already set).
	observed bool
	invalid  func(i int) bool
	// lookup reports, for each index, whether the object already exists, and keeps what
	// it found.
	lookup func(ctx context.Context, idx []int) ([]bool, error)
	create func(i int) Mutation
	// created records a successful create, recovered an object found after a lost
	// response (this call created it), failed a final error.
	created   func(i int, r MutationResult)
	recovered func(i int)
	failed    func(i int, err error)
}

// ensure runs the idempotent create protocol (§5.4: "Never blind-create on retry"): look
// every object up, create the missing ones in aliased batches, and when a create's outcome
// is unknown (a lost response, a timeout, a 5xx) look it up again and create it again only
// if it is still absent. A crash between lookup and create therefore never duplicates: the
// next run's lookup finds what the lost request created.
func (c *Client) ensure(ctx context.Context, n int, s ensureSteps) error {
	if n == 0 {
		return nil
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	exists := make([]bool, n)
	if s.observed {
		for i := range exists {
			exists[i] = s.invalid(i)
		}
	} else {
		var err error
		if exists, err = s.lookup(ctx, all); err != nil {
			return err
		}
	}
	var pending []int
	for i, ok := range exists {
		if !ok {
			pending = append(pending, i)
		}
	}
	for round := 1; len(pending) > 0; round++ {
		ms := make([]Mutation, len(pending))
		for j, i := range pending {
			ms[j] = s.create(i)
		}
		results, execErr := c.Execute(ctx, ms)
		stopped := execErr != nil && !isUnknownOutcome(execErr)
		var unknown, again []int
		for j, i := range pending {
			r := results[j]
			switch {
			case r.Err == nil:
				s.created(i, r)
			case isUnknownOutcome(r.Err):
				unknown = append(unknown, i)
			case errors.Is(r.Err, ErrNotSent) && !stopped:
				again = append(again, i)
			default:
				s.failed(i, r.Err)
			}
		}
		if stopped {
			for _, i := range slices.Concat(unknown, again) {
				s.failed(i, results[slices.Index(pending, i)].Err)
			}
			return execErr
		}
		if len(unknown) > 0 {
			found, err := s.lookup(ctx, unknown)
			if err != nil {
				for _, i := range slices.Concat(unknown, again) {
					s.failed(i, fmt.Errorf("look-up after an unknown outcome failed: %w", err))
				}
				return err
			}
			for j, i := range unknown {
				if found[j] {
					s.recovered(i)
				} else {
					again = append(again, i)
				}
			}
		}
		if round == maxEnsureRounds && len(again) > 0 {
			for _, i := range again {
				s.failed(i, &UnknownOutcomeError{Operation: "ensure", Err: fmt.Errorf("still not created after %d rounds", round)})
			}
			return nil
		}
		pending = again
	}
	return nil
}

func isUnknownOutcome(err error) bool {
	var u *UnknownOutcomeError
	return errors.As(err, &u)
}

// EnsuredProduct is the outcome of EnsureProducts for one product.
type EnsuredProduct struct {
	ProductNumber string
	// Product is the product as found by look-up: before creating (it existed), or after a
	// lost response (this call created it). When several products carry the number,
	// Product is the oldest and Duplicates counts the others; nothing is created then.
	Product    *Product
	Duplicates int
	// Ref holds the ids of the product this call created, when the response arrived.
	Ref      *ProductRef
	Created  bool
	Warnings []UserError
	Err      error
}

// EnsureProducts creates the products that do not exist yet: it looks each up by product
// number (and by external id), creates the missing ones, variants and sizes nested, in
// aliased batches, and never duplicates after a crash or a lost response. The error is
// non-nil when the protocol had to stop (budget, cancelled context, a rejected request).
func (c *Client) EnsureProducts(ctx context.Context, creates []ProductCreate, opts ...EnsureOption) ([]EnsuredProduct, error) {
	out := make([]EnsuredProduct, len(creates))
	seen := map[string]int{}
	for i, pc := range creates {
		out[i].ProductNumber = pc.ProductNumber
		if first, dup := seen[pc.ProductNumber]; dup {
			out[i].Err = fmt.Errorf("product number %q is given twice (also at %d)", pc.ProductNumber, first)
		}
		seen[pc.ProductNumber] = i
	}
	err := c.ensure(ctx, len(creates), ensureSteps{
		observed: ensureOpts(opts).observed,
		invalid:  func(i int) bool { return out[i].Err != nil },
		lookup: func(ctx context.Context, idx []int) ([]bool, error) {
			return c.lookupProducts(ctx, creates, out, idx)
		},
		create: func(i int) Mutation { return CreateProduct(creates[i]) },
		created: func(i int, r MutationResult) {
			out[i].Ref, out[i].Created, out[i].Warnings = r.Product, true, r.Warnings
		},
		recovered: func(i int) { out[i].Created = true },
		failed:    func(i int, err error) { out[i].Err = err },
	})
	return out, err
}

// lookupProducts finds the products of idx by number, then the rest by external id. An
// index that already carries an error counts as existing, so it is not created.
func (c *Client) lookupProducts(ctx context.Context, creates []ProductCreate, out []EnsuredProduct, idx []int) ([]bool, error) {
	numbers := make([]string, 0, len(idx))
	for _, i := range idx {
		numbers = append(numbers, creates[i].ProductNumber)
	}
	byNumber, err := c.ProductsByNumber(ctx, numbers)
	if err != nil {
		return nil, err
	}
	var externals []string
	for _, i := range idx {
		if len(byNumber[creates[i].ProductNumber]) == 0 && creates[i].ExternalID != "" {
			externals = append(externals, creates[i].ExternalID)
		}
	}
	byExternal := map[string][]Product{}
	if len(externals) > 0 {
		if byExternal, err = c.ProductsByExternalID(ctx, externals); err != nil {
			return nil, err
		}
	}
	exists := make([]bool, len(idx))
	for j, i := range idx {
		found := byNumber[creates[i].ProductNumber]
		if len(found) == 0 && creates[i].ExternalID != "" {
			found = byExternal[creates[i].ExternalID]
		}
		if len(found) > 0 {
			oldest := slices.MinFunc(found, func(a, b Product) int { return a.ID - b.ID })
			out[i].Product, out[i].Duplicates = &oldest, len(found)-1
		}
		exists[j] = len(found) > 0 || out[i].Err != nil
	}
	return exists, nil
}

// EnsuredVariant is the outcome of EnsureVariants for one variant.
type EnsuredVariant struct {
	ProductID     int
	VariantNumber string
	// Variant is the variant as found by look-up.
	Variant  *Variant
	Ref      *VariantRef
	Created  bool
	Warnings []UserError
	Err      error
}

var errNeedsID = errors.New("the Ensure helpers need the parent object by id")

// EnsureVariants adds the variants that their products do not have yet, matched by
// variant number (or external id), idempotently like EnsureProducts. Each create must give
// its product ByID.
func (c *Client) EnsureVariants(ctx context.Context, creates []VariantCreate, opts ...EnsureOption) ([]EnsuredVariant, error) {
	out := make([]EnsuredVariant, len(creates))
	for i, vc := range creates {
		out[i] = EnsuredVariant{ProductID: vc.Product.id, VariantNumber: vc.VariantNumber}
		if vc.Product.id == 0 {
			out[i].Err = fmt.Errorf("variant %q: %w", vc.VariantNumber, errNeedsID)
		}
	}
	err := c.ensure(ctx, len(creates), ensureSteps{
		observed: ensureOpts(opts).observed,
		invalid:  func(i int) bool { return out[i].Err != nil },
		lookup: func(ctx context.Context, idx []int) ([]bool, error) {
			ids := make([]int, 0, len(idx))
			for _, i := range idx {
				ids = append(ids, creates[i].Product.id)
			}
			products, err := c.ProductsByID(ctx, ids)
			if err != nil {
				return nil, err
			}
			exists := make([]bool, len(idx))
			for j, i := range idx {
				p, ok := products[creates[i].Product.id]
				if !ok && out[i].Err == nil {
					out[i].Err = fmt.Errorf("variant %q: product %d does not exist", creates[i].VariantNumber, creates[i].Product.id)
				}
				for _, v := range p.Variants {
					if v.VariantNumber == creates[i].VariantNumber || creates[i].ExternalID != "" && v.ExternalID == creates[i].ExternalID {
						out[i].Variant = &v
						break
					}
				}
				exists[j] = out[i].Variant != nil || out[i].Err != nil
			}
			return exists, nil
		},
		create: func(i int) Mutation { return CreateVariant(creates[i]) },
		created: func(i int, r MutationResult) {
			out[i].Ref, out[i].Created, out[i].Warnings = r.Variant, true, r.Warnings
		},
		recovered: func(i int) { out[i].Created = true },
		failed:    func(i int, err error) { out[i].Err = err },
	})
	return out, err
}

// EnsuredSize is the outcome of EnsureSizes for one size.
type EnsuredSize struct {
	VariantID int
	Size      *Size
	Ref       *SizeRef
	Created   bool
	Warnings  []UserError
	Err       error
}

const variantSizesDocument = `query VariantSizes($ids: [Int!]!, $limit: Int!) {
  productVariants(where: { id: $ids }, limit: $limit) { id productSizes { id SKU EAN UPC sizeNumber isActive size { id name } } }
}`

// EnsureSizes activates the sizes their variants do not have yet, matched by size name
// or id, idempotently. Each create must give its variant ByID and its size ByName or ByID.
func (c *Client) EnsureSizes(ctx context.Context, creates []SizeCreate, opts ...EnsureOption) ([]EnsuredSize, error) {
	out := make([]EnsuredSize, len(creates))
	for i, sc := range creates {
		out[i].VariantID = sc.ProductVariant.id
		if sc.ProductVariant.id == 0 || sc.Size.id == 0 && sc.Size.name == "" {
			out[i].Err = fmt.Errorf("size %s: %w (variant) and the size by name or id", sc.Size, errNeedsID)
		}
	}
	err := c.ensure(ctx, len(creates), ensureSteps{
		observed: ensureOpts(opts).observed,
		invalid:  func(i int) bool { return out[i].Err != nil },
		lookup: func(ctx context.Context, idx []int) ([]bool, error) {
			sizes, err := c.variantSizes(ctx, idx, creates)
			if err != nil {
				return nil, err
			}
			exists := make([]bool, len(idx))
			for j, i := range idx {
				for _, s := range sizes[creates[i].ProductVariant.id] {
					if s.SizeID == creates[i].Size.id || s.SizeName == creates[i].Size.name && s.SizeName != "" {
						out[i].Size = &s
						break
					}
				}
				exists[j] = out[i].Size != nil || out[i].Err != nil
			}
			return exists, nil
		},
		create: func(i int) Mutation { return CreateSize(creates[i]) },
		created: func(i int, r MutationResult) {
			out[i].Ref, out[i].Created, out[i].Warnings = r.Size, true, r.Warnings
		},
		recovered: func(i int) { out[i].Created = true },
		failed:    func(i int, err error) { out[i].Err = err },
	})
	return out, err
}

func (c *Client) variantSizes(ctx context.Context, idx []int, creates []SizeCreate) (map[int][]Size, error) {
	ids := make([]int, 0, len(idx))
	for _, i := range idx {
		ids = append(ids, creates[i].ProductVariant.id)
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	out := map[int][]Size{}
	for len(ids) > 0 {
		n := min(len(ids), 200)
		op := operation{name: "VariantSizes", query: variantSizesDocument, vars: map[string]any{"ids": ids[:n], "limit": 200}}
		ids = ids[n:]
		var data struct {
			ProductVariants []struct {
				ID           int `json:"id"`
				ProductSizes []struct {
					ID         int     `json:"id"`
					SKU        *string `json:"SKU"`
					EAN        *string `json:"EAN"`
					UPC        *string `json:"UPC"`
					SizeNumber *string `json:"sizeNumber"`
					IsActive   bool    `json:"isActive"`
					Size       struct {
						ID   int     `json:"id"`
						Name *string `json:"name"`
					} `json:"size"`
				} `json:"productSizes"`
			} `json:"productVariants"`
		}
		if err := c.query(ctx, op, &data); err != nil {
			return nil, err
		}
		for _, v := range data.ProductVariants {
			for _, s := range v.ProductSizes {
				out[v.ID] = append(out[v.ID], Size{ID: s.ID, SKU: deref(s.SKU), EAN: deref(s.EAN), UPC: deref(s.UPC),
					SizeNumber: deref(s.SizeNumber), Active: s.IsActive, SizeID: s.Size.ID, SizeName: deref(s.Size.Name)})
			}
		}
	}
	return out, nil
}

// EnsuredDisplay is the outcome of EnsureDisplays for one display.
type EnsuredDisplay struct {
	ProductID int
	StoreID   int
	// Display is the display as found by look-up (the product's first in the store).
	Display  *Display
	ID       int
	URI      string
	Created  bool
	Warnings []UserError
	Err      error
}

// EnsureDisplays creates a display for each product that has none in the store yet,
// idempotently. Displays have no external id (§3.11), so a display is found by product
// and store. Each create must give its product ByID.
func (c *Client) EnsureDisplays(ctx context.Context, creates []DisplayCreate, opts ...EnsureOption) ([]EnsuredDisplay, error) {
	out := make([]EnsuredDisplay, len(creates))
	for i, dc := range creates {
		out[i] = EnsuredDisplay{ProductID: dc.Product.id, StoreID: dc.Store.ID}
		if dc.Product.id == 0 {
			out[i].Err = fmt.Errorf("display %q: %w", dc.Name, errNeedsID)
		}
	}
	err := c.ensure(ctx, len(creates), ensureSteps{
		observed: ensureOpts(opts).observed,
		invalid:  func(i int) bool { return out[i].Err != nil },
		lookup: func(ctx context.Context, idx []int) ([]bool, error) {
			ids := make([]int, 0, len(idx))
			var stores []int
			for _, i := range idx {
				ids = append(ids, creates[i].Product.id)
				stores = append(stores, creates[i].Store.ID)
			}
			displays, err := c.displaysOfProducts(ctx, ids, slices.Compact(slices.Sorted(slices.Values(stores))))
			if err != nil {
				return nil, err
			}
			exists := make([]bool, len(idx))
			for j, i := range idx {
				for _, d := range displays[creates[i].Product.id] {
					if d.StoreID == creates[i].Store.ID {
						out[i].Display, out[i].ID, out[i].URI = &d, d.ID, d.URI
						break
					}
				}
				exists[j] = out[i].Display != nil || out[i].Err != nil
			}
			return exists, nil
		},
		create: func(i int) Mutation { return CreateDisplay(creates[i]) },
		created: func(i int, r MutationResult) {
			out[i].ID, out[i].URI, out[i].Created, out[i].Warnings = r.ID, r.URI, true, r.Warnings
		},
		recovered: func(i int) { out[i].Created = true },
		failed:    func(i int, err error) { out[i].Err = err },
	})
	return out, err
}
