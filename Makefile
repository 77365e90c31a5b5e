# catalogsync-operator — see `make help`.

# Tool and control-plane versions are pinned in the go.mod of a tool module under hack/tools
# (controller-gen v0.23.0, golangci-lint v2.15.0, promtool from prometheus v0.316.0, Kubernetes
# v1.37.2, etcd v3.6.16). Each tool is
# built from the Go module proxy into bin/ (no other downloads), once, and rebuilt only when its
# go.mod changes.
KUBERNETES_VERSION := $(shell awk '$$1 == "require" && $$2 == "k8s.io/kubernetes" {print $$3}' hack/tools/kube/go.mod)

LOCALBIN ?= $(CURDIR)/bin
CONTROLLER_GEN ?= $(LOCALBIN)/controller-gen
GOLANGCI_LINT ?= $(LOCALBIN)/golangci-lint
PROMTOOL ?= $(LOCALBIN)/promtool
KUBE_APISERVER ?= $(LOCALBIN)/kube-apiserver
ETCD ?= $(LOCALBIN)/etcd
KUBECTL ?= $(LOCALBIN)/kubectl

# The test control plane: envtest finds kube-apiserver, etcd and kubectl here.
export KUBEBUILDER_ASSETS ?= $(LOCALBIN)

GO_TEST_FLAGS ?= -race -count=1 -timeout 30m

SHELL = /usr/bin/env bash -o pipefail
.SHELLFLAGS = -ec

.PHONY: all
all: build

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "\nUsage:\n  make \033[36m<target>\033[0m\n"} /^[a-zA-Z_0-9-]+:.*?##/ { printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) } ' $(MAKEFILE_LIST)

##@ Development

.PHONY: manifests
manifests: $(CONTROLLER_GEN) ## Generate the CRDs and the RBAC role from the API and controller markers.
	$(CONTROLLER_GEN) rbac:roleName=manager-role crd paths="./api/...;./controllers/..." output:crd:artifacts:config=config/crd/bases

.PHONY: generate
generate: $(CONTROLLER_GEN) ## Generate the DeepCopy methods of the API types.
	$(CONTROLLER_GEN) object:headerFile="hack/boilerplate.go.txt" paths="./api/..."

.PHONY: fmt
fmt: ## Run gofmt on the module.
	gofmt -l -w $$(git ls-files '*.go')

.PHONY: vet
vet: ## Run go vet.
	go vet ./...

.PHONY: lint
lint: $(GOLANGCI_LINT) ## Run golangci-lint (depguard, errorlint, revive and the standard linters).
	$(GOLANGCI_LINT) run ./...

# The envtest suite (a real kube-apiserver and etcd) lives in its own package; every other
# package's tests need no control plane.
INTEGRATION_PKGS := ./controllers/integration/...

.PHONY: test
test: envtest $(PROMTOOL) ## Run every test (unit, fuzz seeds, envtest integration) with the race detector.
	go test $(GO_TEST_FLAGS) ./...

.PHONY: test-unit
test-unit: $(PROMTOOL) ## Run every test that needs no control plane (no KUBEBUILDER_ASSETS), with the race detector.
	KUBEBUILDER_ASSETS=$(CURDIR)/.no-control-plane go test $(GO_TEST_FLAGS) $$(go list ./... | grep -v '/controllers/integration')

.PHONY: test-integration
test-integration: envtest ## Run the envtest suite alone: the manager against a real API server and both sandboxes.
	go test $(GO_TEST_FLAGS) $(INTEGRATION_PKGS)

.PHONY: verify
verify: verify-generated fmt vet ## Fail if generated files, formatting or go.mod are stale, or go vet complains.
	@go mod tidy -diff || (echo "go.mod/go.sum are not tidy; run 'go mod tidy' and commit"; exit 1)
	@$(call fail-if-dirty,formatting is out of date; run 'make fmt' and commit)

.PHONY: verify-generated
verify-generated: manifests generate ## Fail if the CRDs, RBAC role or deepcopy code differ from what the markers generate.
	@$(call fail-if-dirty,generated files are out of date; run 'make manifests generate' and commit)

# fail-if-dirty fails with $(1) when a tracked file changed or a generator left a new file.
define fail-if-dirty
dirty="$$(git status --porcelain --untracked-files=no; git status --porcelain -- api config | grep '^??' || true)"; \
if [ -n "$$dirty" ]; then echo "$(1):"; echo "$$dirty"; exit 1; fi
endef

.PHONY: fuzz
fuzz: ## Run every fuzz test for FUZZ_TIME each (default 30s).
	@for pkg in $$(go list ./...); do \
		for f in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "Fuzzing $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZ_TIME:-30s} $$pkg; \
		done; \
	done

##@ Try it

.PHONY: demo
demo: envtest build ## Run the whole thing locally: control plane, sandboxes, operator, a sync, an edit and a drift.
	go run ./hack/demo

.PHONY: bench
bench: ## Measure runs at 1k, 10k and 100k SKUs against the sandboxes (50 ms per call) and rewrite docs/performance.md.
	go run ./hack/bench -sizes 1000,10000,100000 -latency 50ms -out docs/performance.md

##@ Build

.PHONY: build
build: ## Build the manager binary into bin/manager.
	go build -o $(LOCALBIN)/manager .

.PHONY: run
run: ## Run the manager against the cluster of the current kubeconfig (install the CRDs first: make install).
	go run . --metrics-secure=false --metrics-bind-address=:8080 --health-probe-bind-address=:8081

.PHONY: install
install: $(KUBECTL) ## Install the CRDs into the cluster of the current kubeconfig.
	$(KUBECTL) apply --server-side -k config/crd

.PHONY: deploy
deploy: $(KUBECTL) ## Deploy the operator (CRDs, RBAC, manager) into the cluster of the current kubeconfig.
	$(KUBECTL) apply --server-side -k config/default

.PHONY: undeploy
undeploy: $(KUBECTL) ## Remove the operator. Centra data is never touched.
	$(KUBECTL) delete --ignore-not-found -k config/default

##@ Test control plane and tools

.PHONY: envtest
envtest: $(KUBE_APISERVER) $(ETCD) $(KUBECTL) ## Build kube-apiserver, etcd and kubectl into bin/ (once).

$(KUBE_APISERVER): hack/tools/kube/go.mod
	cd hack/tools/kube && go build -o $(KUBE_APISERVER) k8s.io/kubernetes/cmd/kube-apiserver

$(KUBECTL): hack/tools/kube/go.mod
	cd hack/tools/kube && go build -ldflags "-X k8s.io/component-base/version.gitVersion=$(KUBERNETES_VERSION)" -o $(KUBECTL) k8s.io/kubernetes/cmd/kubectl

$(ETCD): hack/tools/etcd/go.mod
	cd hack/tools/etcd && go build -o $(ETCD) go.etcd.io/etcd/server/v3

$(CONTROLLER_GEN): hack/tools/controller-gen/go.mod
	cd hack/tools/controller-gen && go build -o $(CONTROLLER_GEN) sigs.k8s.io/controller-tools/cmd/controller-gen

$(PROMTOOL): hack/tools/promtool/go.mod
	cd hack/tools/promtool && go build -o $(PROMTOOL) github.com/prometheus/prometheus/cmd/promtool

.PHONY: promtool
promtool: $(PROMTOOL) ## Build promtool into bin/ (the alert rule tests run it).

$(GOLANGCI_LINT): hack/tools/golangci-lint/go.mod
	cd hack/tools/golangci-lint && go build -o $(GOLANGCI_LINT) github.com/golangci/golangci-lint/v2/cmd/golangci-lint
