package v1alpha1

// The URL rules below accept https anywhere and plain http only to loopback hosts, where the
// local sandboxes run; credentials are never sent in clear text over a network.

// PlytixSource says where and how products are read from Plytix.
// +kubebuilder:validation:XValidation:rule="has(self.credentialsSecretRef)",message="plytix.credentialsSecretRef is required in every mode: Plan and Observe read Plytix too"
type PlytixSource struct {
	// apiURL is the Plytix PIM API base URL, without a trailing slash.
	// +kubebuilder:default="https://pim.plytix.com"
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.startsWith('https://') || self.matches('^http://(localhost|127\\\\.[0-9]+\\\\.[0-9]+\\\\.[0-9]+|\\\\[::1\\\\])(:[0-9]+)?(/.*)?$')",message="apiURL must use https (plain http is allowed only to localhost, 127.x.x.x or [::1] for local sandboxes)"
	// +kubebuilder:validation:XValidation:rule="!self.endsWith('/')",message="apiURL must not end with a slash"
	// +optional
	APIURL string `json:"apiURL,omitempty"`

	// authURL is the Plytix authentication base URL, without a trailing slash.
	// +kubebuilder:default="https://auth.plytix.com"
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.startsWith('https://') || self.matches('^http://(localhost|127\\\\.[0-9]+\\\\.[0-9]+\\\\.[0-9]+|\\\\[::1\\\\])(:[0-9]+)?(/.*)?$')",message="authURL must use https (plain http is allowed only to localhost, 127.x.x.x or [::1] for local sandboxes)"
	// +kubebuilder:validation:XValidation:rule="!self.endsWith('/')",message="authURL must not end with a slash"
	// +optional
	AuthURL string `json:"authURL,omitempty"`

	// credentialsSecretRef names the Secret, in this namespace, holding the Plytix API key and password.
	// +optional
	CredentialsSecretRef *PlytixCredentialsRef `json:"credentialsSecretRef,omitempty"`

	// filters select the products in scope, in Plytix's own search shape: a list of groups that
	// are OR'ed, each a list of conditions that are AND'ed. Empty means every product.
	// +kubebuilder:validation:MaxItems=10
	// +kubebuilder:validation:items:MaxItems=10
	// +listType=atomic
	// +optional
	Filters [][]PlytixFilter `json:"filters,omitempty"`

	// scopeShrinkLimitPercent guards against a Plytix answer that is wrong rather than small: a
	// full pass that finds this share fewer products in scope than the last full pass, or any
	// product without a SKU, decides no orphan and deactivates nothing, and says what looked
	// wrong (condition SourceSuspect). 100 turns the size check off.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=100
	// +kubebuilder:default=50
	// +optional
	ScopeShrinkLimitPercent *int32 `json:"scopeShrinkLimitPercent,omitempty"`

	// rateLimits override the account's request quota. Plytix does not publish it; the defaults
	// are 20 requests per 10 seconds and 5000 per hour. Every CatalogSync using the same
	// account spends from one budget.
	// +optional
	RateLimits *WindowLimits `json:"rateLimits,omitempty"`
}

// PlytixCredentialsRef names a Secret and the keys of the API key and password in it.
type PlytixCredentialsRef struct {
	// name of the Secret in the CatalogSync's namespace.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	Name string `json:"name"`

	// apiKeyKey is the key of the API key in the Secret.
	// +kubebuilder:default=apiKey
	// +kubebuilder:validation:MaxLength=253
	// +optional
	APIKeyKey string `json:"apiKeyKey,omitempty"`

	// passwordKey is the key of the API password in the Secret.
	// +kubebuilder:default=password
	// +kubebuilder:validation:MaxLength=253
	// +optional
	PasswordKey string `json:"passwordKey,omitempty"`
}

// FilterOperator is a Plytix search operator (docs/reference/plytix-api.md §5.2).
// +kubebuilder:validation:Enum=exists;"!exists";eq;"!eq";like;in;"!in";gt;gte;lt;lte;text_search
type FilterOperator string

