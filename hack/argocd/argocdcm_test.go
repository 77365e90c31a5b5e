package argocd

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

var update = flag.Bool("update", false, "rewrite config/argocd/argocd-cm-patch.yaml from the Lua scripts")

var (
	patchPath = filepath.Join("..", "..", "config", "argocd", "argocd-cm-patch.yaml")
	crdDir    = filepath.Join("..", "..", "config", "crd", "bases")
)

// The argocd-cm keys of the customizations, as Argo CD names them: <group>_<Kind>.
const (
	syncKey    = "pim.catalogsync.io_CatalogSync"
	mappingKey = "pim.catalogsync.io_AttributeMapping"
)

// actionNames are CatalogSync's actions, in the order the patch lists them.
var actionNames = []string{"reconcile", "suspend", "resume"}

// ignoredUpdates are the status fields whose changes alone need not refresh an Application:
// they move on every run. A change of health still refreshes it (Argo CD skips the refresh
// only when the resource's health is unchanged), and so does any change to the conditions
// other than their transition times.
var ignoredUpdates = map[string]struct{ pointers, jq []string }{
	syncKey: {
		pointers: []string{"/status/history", "/status/lastRun", "/status/budgets", "/status/progress",
			"/status/lastSyncTime", "/status/lastFullSyncTime", "/status/watermark"},
		jq: []string{".status?.conditions[]?.lastTransitionTime"},
	},
	mappingKey: {
		pointers: []string{"/status/attributes", "/status/lastSyncTime"},
		jq:       []string{".status?.conditions[]?.lastTransitionTime"},
	},
}

const patchHeader = `# Argo CD resource customizations for the catalogsync-operator's kinds (pim.catalogsync.io):
# health checks for CatalogSync and AttributeMapping, the reconcile, suspend and resume actions
# of CatalogSync, and the high-churn status fields whose updates alone need not refresh an
# Application. See config/argocd/README.md.
#
# Merge it into Argo CD's own ConfigMap, for example:
#   kubectl -n argocd patch configmap argocd-cm --type merge --patch-file config/argocd/argocd-cm-patch.yaml
# or list it under patches: in the kustomization that installs Argo CD.
#
# Generated from config/argocd/resource_customizations by "go test ./hack/argocd -update":
# edit the .lua files there, not this file.
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  namespace: argocd
data:
`

// renderPatch builds argocd-cm-patch.yaml from the scripts.
func renderPatch(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(patchHeader)
	block := func(indent int, text string) {
		for _, line := range strings.SplitAfter(text, "\n") {
			if strings.TrimSpace(line) == "" {
				b.WriteString(strings.TrimLeft(line, " \t"))
				continue
			}
			b.WriteString(strings.Repeat(" ", indent) + line)
		}
	}
	for _, kind := range []struct{ key, dir string }{{syncKey, "CatalogSync"}, {mappingKey, "AttributeMapping"}} {
		b.WriteString("  resource.customizations.health." + kind.key + ": |\n")
		block(4, script(t, kind.dir+"/health.lua"))
	}
	b.WriteString("  resource.customizations.actions." + syncKey + ": |\n")
	b.WriteString("    discovery.lua: |\n")
	block(6, script(t, "CatalogSync/actions/discovery.lua"))
	b.WriteString("    definitions:\n")
	for _, name := range actionNames {
		b.WriteString("    - name: " + name + "\n")
		b.WriteString("      action.lua: |\n")
		block(8, script(t, "CatalogSync/actions/"+name+"/action.lua"))
	}
	for _, key := range []string{syncKey, mappingKey} {
		ignore := ignoredUpdates[key]
		b.WriteString("  resource.customizations.ignoreResourceUpdates." + key + ": |\n")
		b.WriteString("    jsonPointers:\n")
		for _, p := range ignore.pointers {
			b.WriteString("    - " + p + "\n")
		}
		b.WriteString("    jqPathExpressions:\n")
		for _, e := range ignore.jq {
			b.WriteString("    - '" + e + "'\n")
		}
	}
	return b.String()
}

