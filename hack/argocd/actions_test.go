package argocd

import (
	"reflect"
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

func TestCatalogSyncActionDiscovery(t *testing.T) {
	src := script(t, "CatalogSync/actions/discovery.lua")
	cases := []struct {
		name string
		obj  map[string]any
		// enabled maps each action to whether it is offered.
		enabled map[string]bool
	}{
		{
			name:    "running sync: request a run or suspend",
			obj:     catalogSync(t, nil),
			enabled: map[string]bool{"reconcile": true, "suspend": true, "resume": false},
		},
		{
			name: "no spec.suspend field at all",
			obj: func() map[string]any {
				obj := catalogSync(t, nil)
				delete(obj["spec"].(map[string]any), "suspend")
				return obj
			}(),
			enabled: map[string]bool{"reconcile": true, "suspend": true, "resume": false},
		},
		{
			name:    "suspended sync: only resume, since the operator ignores run requests while suspended",
			obj:     catalogSync(t, func(s *pimv1alpha1.CatalogSync) { s.Spec.Suspend = true }),
			enabled: map[string]bool{"reconcile": false, "suspend": false, "resume": true},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			actions, ok := runLua(t, src, tc.obj).(map[string]any)
			if !ok || len(actions) != len(tc.enabled) {
				t.Fatalf("discovery returned %#v, want the actions %v", actions, tc.enabled)
			}
			for name, want := range tc.enabled {
				action, ok := actions[name].(map[string]any)
				if !ok {
					t.Errorf("action %q missing from %#v", name, actions)
					continue
				}
				disabled, _ := action["disabled"].(bool)
				if disabled == want {
					t.Errorf("action %q: disabled = %v, want %v", name, disabled, !want)
				}
			}
		})
	}
}

func TestCatalogSyncReconcileActionSetsRequestedAt(t *testing.T) {
	src := script(t, "CatalogSync/actions/reconcile/action.lua")
	for _, tc := range []struct {
		name        string
		annotations map[string]string
	}{
		{name: "no annotations yet"},
		{name: "keeps other annotations and replaces an earlier request", annotations: map[string]string{
			"argocd.argoproj.io/sync-wave":         "2",
			pimv1alpha1.ReconcileRequestAnnotation: "2026-01-01T00:00:00Z",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := catalogSync(t, func(s *pimv1alpha1.CatalogSync) { s.Annotations = tc.annotations })
			start := time.Now().UTC().Truncate(time.Second)
			after, ok := runLua(t, src, before).(map[string]any)
			if !ok {
				t.Fatal("the action did not return the object")
			}
			annotations, _ := after["metadata"].(map[string]any)["annotations"].(map[string]any)
			requested, _ := annotations[pimv1alpha1.ReconcileRequestAnnotation].(string)
			at, err := time.Parse(time.RFC3339, requested)
			if err != nil {
				t.Fatalf("%s = %q, want an RFC 3339 UTC time: %v", pimv1alpha1.ReconcileRequestAnnotation, requested, err)
			}
			if at.Before(start) || at.After(time.Now().Add(time.Second)) || at.Location() != time.UTC {
				t.Errorf("%s = %q, want now in UTC", pimv1alpha1.ReconcileRequestAnnotation, requested)
			}
			for key, value := range tc.annotations {
				if key != pimv1alpha1.ReconcileRequestAnnotation && annotations[key] != value {
					t.Errorf("annotation %s = %v, want %q kept", key, annotations[key], value)
				}
			}
			delete(annotations, pimv1alpha1.ReconcileRequestAnnotation)
			wantMetadata := withoutNils(before["metadata"]).(map[string]any)
			if len(tc.annotations) == 0 {
				delete(wantMetadata, "annotations")
				delete(after["metadata"].(map[string]any), "annotations")
			} else {
				delete(wantMetadata["annotations"].(map[string]any), pimv1alpha1.ReconcileRequestAnnotation)
			}
			if !reflect.DeepEqual(after["metadata"], wantMetadata) || !reflect.DeepEqual(after["spec"], withoutNils(before["spec"])) ||
				!reflect.DeepEqual(after["status"], withoutNils(before["status"])) {
				t.Errorf("the action changed more than the annotation:\n got %#v\nwant %#v", after, withoutNils(before))
			}
		})
	}
}

func TestCatalogSyncSuspendAndResumeActions(t *testing.T) {
	for _, tc := range []struct {
		action string
		from   bool
		want   bool
	}{
		{"suspend", false, true},
		{"resume", true, false},
	} {
		t.Run(tc.action, func(t *testing.T) {
			src := script(t, "CatalogSync/actions/"+tc.action+"/action.lua")
			before := catalogSync(t, func(s *pimv1alpha1.CatalogSync) { s.Spec.Suspend = tc.from })
			after, ok := runLua(t, src, before).(map[string]any)
			if !ok {
				t.Fatal("the action did not return the object")
			}
			spec := after["spec"].(map[string]any)
			if got, _ := spec["suspend"].(bool); got != tc.want {
				t.Errorf("spec.suspend = %v, want %v", spec["suspend"], tc.want)
			}
			delete(spec, "suspend")
			wantSpec := before["spec"].(map[string]any)
			delete(wantSpec, "suspend")
			if !reflect.DeepEqual(spec, withoutNils(wantSpec)) || !reflect.DeepEqual(after["metadata"], withoutNils(before["metadata"])) {
				t.Errorf("the action changed more than spec.suspend")
			}
		})
	}
}

// withoutNils drops null fields, which a Lua table cannot hold: Argo CD's patch leaves them as
// they are in the cluster.
func withoutNils(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for key, item := range v {
			if item != nil {
				out[key] = withoutNils(item)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = withoutNils(item)
		}
		return out
	}
	return v
}
