// Package plytixsource is the engine's read adapter for Plytix: it implements engine.Source with
// the Plytix client, turning a CatalogSync's filters into Plytix searches and Plytix products
// into the catalog's families (a parent with its variants, inherited values resolved once per
// family, asset ids resolved to URLs). It knows nothing of Centra or of the run's schedule.
package plytixsource
