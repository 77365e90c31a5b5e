package plytixtest

// The vocabulary of the generated catalogue: a fictional fashion house's brands, colours,
// sizes, categories and copy, with the Unicode and HTML that real PIM data carries.

// Brands a mapping is expected to know.
var brands = []string{
	"Nordvik", "Atelier Rouge", "Maison Lumière", "Kōbō Denim", "Sølvberg",
	"Casa Ondina", "Urban Fable", "Harbour & Pine", "Brisa Mar", "Lindqvist",
}

// unmappedBrands appear only when the UnmappedBrand knob is set: options in Plytix that a
// mapping has never heard of.
var unmappedBrands = []string{"Ghost Label", "Nouvelle Vague Ltd"}

type colour struct{ name, code string }

var colours = []colour{
	{"Black", "BLK"}, {"Navy", "NAV"}, {"White", "WHT"}, {"Grey Melange", "GRM"},
	{"Beige", "BEI"}, {"Olive", "OLV"}, {"Burgundy", "BUR"}, {"Sand", "SND"},
	{"Off-White", "OWH"}, {"Forest Green", "FGR"}, {"Écru", "ECR"}, {"Rosé", "ROS"},
}

var letterSizes = []string{"XS", "S", "M", "L", "XL", "XXL"}

// oneSize is the size of accessories.
const oneSize = "One Size"

var numericSizes = []string{"36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46"}

// line is a product line: the category it sits in and the nouns it makes.
type line struct {
	path   []string
	nouns  []string
	family int // index into familySpecs
}

var familySpecs = []struct {
	name       string
	prefix     string
	sizes      []string
	sizeSystem string
}{
	{"Apparel", "AP", letterSizes, "Letters"},
	{"Footwear", "FW", numericSizes, "EU shoe sizes"},
}

// sizeSystems are the values of the size-system attribute: one per family, and one for
// accessories.
var sizeSystems = []string{"Letters", "EU shoe sizes", oneSize}

var lines = []line{
	{[]string{"Women", "Tops"}, []string{"Linen Tee", "Organic Cotton Tank", "Poplin Blouse"}, 0},
	{[]string{"Women", "Dresses"}, []string{"Wrap Dress", "Slip Dress", "Shirt Dress"}, 0},
	{[]string{"Women", "Knitwear"}, []string{"Merino Crew Neck", "Cashmere Cardigan"}, 0},
	{[]string{"Men", "Shirts"}, []string{"Oxford Shirt", "Flannel Overshirt"}, 0},
	{[]string{"Men", "Knitwear"}, []string{"Lambswool Sweater", "Cable-Knit Jumper"}, 0},
	{[]string{"Men", "Jackets"}, []string{"Waxed Field Jacket", "Quilted Liner"}, 0},
	{[]string{"Women", "Shoes"}, []string{"Leather Sneaker", "Suede Loafer"}, 1},
	{[]string{"Men", "Shoes"}, []string{"Chelsea Boot", "Derby Shoe"}, 1},
}

// accessoryLines make singles: products without variants.
var accessoryLines = []line{
	{[]string{"Accessories", "Bags"}, []string{"Canvas Tote", "Leather Weekender"}, -1},
	{[]string{"Accessories", "Scarves"}, []string{"Wool Scarf", "Silk Square"}, -1},
}

var models = []string{
	"Aurora", "Fjord", "Solstice", "Harbor", "Juniper", "Tindra", "Élan", "Mistral",
	"Ondine", "Kestrel", "Saga", "Vela", "Ærø", "Noor", "Sakura",
}

var materials = []string{
	"100% organic cotton", "70% merino wool, 30% recycled polyamide", "100% linen",
	"Leather upper, rubber sole", "Recycled polyester", "95% cotton, 5% elastane", "100% cashmere",
}

var seasons = []string{"SS25", "AW25", "SS26", "AW26"}

var features = []string{"Organic", "Recycled", "Water-repellent", "Vegan", "Machine washable", "Fair Trade"}

const careText = "Machine wash at 30°C\nDo not tumble dry\nIron on low heat"

// hostileText is what the HTMLUnicode knob puts into labels and descriptions: markup that
// must be escaped or stripped, a script, entities, an emoji ZWJ sequence, right-to-left
// text, a combining accent, a non-breaking space and a zero-width space.
const hostileLabel = "“Été” Edition 👩‍🔬 – עברית Cafe\u0301\u00a0Ltd\u200b"

const hostileDescription = `<p onclick="alert(1)">Limited <b>“Été”</b> run &amp; more</p>` +
	`<script>alert("x")</script><p>👩‍🔬 Lab-tested · עברית · Cafe` + "\u0301" + ` · 日本製</p>`
