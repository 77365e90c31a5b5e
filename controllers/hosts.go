package controllers

import (
	"cmp"
	"fmt"
	"net/url"
	"strings"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// APIHosts are the hosts CatalogSyncs may send credentials to: an exact host name
// ("acme.centra.com", "127.0.0.1") or a wildcard for its subdomains ("*.centra.com"). Whoever
// may create a CatalogSync chooses its URLs; the operator's own list (the --api-hosts flag)
// decides whether it calls them with a namespace's credentials.
type APIHosts []string

// DefaultAPIHosts are Centra's and Plytix's own domains (docs/reference/centra-api.md §1.1,
// docs/reference/plytix-api.md §1).
var DefaultAPIHosts = APIHosts{"*.centra.com", "*.plytix.com"}

// allows reports whether the list admits host.
func (h APIHosts) allows(host string) bool {
	host = strings.ToLower(host)
	for _, pattern := range h {
		pattern = strings.ToLower(strings.TrimSpace(pattern))
		if suffix, ok := strings.CutPrefix(pattern, "*."); ok {
			if strings.HasSuffix(host, "."+suffix) {
				return true
			}
		} else if host == pattern {
			return true
		}
	}
	return false
}

// checkHosts stalls a CatalogSync whose URLs name a host the operator may not call, before any
// Secret is read: its credentials would otherwise go wherever the spec says.
func (h APIHosts) checkHosts(obj *pimv1alpha1.CatalogSync) error {
	for _, u := range []struct{ field, value string }{
		{"spec.plytix.apiURL", cmp.Or(obj.Spec.Plytix.APIURL, plytix.DefaultAPIURL)},
		{"spec.plytix.authURL", cmp.Or(obj.Spec.Plytix.AuthURL, plytix.DefaultAuthURL)},
		{"spec.centra.url", obj.Spec.Centra.URL},
	} {
		parsed, err := url.Parse(u.value)
		if err != nil || parsed.Hostname() == "" {
			return syncerr.Stall(pimv1alpha1.ReasonInvalidSpec, fmt.Errorf("%s %q is not a URL with a host", u.field, u.value))
		}
		if !h.allows(parsed.Hostname()) {
			return syncerr.Stall(pimv1alpha1.ReasonHostNotAllowed, fmt.Errorf(
				"%s names host %q, which this operator may not send credentials to; its API hosts are %s (the manager's --api-hosts flag)",
				u.field, parsed.Hostname(), h.describe()))
		}
	}
	return nil
}

func (h APIHosts) describe() string {
	if len(h) == 0 {
		return "none"
	}
	return strings.Join(h, ", ")
}
