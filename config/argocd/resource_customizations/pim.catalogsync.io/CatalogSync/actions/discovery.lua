-- Argo CD resource actions of a CatalogSync, as Flux ships for its own kinds: "reconcile"
-- requests a sync run now, "suspend" and "resume" toggle spec.suspend. A suspended sync
-- offers only "resume": the operator ignores run requests while suspended.
local actions = {}
actions["reconcile"] = {["disabled"] = true}
actions["suspend"] = {["disabled"] = true}
actions["resume"] = {["disabled"] = true}

local suspended = obj.spec ~= nil and obj.spec.suspend == true
if suspended then
  actions["resume"]["disabled"] = false
else
  actions["reconcile"]["disabled"] = false
  actions["suspend"]["disabled"] = false
end
return actions
