package centratest

import (
	"sync"
	"time"
)

// catalog is the sandbox's in-memory Centra. Every lookup the client makes by product
// number, id, external id, SKU or EAN is a map access, so a catalogue of 100,000 SKUs
// answers in constant time per item; list scans are linear and cached between pages.
type catalog struct {
	mu sync.RWMutex
	// version changes on every write, which invalidates cached scans.
	version uint64

	nextIDs map[string]int

	stores      []*storeRec
	storeByID   map[int]*storeRec
	markets     []*marketRec
	marketByID  map[int]*marketRec
	pricelists  []*pricelistRec
	brands      []*brandRec
	brandByID   map[int]*brandRec
	collections []*collectionRec
	collByID    map[int]*collectionRec
	folders     []*folderRec
	folderByID  map[int]*folderRec
	sizeCharts  []*sizeChartRec
	chartByID   map[int]*sizeChartRec
	sizeByID    map[int]*sizeRec
	categories  []*categoryRec
	catByID     map[int]*categoryRec
	warehouses  map[int]string

	attrTypes    []*attrTypeRec
	attrTypeByNm map[string]*attrTypeRec
	mapped       []*mappedRec
	mappedByID   map[int]*mappedRec

	products     []*productRec // in id order: ids only grow and products are never deleted
	productByID  map[int]*productRec
	productByNum map[string][]*productRec
	variantByID  map[int]*variantRec
	pSizeByID    map[int]*productSizeRec
	bySKU        map[string][]*productSizeRec
	byEAN        map[string][]*productSizeRec
	displays     []*displayRec
	displayByID  map[int]*displayRec
	mediaByID    map[int]*mediaRec
	batches      map[string]*mediaBatchRec
	// heldMedia: a media batch with an image whose URL contains one of these stays
	// IN_PROGRESS until released (HoldMedia).
	heldMedia []string

	conversions *idConversions
	// prices holds product prices per pricelist (for the visibility check only; the client
	// never writes prices).
	prices map[priceKey]float64
	// stock holds quantities per product size and warehouse, written only by an ERP token.
	stock map[stockKey]int
}

type priceKey struct{ pricelist, product int }
type stockKey struct{ productSize, warehouse int }

func newCatalog() *catalog {
	return &catalog{
		nextIDs:   map[string]int{},
		storeByID: map[int]*storeRec{}, marketByID: map[int]*marketRec{}, brandByID: map[int]*brandRec{},
		collByID: map[int]*collectionRec{}, folderByID: map[int]*folderRec{}, chartByID: map[int]*sizeChartRec{},
		sizeByID: map[int]*sizeRec{}, catByID: map[int]*categoryRec{}, warehouses: map[int]string{},
		attrTypeByNm: map[string]*attrTypeRec{}, mappedByID: map[int]*mappedRec{},
		productByID: map[int]*productRec{}, productByNum: map[string][]*productRec{},
		variantByID: map[int]*variantRec{}, pSizeByID: map[int]*productSizeRec{},
		bySKU: map[string][]*productSizeRec{}, byEAN: map[string][]*productSizeRec{},
		displayByID: map[int]*displayRec{}, mediaByID: map[int]*mediaRec{}, batches: map[string]*mediaBatchRec{},
		conversions: newIDConversions(), prices: map[priceKey]float64{}, stock: map[stockKey]int{},
	}
}

// newID hands out integer auto-increment ids per object type (docs/reference/centra-api.md §9.4): a
// ProductSize id is unrelated to the id of the chart Size it activates.
func (c *catalog) newID(kind string) int {
	c.nextIDs[kind]++
	return c.nextIDs[kind]
}

func (c *catalog) touch() { c.version++ }

type storeRec struct {
	id   int
	name string
	typ  string
}

type marketRec struct {
	id        int
	name      string
	store     *storeRec
	countries []string
}

type pricelistRec struct {
	id       int
	name     string
	store    *storeRec
	currency string
	active   bool
	markets  []*marketRec
}

type brandRec struct {
	id     int
	name   string
	uri    string
	stores []*storeRec
}

type collectionRec struct {
	id     int
	name   string
	status string
}

type folderRec struct {
	id   int
	name string
}

type sizeChartRec struct {
	id         int
	name       string
	horizontal []string
	vertical   []string
	divider    string
	sizes      []*sizeRec
}

type sizeRec struct {
	id    int
	name  string
	chart *sizeChartRec
}

type categoryRec struct {
	id    int
	name  string
	uri   string
	store *storeRec
}

type attrElementDef struct {
	key         string
	description string
	kind        string
}

type attrTypeRec struct {
	name        string
	description string
	objectType  string
	mapped      bool
	multi       bool
	elements    []attrElementDef
}

func (t *attrTypeRec) element(key string) *attrElementDef {
	for i := range t.elements {
		if t.elements[i].key == key {
			return &t.elements[i]
		}
	}
	return nil
}

// mappedRec is a pre-created value ("option") of a mapped attribute type (§4).
type mappedRec struct {
	id       int
	name     string
	typ      *attrTypeRec
	elements []keyValue
}

type keyValue struct{ key, value string }

// assignedAttrs are the custom attributes set on one object.
type assignedAttrs struct {
	mapped  []*mappedRec
	dynamic []dynamicValue
}

type dynamicValue struct {
	typ   *attrTypeRec
	key   string
	value string
}

