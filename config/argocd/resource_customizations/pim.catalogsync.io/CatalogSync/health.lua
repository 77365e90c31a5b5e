-- Argo CD health of a pim.catalogsync.io CatalogSync, read from the conditions the operator
-- writes (docs/spec/v1alpha1/catalogsyncs.md). Argo CD runs scripts from argocd-cm without
-- Lua's string library, so this script uses only the base and table libraries.
local hs = {}

local function condition(conditions, conditionType)
  for _, c in ipairs(conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function describe(c)
  if c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return c.reason or c.type
end

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "Sync runs are suspended (spec.suspend is true)"
  return hs
end

local status = obj.status or {}
local conditions = status.conditions or {}
local generation = 0
if obj.metadata ~= nil and obj.metadata.generation ~= nil then
  generation = obj.metadata.generation
end

-- kstatus: a run in progress, a run stopped by a quota, or a retry after an error. Failures
-- that have lasted half an hour are an outage: Degraded, so that a rollout stops on it.
local reconciling = condition(conditions, "Reconciling")
if isTrue(reconciling) then
  hs.status = "Progressing"
  if reconciling.reason == "OutageOngoing" then
    hs.status = "Degraded"
  end
  hs.message = describe(reconciling)
  return hs
end

-- The status describes an older spec than the one in the cluster: wait for the operator.
local observed = status.observedGeneration
if observed == nil or observed < generation then
  hs.status = "Progressing"
  if observed == nil or observed < 0 then
    hs.message = "Waiting for the operator to reconcile generation " .. generation
  else
    hs.message = "Waiting for the operator to reconcile generation " .. generation ..
      " (status describes generation " .. observed .. ")"
  end
  return hs
end

-- Degraded, in this order: the operator cannot go on without a change by a human (kstatus
-- Stalled); a full pass's Plytix answer looked wrong, so no orphan is decided until a human
-- looks. Failing values and blocked products are merchandising data, fixed in Plytix or Centra
-- while the sync runs: reported, not Degraded, so they never hold up a rollout.
for _, conditionType in ipairs({"Stalled", "SourceSuspect"}) do
  local c = condition(conditions, conditionType)
  if isTrue(c) then
    hs.status = "Degraded"
    hs.message = (c.reason or conditionType) .. ": " .. describe(c)
    return hs
  end
end

local ready = condition(conditions, "Ready")
if isTrue(ready) then
  hs.status = "Healthy"
  hs.message = describe(ready)
  -- Failing values, and drift left in place (drift mode Warn), are reported: say so.
  local failing = condition(conditions, "AttributesFailing")
  if isTrue(failing) then
    hs.message = hs.message .. "; " .. describe(failing)
  end
  local drifted = condition(conditions, "Drifted")
  if isTrue(drifted) then
    hs.message = hs.message .. "; drift: " .. describe(drifted)
  end
  return hs
end

hs.status = "Progressing"
if ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "Waiting for the first sync run"
end
return hs
