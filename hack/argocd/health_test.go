package argocd

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

// Argo CD's health statuses.
const (
	healthy     = "Healthy"
	progressing = "Progressing"
	degraded    = "Degraded"
	suspended   = "Suspended"
)

var runFinished = metav1.NewTime(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))

// condition is a condition as the operator's conditionSetter writes it: with the generation it
// describes and a transition time.
func condition(typ string, status metav1.ConditionStatus, reason, message string, generation int64) metav1.Condition {
	return metav1.Condition{
		Type: typ, Status: status, Reason: reason, Message: message,
		ObservedGeneration: generation, LastTransitionTime: runFinished,
	}
}

// catalogSync is the EU sample after a successful Apply run of generation 3, with the
// conditions setConditions writes for it; mutate changes it into the case under test.
func catalogSync(t *testing.T, mutate func(s *pimv1alpha1.CatalogSync)) map[string]any {
	t.Helper()
	const gen = 3
	s := &pimv1alpha1.CatalogSync{
		TypeMeta:   metav1.TypeMeta{APIVersion: pimv1alpha1.GroupVersion.String(), Kind: "CatalogSync"},
		ObjectMeta: metav1.ObjectMeta{Name: "nordlys-eu", Namespace: "shop", Generation: gen},
		Spec: pimv1alpha1.CatalogSyncSpec{
			Interval: &metav1.Duration{Duration: 15 * time.Minute},
			Mode:     pimv1alpha1.SyncModeApply,
			Plytix:   pimv1alpha1.PlytixSource{CredentialsSecretRef: &pimv1alpha1.PlytixCredentialsRef{Name: "plytix-credentials"}},
			Centra: pimv1alpha1.CentraTarget{
				URL: "https://nordlys.centra.com/graphql", Store: "Retail",
				TokenSecretRef: &pimv1alpha1.SecretKeyRef{Name: "centra-eu-token"},
			},
			Mappings: pimv1alpha1.MappingSelection{Names: []string{"nordlys-apparel"}},
			Drift:    pimv1alpha1.DriftPolicy{Mode: pimv1alpha1.DriftModeWarn},
		},
		Status: pimv1alpha1.CatalogSyncStatus{
			ObservedGeneration: gen,
			LastSyncTime:       &runFinished,
			LastRun: &pimv1alpha1.SyncSummary{ProductsInSync: 1820, ProductsBlocked: 19,
				Products: pimv1alpha1.OutcomeCounts{Seen: 1839, Created: 20, Unchanged: 1800, Blocked: 19}},
			Catalogue: &pimv1alpha1.CatalogueSummary{Products: pimv1alpha1.StateCounts{Total: 1839, InSync: 1820, Blocked: 19}},
			Conditions: []metav1.Condition{
				condition(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded,
					"1,820 products in sync; 19 blocked", gen),
				condition(pimv1alpha1.ConditionDataGaps, metav1.ConditionTrue, pimv1alpha1.ReasonProductsBlocked,
					"19 products blocked: 12 missing material_composition, 7 brand 'Castore Kids' not mapped", gen),
				condition(pimv1alpha1.ConditionAttributesFailing, metav1.ConditionFalse, pimv1alpha1.ReasonNoFailures,
					"Every mapped value was written or is unchanged", gen),
				condition(pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonNoDrift, "Centra matches Plytix", gen),
				condition(pimv1alpha1.ConditionBudgetExhausted, metav1.ConditionFalse, pimv1alpha1.ReasonQuotaAvailable,
					"The run finished within the API quotas", gen),
			},
		},
	}
	if mutate != nil {
		mutate(s)
	}
	return unstructured(t, s)
}

// set replaces or adds a condition, as meta.SetStatusCondition does.
func set(conditions *[]metav1.Condition, c metav1.Condition) {
	for i := range *conditions {
		if (*conditions)[i].Type == c.Type {
			(*conditions)[i] = c
			return
		}
	}
	*conditions = append(*conditions, c)
}

