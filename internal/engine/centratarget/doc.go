// Package centratarget is the engine's write adapter for Centra: it implements engine.Target
// with the Centra client. It reads reference data and observed products into the catalog's
// types, and turns planned writes (plan.Write) into as few Centra mutations as the API allows:
// nested creates, aliased updates, attribute batches, media batches, displays created last. It
// knows nothing of Plytix or of the run's schedule.
package centratarget
