-- Requests a sync run now: the operator runs when the annotation's value differs from
-- status.lastHandledReconcileAt, and copies the value there once the run has answered it.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["reconcile.pim.catalogsync.io/requestedAt"] = os.date("!%Y-%m-%dT%XZ")
return obj