// remove drops a condition, as meta.RemoveStatusCondition does for the abnormal-true kstatus ones.
func remove(conditions *[]metav1.Condition, typ string) {
	out := (*conditions)[:0]
	for _, c := range *conditions {
		if c.Type != typ {
			out = append(out, c)
		}
	}
	*conditions = out
}

type healthCase struct {
	name string
	obj  map[string]any
	want string
	// contains are substrings the message must have; excludes are substrings it must not.
	contains []string
	excludes []string
}

func TestCatalogSyncHealth(t *testing.T) {
	src := script(t, "CatalogSync/health.lua")
	cases := []healthCase{
		{
			name: "suspended, whatever the conditions say",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				s.Spec.Suspend = true
				s.Generation = 4 // suspending bumps the generation; the operator writes no status while suspended
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonSecretNotFound, "stale", 3))
			}),
			want: suspended, contains: []string{"suspended", "spec.suspend"},
		},
		{
			name: "just created: status defaulted to observedGeneration -1",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				s.Generation = 1
				s.Status = pimv1alpha1.CatalogSyncStatus{ObservedGeneration: -1}
			}),
			want: progressing, contains: []string{"Waiting for the operator to reconcile generation 1"}, excludes: []string{"-1"},
		},
		{
			name: "no status at all",
			obj: func() map[string]any {
				obj := catalogSync(t, nil)
				delete(obj, "status")
				return obj
			}(),
			want: progressing, contains: []string{"generation 3"},
		},
		{
			name: "spec edited: the Ready condition still describes the previous generation",
			obj:  catalogSync(t, func(s *pimv1alpha1.CatalogSync) { s.Generation = 4 }),
			want: progressing, contains: []string{"generation 4", "status describes generation 3"},
		},
		{
			name: "a run in progress",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonProgressing, "Sync run in progress", 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionUnknown, pimv1alpha1.ReasonProgressing, "Sync run in progress", 3))
			}),
			want: progressing, contains: []string{"Sync run in progress"},
		},
		{
			name: "a run of a new generation in progress",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				s.Generation = 4
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonProgressing, "Sync run in progress", 4))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionUnknown, pimv1alpha1.ReasonProgressing, "Sync run in progress", 4))
			}),
			want: progressing, contains: []string{"Sync run in progress"},
		},
		{
			name: "the Centra mutation quota ran out mid-run",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				msg := "Centra mutation quota exhausted: 312 of 10,000 products applied; resumes at 2026-11-27 10:42 UTC; " +
					"all done by about 2026-11-27 20:00 UTC at the current quota"
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonPartialRun, msg, 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonPartialRun, msg, 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionBudgetExhausted, metav1.ConditionTrue, pimv1alpha1.ReasonQuotaExhausted, msg, 3))
			}),
			want: progressing, contains: []string{"312 of 10,000 products applied", "resumes at 2026-11-27 10:42 UTC"},
		},
		{
			name: "retrying after a transient error keeps the old observedGeneration",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				s.Generation = 4
				msg := "Retrying after an error: reading Plytix: Plytix answered 503"
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonProgressingRetry, msg, 4))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonProgressingRetry, msg, 4))
			}),
			want: progressing, contains: []string{"Retrying after an error: reading Plytix: Plytix answered 503"},
		},
		{
			name: "waiting for a server's Retry-After",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				msg := "Waiting 1m30s: Centra answered 429"
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonQuotaExhausted, msg, 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonQuotaExhausted, msg, 3))
			}),
			want: progressing, contains: []string{"Waiting 1m30s: Centra answered 429"},
		},
		{
			name: "stalled on a missing Secret",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				msg := `Secret "plytix-credentials" (spec.plytix.credentialsSecretRef) not found in namespace shop`
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonSecretNotFound, msg, 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonSecretNotFound, msg, 3))
			}),
			want:     degraded,
			contains: []string{`SecretNotFound: Secret "plytix-credentials" (spec.plytix.credentialsSecretRef) not found in namespace shop`},
		},
		{
			name: "stalled on a rejected Centra token",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				msg := "Centra answered 401: check the Centra token in spec.centra.tokenSecretRef and its permissions"
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonAuthFailed, msg, 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonAuthFailed, msg, 3))
			}),
			want: degraded, contains: []string{"AuthenticationFailed: ", "spec.centra.tokenSecretRef"},
		},
		{
			name: "stalled on a mapping that would block every product",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				msg := `every product would be blocked: AttributeMapping nordlys-apparel spec.brand.attribute: Plytix has no attribute labelled "marque"`
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonMappingInvalid, msg, 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonMappingInvalid, msg, 3))
			}),
			want: degraded, contains: []string{"MappingInvalid: every product would be blocked", `"marque"`},
		},
		{
			name: "a full pass whose Plytix answer looked wrong",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				msg := "Plytix returned 7 products in scope, 53% fewer than the 15 of the last full pass"
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonScopeShrank, msg, 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionSourceSuspect, metav1.ConditionTrue, pimv1alpha1.ReasonScopeShrank, msg, 3))
			}),
			want: degraded, contains: []string{"ScopeShrank: Plytix returned 7 products in scope"},
		},
		{
			name: "values rejected by Centra, although the run finished",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded,
					"1,820 products in sync; 19 blocked; attributes failing", 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionAttributesFailing, metav1.ConditionTrue, pimv1alpha1.ReasonAttributesRejected,
					`failing values by SKU: 2 attribute:pr_fit.value; last error on attribute:pr_fit.value: "Oversized" is not an option of Centra attribute pr_fit`, 3))
			}),
			// Merchandising data: reported, and never a reason to hold up a rollout.
			want:     healthy,
			contains: []string{"1,820 products in sync", "failing values by SKU: 2 attribute:pr_fit.value", `"Oversized" is not an option`},
		},
		{
			name: "an outage retried for more than half an hour",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				msg := "Runs have failed for 45m; retrying after an error: reading Centra products: Centra answered 503"
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonOutageOngoing, msg, 3))
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonOutageOngoing, msg, 3))
			}),
			want: degraded, contains: []string{"Runs have failed for 45m", "Centra answered 503"},
		},
		{
			name: "in sync, with products a gate keeps out (data gaps are not ill health)",
			obj:  catalogSync(t, nil),
			want: healthy, contains: []string{"1,820 products in sync; 19 blocked"}, excludes: []string{"drift"},
		},
		{
			name: "hand edits left in place under drift mode Warn",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionDrifted, metav1.ConditionTrue, pimv1alpha1.ReasonDriftDetected,
					"Centra was edited by hand on 3 SKUs: 3 display.description (drift mode Warn leaves Centra as it is)", 3))
			}),
			want: healthy,
			contains: []string{"1,820 products in sync",
				"drift: Centra was edited by hand on 3 SKUs: 3 display.description (drift mode Warn leaves Centra as it is)"},
		},
		{
			name: "hand edits corrected under drift mode Enforce",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				s.Spec.Drift.Mode = pimv1alpha1.DriftModeEnforce
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonDriftCorrected,
					"Corrected hand edits in Centra on 3 SKUs: 3 display.description", 3))
			}),
			want: healthy, contains: []string{"1,820 products in sync"}, excludes: []string{"drift", "Corrected"},
		},
		{
			name: "a plan",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				s.Spec.Mode = pimv1alpha1.SyncModePlan
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded,
					"Plan: 3 products to write (2 Create, 1 Update); nothing written in mode Plan", 3))
			}),
			want: healthy, contains: []string{"Plan: 3 products to write (2 Create, 1 Update); nothing written in mode Plan"},
		},
		{
			name: "observed generation current but no run yet",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				s.Status.Conditions = nil
				s.Status.LastSyncTime = nil
			}),
			want: progressing, contains: []string{"Waiting for the first sync run"},
		},
		{
			name: "Ready Unknown without Reconciling",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionUnknown, pimv1alpha1.ReasonProgressing, "Sync run in progress", 3))
			}),
			want: progressing, contains: []string{"Sync run in progress"},
		},
		{
			name: "a condition without a message falls back to its reason",
			obj: catalogSync(t, func(s *pimv1alpha1.CatalogSync) {
				set(&s.Status.Conditions, condition(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonSecretInvalid, "", 3))
			}),
			want: degraded, contains: []string{"SecretInvalid: SecretInvalid"},
		},
		{
			name: "suspend set to false is not suspended",
			obj:  catalogSync(t, func(s *pimv1alpha1.CatalogSync) { s.Spec.Suspend = false }),
			want: healthy,
		},
	}
	runHealthCases(t, src, cases)
}

