package centratest

// idConversions maps external ids to internal ids per integration and object type, one to
// one in both directions (docs/reference/centra-api.md §3.11). "Any new entries that collide with the
// existing ones will overwrite them": setting either side drops the entry it replaces.
type idConversions struct {
	nextID  int
	entries map[convExternal]*convEntry
	byID    map[convInternal]*convEntry
}

type convExternal struct {
	integration, objectType, externalID string
}

type convInternal struct {
	integration, objectType string
	internalID              int
}

type convEntry struct {
	id          int
	integration string
	objectType  string
	externalID  string
	internalID  int
}

func newIDConversions() *idConversions {
	return &idConversions{entries: map[convExternal]*convEntry{}, byID: map[convInternal]*convEntry{}}
}

// set registers externalID → internalID, overwriting colliding entries. A create with an
// externalId that already exists therefore re-points the conversion to the new object, and
// the old object loses its external id (IMPORT: "will create duplicates and re-assign the
// ID conversion", §5.4, §9.11).
func (c *idConversions) set(integration, objectType, externalID string, internalID int) *convEntry {
	c.unsetExternal(integration, objectType, externalID)
	c.unsetInternal(integration, objectType, internalID)
	c.nextID++
	e := &convEntry{id: c.nextID, integration: integration, objectType: objectType, externalID: externalID, internalID: internalID}
	c.entries[convExternal{integration, objectType, externalID}] = e
	c.byID[convInternal{integration, objectType, internalID}] = e
	return e
}

func (c *idConversions) unsetExternal(integration, objectType, externalID string) {
	if e, ok := c.entries[convExternal{integration, objectType, externalID}]; ok {
		delete(c.entries, convExternal{integration, objectType, externalID})
		delete(c.byID, convInternal{integration, objectType, e.internalID})
	}
}

func (c *idConversions) unsetInternal(integration, objectType string, internalID int) {
	if e, ok := c.byID[convInternal{integration, objectType, internalID}]; ok {
		delete(c.byID, convInternal{integration, objectType, internalID})
		delete(c.entries, convExternal{integration, objectType, e.externalID})
	}
}

func (c *idConversions) internal(integration, objectType, externalID string) (int, bool) {
	e, ok := c.entries[convExternal{integration, objectType, externalID}]
	if !ok {
		return 0, false
	}
	return e.internalID, true
}

func (c *idConversions) external(integration, objectType string, internalID int) (string, bool) {
	e, ok := c.byID[convInternal{integration, objectType, internalID}]
	if !ok {
		return "", false
	}
	return e.externalID, true
}
