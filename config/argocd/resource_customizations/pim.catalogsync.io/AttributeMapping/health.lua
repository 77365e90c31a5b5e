-- Argo CD health of a pim.catalogsync.io AttributeMapping, read from the conditions its
-- controller writes (docs/spec/v1alpha1/attributemappings.md). Argo CD runs scripts from
-- argocd-cm without Lua's string library, so this script uses only the base and table libraries.
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

local status = obj.status or {}
local conditions = status.conditions or {}
local generation = 0
if obj.metadata ~= nil and obj.metadata.generation ~= nil then
  generation = obj.metadata.generation
end

-- The status describes an older spec: the controller has not looked at this edit yet.
local observed = status.observedGeneration
if observed == nil or observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile generation " .. generation
  return hs
end

-- A rule or lookup names something Plytix or Centra does not have.
local stalled = condition(conditions, "Stalled")
if isTrue(stalled) then
  hs.status = "Degraded"
  hs.message = (stalled.reason or "Stalled") .. ": " .. describe(stalled)
  return hs
end

-- Waiting for a CatalogSync run that uses this generation of the mapping.
local reconciling = condition(conditions, "Reconciling")
if isTrue(reconciling) then
  hs.status = "Progressing"
  hs.message = describe(reconciling)
  return hs
end

local ready = condition(conditions, "Ready")
if isTrue(ready) then
  hs.status = "Healthy"
  hs.message = describe(ready)
  -- Gaps and failures do not make the mapping unhealthy, but they are worth a glance.
  local unmapped = condition(conditions, "UnmappedAttributes")
  if isTrue(unmapped) then
    hs.message = hs.message .. "; " .. describe(unmapped)
  end
  local failing = condition(conditions, "AttributesFailing")
  if isTrue(failing) then
    hs.message = hs.message .. "; " .. describe(failing)
  end
  return hs
end

hs.status = "Progressing"
if ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "Waiting for the operator to validate the mapping"
end
return hs