// attributeMapping is the sample mapping at generation 4, validated by the runs of two
// CatalogSyncs, with the conditions mappingStatus writes; mutate changes it into the case under test.
func attributeMapping(t *testing.T, mutate func(m *pimv1alpha1.AttributeMapping)) map[string]any {
	t.Helper()
	const gen = 4
	m := &pimv1alpha1.AttributeMapping{
		TypeMeta:   metav1.TypeMeta{APIVersion: pimv1alpha1.GroupVersion.String(), Kind: "AttributeMapping"},
		ObjectMeta: metav1.ObjectMeta{Name: "nordlys-apparel", Namespace: "shop", Generation: gen},
		Spec: pimv1alpha1.AttributeMappingSpec{Rules: []pimv1alpha1.AttributeRule{
			{From: pimv1alpha1.RuleSource{Attribute: "description"}, To: pimv1alpha1.RuleTarget{DisplayField: "description"}},
			{From: pimv1alpha1.RuleSource{Attribute: "fit"}, To: pimv1alpha1.RuleTarget{
				Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_fit", ElementKey: "value", Level: pimv1alpha1.AttributeLevelProduct}}},
		}},
		Status: pimv1alpha1.AttributeMappingStatus{
			ObservedGeneration: gen,
			UsedBy:             []string{"nordlys-eu", "nordlys-us"},
			LastSyncTime:       &runFinished,
			Conditions: []metav1.Condition{
				condition(pimv1alpha1.ConditionValidated, metav1.ConditionTrue, pimv1alpha1.ReasonValid,
					"Every rule matches the live Plytix attributes and Centra attribute types", gen),
				condition(pimv1alpha1.ConditionUnmappedAttributes, metav1.ConditionFalse, pimv1alpha1.ReasonAllMapped,
					"Every Plytix attribute in scope is mapped", gen),
				condition(pimv1alpha1.ConditionAttributesFailing, metav1.ConditionFalse, pimv1alpha1.ReasonNoFailures,
					"Every rule's values were written or are unchanged", gen),
				condition(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonValid,
					"Used by nordlys-eu, nordlys-us; 2 rules wrote 290 values", gen),
			},
		},
	}
	if mutate != nil {
		mutate(m)
	}
	return unstructured(t, m)
}

func TestAttributeMappingHealth(t *testing.T) {
	src := script(t, "AttributeMapping/health.lua")
	cases := []healthCase{
		{
			name: "just created: status defaulted to observedGeneration -1",
			obj: attributeMapping(t, func(m *pimv1alpha1.AttributeMapping) {
				m.Generation = 1
				m.Status = pimv1alpha1.AttributeMappingStatus{ObservedGeneration: -1}
			}),
			want: progressing, contains: []string{"Waiting for the operator to reconcile generation 1"},
		},
		{
			name: "edited, not yet looked at: the Ready condition describes the previous generation",
			obj:  attributeMapping(t, func(m *pimv1alpha1.AttributeMapping) { m.Generation = 5 }),
			want: progressing, contains: []string{"generation 5"},
		},
		{
			name: "waiting for a CatalogSync run that uses this generation",
			obj: attributeMapping(t, func(m *pimv1alpha1.AttributeMapping) {
				msg := "Waiting for a run of nordlys-eu, nordlys-us with generation 4 to validate the rules against Plytix and Centra"
				set(&m.Status.Conditions, condition(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonProgressing, msg, 4))
				set(&m.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionUnknown, pimv1alpha1.ReasonProgressing, msg, 4))
			}),
			want: progressing, contains: []string{"Waiting for a run of nordlys-eu, nordlys-us with generation 4"},
		},
		{
			name: "a rule names a Plytix attribute that does not exist",
			obj: attributeMapping(t, func(m *pimv1alpha1.AttributeMapping) {
				msg := `1 problem: Plytix has no attribute labelled "descr" (rules use the snake_case label, not the display name); did you mean "description"?`
				set(&m.Status.Conditions, condition(pimv1alpha1.ConditionValidated, metav1.ConditionFalse, pimv1alpha1.ReasonUnknownAttributes, msg, 4))
				set(&m.Status.Conditions, condition(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonMappingInvalid, msg, 4))
				set(&m.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonMappingInvalid, msg, 4))
			}),
			want: degraded, contains: []string{`MappingInvalid: 1 problem: Plytix has no attribute labelled "descr"`, `did you mean "description"?`},
		},
		{
			name: "valid",
			obj:  attributeMapping(t, nil),
			want: healthy, contains: []string{"Used by nordlys-eu, nordlys-us; 2 rules wrote 290 values"}, excludes: []string{"Failing", "no rule maps"},
		},
		{
			name: "valid, with unmapped Plytix attributes and failing values named in the message",
			obj: attributeMapping(t, func(m *pimv1alpha1.AttributeMapping) {
				set(&m.Status.Conditions, condition(pimv1alpha1.ConditionUnmappedAttributes, metav1.ConditionTrue, pimv1alpha1.ReasonNewPlytixAttributes,
					"1 attribute in Plytix no rule maps: sustainability_score", 4))
				set(&m.Status.Conditions, condition(pimv1alpha1.ConditionAttributesFailing, metav1.ConditionTrue, pimv1alpha1.ReasonAttributesRejected,
					"Failing values by SKU: 10 attribute:pr_fit.value", 4))
			}),
			want: healthy,
			contains: []string{"Used by nordlys-eu, nordlys-us",
				"; 1 attribute in Plytix no rule maps: sustainability_score", "; Failing values by SKU: 10 attribute:pr_fit.value"},
		},
		{
			name: "not used by any CatalogSync",
			obj: attributeMapping(t, func(m *pimv1alpha1.AttributeMapping) {
				m.Status.UsedBy = nil
				remove(&m.Status.Conditions, pimv1alpha1.ConditionValidated)
				set(&m.Status.Conditions, condition(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonNotUsed,
					"Not used by any CatalogSync in this namespace", 4))
			}),
			want: healthy, contains: []string{"Not used by any CatalogSync in this namespace"},
		},
		{
			name: "observed generation current but no conditions",
			obj:  attributeMapping(t, func(m *pimv1alpha1.AttributeMapping) { m.Status.Conditions = nil }),
			want: progressing, contains: []string{"Waiting for the operator to validate the mapping"},
		},
	}
	runHealthCases(t, src, cases)
}

func runHealthCases(t *testing.T, src string, cases []healthCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, ok := runLua(t, src, tc.obj).(map[string]any)
			if !ok {
				t.Fatalf("the script did not return a table with status and message")
			}
			status, _ := out["status"].(string)
			message, _ := out["message"].(string)
			if status != tc.want {
				t.Errorf("status = %q (message %q), want %q", status, message, tc.want)
			}
			if message == "" {
				t.Errorf("message is empty: Argo CD shows it beside the status")
			}
			for _, s := range tc.contains {
				if !strings.Contains(message, s) {
					t.Errorf("message %q does not contain %q", message, s)
				}
			}
			for _, s := range tc.excludes {
				if strings.Contains(message, s) {
					t.Errorf("message %q contains %q", message, s)
				}
			}
		})
	}
}
