-- Stops new sync runs; a run in progress finishes. Nothing in Centra changes.
obj.spec.suspend = true
return obj