type weightVal struct {
	value float64
	unit  string
}

type productRec struct {
	id              int
	number          string
	name            string
	status          string
	brand           *brandRec
	collection      *collectionRec
	folder          *folderRec
	country         string
	hsCode          string
	hsDescription   string
	internalComment string
	serializable    bool
	weight          *weightVal
	createdAt       time.Time
	updatedAt       time.Time
	attrs           assignedAttrs
	variants        []*variantRec
	displays        []*displayRec
	media           []*mediaRec
}

type variantRec struct {
	id           int
	product      *productRec
	name         string
	status       string
	number       string
	internalName string
	sizeChart    *sizeChartRec
	updatedAt    time.Time
	attrs        assignedAttrs
	sizes        []*productSizeRec
	unitCost     *money
}

type money struct {
	value    float64
	currency string
}

type productSizeRec struct {
	id         int
	variant    *variantRec
	size       *sizeRec
	ean        string
	upc        string
	sizeNumber string
	comment    string
	preorder   bool
	active     bool
	updatedAt  time.Time
	// indexedSKU and indexedEAN are the keys this size is filed under in the indexes.
	indexedSKU string
	indexedEAN string
}

// sku is read-only and always derived: productNumber + variantNumber + sizeNumber, plain
// concatenation (docs/reference/centra-api.md §2.4, §9.6).
func (s *productSizeRec) sku() string {
	return s.variant.product.number + s.variant.number + s.sizeNumber
}

type displayRec struct {
	id               int
	product          *productRec
	store            *storeRec
	name             string
	status           string
	uri              string
	description      string
	shortDescription string
	metaTitle        string
	metaDescription  string
	metaKeywords     string
	comment          string
	tags             []string
	minimumOrderQty  *int
	orderQtyDenom    *int
	canonical        *categoryRec
	categories       []*categoryRec
	markets          []*marketRec
	variants         []*variantRec
	media            []*mediaRec
	attrs            assignedAttrs
	updatedAt        time.Time
}

type mediaRec struct {
	id       int
	product  *productRec
	variant  *variantRec
	url      string
	metaJSON string
	altText  string
}

type mediaBatchItem struct {
	productID int
	variantID int
	mediaType string
	url       string
	metaJSON  string
	altText   string
	key       string
	mediaID   int
}

type mediaBatchRec struct {
	queueID  string
	items    []*mediaBatchItem
	polls    int
	complete bool
	held     bool
}

// reindexSizes files every size of p under its current SKU and EAN. SKUs are derived from
// three numbers on three levels, so any change to one of them calls this.
func (c *catalog) reindexSizes(p *productRec) {
	for _, v := range p.variants {
		for _, s := range v.sizes {
			c.reindexSize(s)
		}
	}
}

func (c *catalog) reindexSize(s *productSizeRec) {
	if sku := s.sku(); sku != s.indexedSKU {
		c.bySKU[s.indexedSKU] = removeSize(c.bySKU[s.indexedSKU], s)
		if len(c.bySKU[s.indexedSKU]) == 0 {
			delete(c.bySKU, s.indexedSKU)
		}
		c.bySKU[sku] = append(c.bySKU[sku], s)
		s.indexedSKU = sku
	}
	if s.ean != s.indexedEAN {
		if s.indexedEAN != "" {
			c.byEAN[s.indexedEAN] = removeSize(c.byEAN[s.indexedEAN], s)
			if len(c.byEAN[s.indexedEAN]) == 0 {
				delete(c.byEAN, s.indexedEAN)
			}
		}
		if s.ean != "" {
			c.byEAN[s.ean] = append(c.byEAN[s.ean], s)
		}
		s.indexedEAN = s.ean
	}
}

func removeSize(list []*productSizeRec, s *productSizeRec) []*productSizeRec {
	for i, x := range list {
		if x == s {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

// renumberProduct moves p under a new product number in the index.
func (c *catalog) renumberProduct(p *productRec, number string) {
	old := c.productByNum[p.number]
	for i, x := range old {
		if x == p {
			old = append(old[:i:i], old[i+1:]...)
			break
		}
	}
	if len(old) == 0 {
		delete(c.productByNum, p.number)
	} else {
		c.productByNum[p.number] = old
	}
	p.number = number
	c.productByNum[number] = append(c.productByNum[number], p)
	c.reindexSizes(p)
}

// addProduct files a new product in every index.
func (c *catalog) addProduct(p *productRec) {
	c.products = append(c.products, p)
	c.productByID[p.id] = p
	c.productByNum[p.number] = append(c.productByNum[p.number], p)
	for _, v := range p.variants {
		c.addVariant(v)
	}
}

func (c *catalog) addVariant(v *variantRec) {
	c.variantByID[v.id] = v
	for _, s := range v.sizes {
		c.addProductSize(s)
	}
}

func (c *catalog) addProductSize(s *productSizeRec) {
	c.pSizeByID[s.id] = s
	c.reindexSize(s)
}

// bumpProduct marks p changed. [I] updatedAt moves on any change to the product, its
// variants, sizes, displays or attributes, so a drift scan by updatedAt sees hand edits
// anywhere in the tree (docs/reference/centra-api.md does not say which changes move it).
func (c *catalog) bumpProduct(p *productRec, now time.Time) {
	p.updatedAt = now
	c.touch()
}