// PlytixFilter is one condition of a Plytix search.
// +kubebuilder:validation:XValidation:rule="self.operator == 'text_search' ? (has(self.fields) && size(self.fields) > 0 && !has(self.field)) : (has(self.field) && !has(self.fields))",message="text_search takes fields (a list); every other operator takes field"
// +kubebuilder:validation:XValidation:rule="self.operator in ['exists', '!exists'] ? (!has(self.value) && !has(self.values)) : true",message="exists and !exists take no value"
// +kubebuilder:validation:XValidation:rule="self.operator in ['in', '!in'] ? (has(self.values) && size(self.values) > 0 && !has(self.value)) : true",message="in and !in take values (a list), not value"
// +kubebuilder:validation:XValidation:rule="self.operator in ['exists', '!exists', 'in', '!in'] ? true : (has(self.value) && !has(self.values))",message="this operator takes exactly one value"
type PlytixFilter struct {
	// field is the Plytix field: a system field such as sku, status or modified, or
	// attributes.<label> for a custom attribute.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +optional
	Field string `json:"field,omitempty"`

	// fields are the fields a text_search looks in.
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:MaxLength=256
	// +listType=atomic
	// +optional
	Fields []string `json:"fields,omitempty"`

	// operator is one of Plytix's search operators.
	// +required
	Operator FilterOperator `json:"operator"`

	// value is the operand of a binary operator. Numbers and dates are written as strings and
	// sent to Plytix in the attribute's own type.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Value *string `json:"value,omitempty"`

	// values are the operands of in and !in.
	// +kubebuilder:validation:MaxItems=100
	// +kubebuilder:validation:items:MaxLength=256
	// +listType=atomic
	// +optional
	Values []string `json:"values,omitempty"`
}

// CentraTarget says which Centra environment and store products are written to.
// +kubebuilder:validation:XValidation:rule="has(self.tokenSecretRef)",message="centra.tokenSecretRef is required in every mode: Plan and Observe read Centra too"
type CentraTarget struct {
	// url is the Centra GraphQL Integration API endpoint, for example
	// https://example.centra.com/graphql.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.startsWith('https://') || self.matches('^http://(localhost|127\\\\.[0-9]+\\\\.[0-9]+\\\\.[0-9]+|\\\\[::1\\\\])(:[0-9]+)?(/.*)?$')",message="url must use https (plain http is allowed only to localhost, 127.x.x.x or [::1] for local sandboxes)"
	// +kubebuilder:validation:XValidation:rule="!self.endsWith('/')",message="url must not end with a slash"
	// +required
	URL string `json:"url"`

	// tokenSecretRef names the Secret, in this namespace, holding the Integration API token.
	// Give the token catalogue permissions only: the operator never needs stock or price access.
	// +optional
	TokenSecretRef *SecretKeyRef `json:"tokenSecretRef,omitempty"`

	// store is the name of the Centra store whose displays the sync manages.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Store string `json:"store"`

	// markets are the names of the store's markets that new displays are made visible in.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=256
	// +listType=set
	// +optional
	Markets []string `json:"markets,omitempty"`

	// rateLimits override the environment's quotas (docs/reference/centra-api.md §5.5). Every CatalogSync that
	// targets the same endpoint with the same token spends from one budget.
	// +optional
	RateLimits *CentraRateLimits `json:"rateLimits,omitempty"`
}

// SecretKeyRef names a key in a Secret in the object's own namespace.
type SecretKeyRef struct {
	// name of the Secret.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	Name string `json:"name"`

	// key in the Secret.
	// +kubebuilder:default=token
	// +kubebuilder:validation:MaxLength=253
	// +optional
	Key string `json:"key,omitempty"`
}

// WindowLimits is a quota counted over a 10-second and a one-hour window.
type WindowLimits struct {
	// per10Seconds is the most units allowed in any 10 seconds.
	// +kubebuilder:validation:Minimum=1
	// +optional
	Per10Seconds *int64 `json:"per10Seconds,omitempty"`

	// perHour is the most units allowed in any hour.
	// +kubebuilder:validation:Minimum=1
	// +optional
	PerHour *int64 `json:"perHour,omitempty"`
}

// CentraRateLimits override Centra's three quotas. Unset values keep the defaults: requests
// 20/10 s and 10000/h, query complexity 150000/10 s and 20000000/h, mutations 100/10 s and 1000/h.
type CentraRateLimits struct {
	// requests is the request quota.
	// +optional
	Requests *WindowLimits `json:"requests,omitempty"`

	// complexity is the query-complexity quota.
	// +optional
	Complexity *WindowLimits `json:"complexity,omitempty"`

	// mutations is the mutation quota, the one that binds a catalogue sync.
	// +optional
	Mutations *WindowLimits `json:"mutations,omitempty"`
}

// DefaultScopeShrinkLimitPercent is spec.plytix.scopeShrinkLimitPercent when unset, as the CRD
// defaults it.
const DefaultScopeShrinkLimitPercent = 50
