// Package argocd holds the tests of the Argo CD resource customizations in config/argocd: the
// health checks of CatalogSync and AttributeMapping and the reconcile, suspend and resume
// actions of CatalogSync. The tests run the Lua scripts in gopher-lua the way Argo CD does
// (the object as a global table named obj, no string library) and check that
// config/argocd/argocd-cm-patch.yaml installs exactly these scripts.
//
// After editing a script, regenerate the ConfigMap patch with
//
//	go test ./hack/argocd -update
package argocd
