package controllers

import (
	"testing"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

func TestCheckHosts(t *testing.T) {
	sync := func(plytixAPI, centra string) *pimv1alpha1.CatalogSync {
		s := &pimv1alpha1.CatalogSync{}
		s.Spec.Plytix.APIURL, s.Spec.Centra.URL = plytixAPI, centra
		return s
	}
	cases := []struct {
		name        string
		hosts       APIHosts
		obj         *pimv1alpha1.CatalogSync
		wantReason  string
		wantMessage string
	}{
		{name: "the vendors' own domains by default", hosts: DefaultAPIHosts, obj: sync("", "https://nordlys.centra.com/graphql")},
		{name: "a wildcard matches subdomains, case-insensitively", hosts: APIHosts{"*.Centra.com", "*.plytix.com"}, obj: sync("", "https://EU.nordlys.centra.com/graphql")},
		{name: "a wildcard is not the bare domain", hosts: APIHosts{"*.centra.com", "*.plytix.com"}, obj: sync("", "https://centra.com/graphql"),
			wantReason:  pimv1alpha1.ReasonHostNotAllowed,
			wantMessage: `spec.centra.url names host "centra.com", which this operator may not send credentials to; its API hosts are *.centra.com, *.plytix.com (the manager's --api-hosts flag)`},
		{name: "a look-alike host is refused", hosts: DefaultAPIHosts, obj: sync("", "https://nordlys.centra.com.attacker.example/graphql"),
			wantReason:  pimv1alpha1.ReasonHostNotAllowed,
			wantMessage: `spec.centra.url names host "nordlys.centra.com.attacker.example", which this operator may not send credentials to; its API hosts are *.centra.com, *.plytix.com (the manager's --api-hosts flag)`},
		{name: "the Plytix URL is checked too", hosts: APIHosts{"*.centra.com", "auth.plytix.com"}, obj: sync("https://capture.example", "https://a.centra.com"),
			wantReason:  pimv1alpha1.ReasonHostNotAllowed,
			wantMessage: `spec.plytix.apiURL names host "capture.example", which this operator may not send credentials to; its API hosts are *.centra.com, auth.plytix.com (the manager's --api-hosts flag)`},
		{name: "an empty list allows nothing", obj: sync("", "https://a.centra.com"), wantReason: pimv1alpha1.ReasonHostNotAllowed,
			wantMessage: `spec.plytix.apiURL names host "pim.plytix.com", which this operator may not send credentials to; its API hosts are none (the manager's --api-hosts flag)`},
		{name: "exact hosts, such as a local sandbox", hosts: APIHosts{"127.0.0.1"}, obj: func() *pimv1alpha1.CatalogSync {
			s := sync("http://127.0.0.1:18080", "http://127.0.0.1:18090/graphql")
			s.Spec.Plytix.AuthURL = "http://127.0.0.1:18080"
			return s
		}()},
		{name: "a URL without a host", hosts: DefaultAPIHosts, obj: sync("", "graphql"), wantReason: pimv1alpha1.ReasonInvalidSpec,
			wantMessage: `spec.centra.url "graphql" is not a URL with a host`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.hosts.checkHosts(tc.obj)
			if tc.wantReason == "" {
				if err != nil {
					t.Fatalf("checkHosts = %v", err)
				}
				return
			}
			stalled, ok := syncerr.AsStalled(err)
			if !ok || stalled.Reason != tc.wantReason || err.Error() != tc.wantMessage {
				t.Fatalf("checkHosts = %v, want stall %s %q", err, tc.wantReason, tc.wantMessage)
			}
		})
	}
}
