-- Requests a sync run now: the operator runs when the annotation's value differs from
-- status.lastHandledReconcileAt, and copies the value there once the run has answered it.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
-- Argo CD offers the clock only as a module: os is no global in its Lua VM.
local os = require("os")
obj.metadata.annotations["reconcile.pim.catalogsync.io/requestedAt"] = os.date("!%Y-%m-%dT%XZ")
return obj