// TestConfigMapPatchInstallsTheScripts checks that argocd-cm-patch.yaml holds exactly the
// scripts under resource_customizations, and that its YAML nests them where Argo CD reads them.
func TestConfigMapPatchInstallsTheScripts(t *testing.T) {
	want := renderPatch(t)
	if *update {
		if err := os.WriteFile(patchPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(patchPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s is stale: run go test ./hack/argocd -update", patchPath)
	}

	var cm struct {
		APIVersion string            `json:"apiVersion"`
		Kind       string            `json:"kind"`
		Metadata   map[string]string `json:"metadata"`
		Data       map[string]string `json:"data"`
	}
	if err := yaml.UnmarshalStrict(got, &cm); err != nil {
		t.Fatalf("the patch is not a ConfigMap: %v", err)
	}
	if cm.Kind != "ConfigMap" || cm.Metadata["name"] != "argocd-cm" {
		t.Errorf("the patch is a %s named %q, want the ConfigMap argocd-cm", cm.Kind, cm.Metadata["name"])
	}
	for key, file := range map[string]string{
		"resource.customizations.health." + syncKey:    "CatalogSync/health.lua",
		"resource.customizations.health." + mappingKey: "AttributeMapping/health.lua",
	} {
		if cm.Data[key] != script(t, file) {
			t.Errorf("data[%s] is not %s", key, file)
		}
	}

	// The actions value is itself YAML: a discovery script and one definition per action.
	var actions struct {
		Discovery   string `json:"discovery.lua"`
		Definitions []struct {
			Name      string `json:"name"`
			ActionLua string `json:"action.lua"`
		} `json:"definitions"`
	}
	if err := yaml.UnmarshalStrict([]byte(cm.Data["resource.customizations.actions."+syncKey]), &actions); err != nil {
		t.Fatalf("the actions customization does not parse: %v", err)
	}
	if actions.Discovery != script(t, "CatalogSync/actions/discovery.lua") {
		t.Errorf("discovery.lua in the patch differs from the file")
	}
	if len(actions.Definitions) != len(actionNames) {
		t.Fatalf("%d action definitions, want %v", len(actions.Definitions), actionNames)
	}
	for i, d := range actions.Definitions {
		if d.Name != actionNames[i] || d.ActionLua != script(t, "CatalogSync/actions/"+d.Name+"/action.lua") {
			t.Errorf("definition %d is %q with a script that differs from actions/%s/action.lua", i, d.Name, actionNames[i])
		}
	}
	// The installed discovery script runs and offers the three actions.
	offered, _ := runLua(t, actions.Discovery, catalogSync(t, nil)).(map[string]any)
	for _, name := range actionNames {
		if _, ok := offered[name]; !ok {
			t.Errorf("the installed discovery script does not offer %q", name)
		}
	}

	for _, key := range []string{syncKey, mappingKey} {
		var ignore struct {
			JSONPointers      []string `json:"jsonPointers"`
			JQPathExpressions []string `json:"jqPathExpressions"`
		}
		if err := yaml.UnmarshalStrict([]byte(cm.Data["resource.customizations.ignoreResourceUpdates."+key]), &ignore); err != nil {
			t.Fatalf("ignoreResourceUpdates.%s does not parse: %v", key, err)
		}
		if strings.Join(ignore.JSONPointers, ",") != strings.Join(ignoredUpdates[key].pointers, ",") ||
			strings.Join(ignore.JQPathExpressions, ",") != strings.Join(ignoredUpdates[key].jq, ",") {
			t.Errorf("ignoreResourceUpdates.%s = %+v", key, ignore)
		}
	}
}

// TestIgnoredFieldsExistInTheCRDs keeps the ignore lists honest: every JSON pointer must name a
// status field of the CRD, and none may hide what health or a user needs to see.
func TestIgnoredFieldsExistInTheCRDs(t *testing.T) {
	for key, file := range map[string]string{
		syncKey:    "pim.catalogsync.io_catalogsyncs.yaml",
		mappingKey: "pim.catalogsync.io_attributemappings.yaml",
	} {
		data, err := os.ReadFile(filepath.Join(crdDir, file))
		if err != nil {
			t.Fatal(err)
		}
		var crd struct {
			Spec struct {
				Versions []struct {
					Name   string `json:"name"`
					Schema struct {
						OpenAPIV3Schema struct {
							Properties map[string]struct {
								Properties map[string]any `json:"properties"`
							} `json:"properties"`
						} `json:"openAPIV3Schema"`
					} `json:"schema"`
				} `json:"versions"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(data, &crd); err != nil {
			t.Fatal(err)
		}
		if len(crd.Spec.Versions) != 1 || crd.Spec.Versions[0].Name != "v1alpha1" {
			t.Fatalf("%s: expected the single version v1alpha1", file)
		}
		status := crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["status"].Properties
		for _, pointer := range ignoredUpdates[key].pointers {
			field, ok := strings.CutPrefix(pointer, "/status/")
			if !ok || strings.Contains(field, "/") {
				t.Errorf("%s: %s is not a top-level status field", key, pointer)
				continue
			}
			if _, ok := status[field]; !ok {
				t.Errorf("%s: %s is not a field of the CRD's status", key, pointer)
			}
			switch field {
			case "conditions", "observedGeneration", "lastHandledReconcileAt":
				t.Errorf("%s: %s must not be ignored: health and run requests are read from it", key, pointer)
			}
		}
	}
}
