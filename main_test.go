package main

// Tests of what can be tested of the shipped artefacts without a container runtime: the
// Dockerfile's build step produces a static binary from every package the manager needs, the
// manager runs against a real API server and serves its probes, and `make verify-generated` fails
// when generated files are stale.

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

type dockerfile struct {
	froms    []string
	copies   []string // sources of COPY lines in the build stage
	buildRun string   // the RUN line with go build
	user     string
}

func parseDockerfile(t *testing.T) dockerfile {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var d dockerfile
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) < 2 {
			continue
		}
		switch fields[0] {
		case "FROM":
			d.froms = append(d.froms, fields[1])
		case "COPY":
			if len(d.froms) == 1 && !strings.HasPrefix(fields[1], "--from") {
				d.copies = append(d.copies, fields[1:len(fields)-1]...)
			}
		case "RUN":
			if strings.Contains(scanner.Text(), "go build") {
				d.buildRun = strings.TrimPrefix(scanner.Text(), "RUN ")
			}
		case "USER":
			d.user = fields[1]
		}
	}
	return d
}

func TestDockerfileIsMultiStageDistrolessNonroot(t *testing.T) {
	d := parseDockerfile(t)
	if len(d.froms) != 2 || !strings.HasPrefix(d.froms[0], "golang:1.26") || d.froms[1] != "gcr.io/distroless/static:nonroot" {
		t.Errorf("stages = %v, want golang:1.26 then gcr.io/distroless/static:nonroot", d.froms)
	}
	if d.user != "65532:65532" {
		t.Errorf("USER = %q, want 65532:65532 (distroless nonroot)", d.user)
	}
	if !strings.Contains(d.buildRun, "CGO_ENABLED=0") {
		t.Errorf("build step %q must disable cgo for a static binary", d.buildRun)
	}
}

// TestDockerfileCopiesEveryPackageTheManagerNeeds catches a new top-level directory that the
// image build would miss.
func TestDockerfileCopiesEveryPackageTheManagerNeeds(t *testing.T) {
	d := parseDockerfile(t)
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/catalogsync/catalogsync-operator"
	for _, pkg := range strings.Fields(string(out)) {
		rel, ok := strings.CutPrefix(pkg, module+"/")
		if !ok {
			continue
		}
		copied := false
		for _, c := range d.copies {
			if strings.HasPrefix(rel+"/", strings.TrimSuffix(c, "/")+"/") {
				copied = true
			}
		}
		if !copied {
			t.Errorf("package %s is not copied into the build stage (COPY sources: %v)", pkg, d.copies)
		}
	}
}

// TestDockerfileBuildStepMakesAStaticBinary runs the Dockerfile's own go build command.
func TestDockerfileBuildStepMakesAStaticBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the manager")
	}
	d := parseDockerfile(t)
	out := filepath.Join(t.TempDir(), "manager")
	command := regexp.MustCompile(`-o manager\b`).ReplaceAllString(d.buildRun, "-o "+out)
	cmd := exec.Command("sh", "-c", command)
	cmd.Env = append(os.Environ(), "TARGETOS=linux", "TARGETARCH="+goarch())
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", command, err, b)
	}
	bin, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer bin.Close()
	for _, p := range bin.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("binary has a dynamic loader (PT_INTERP): it would not run on distroless/static")
		}
	}
	if libs, _ := bin.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("binary links shared libraries %v", libs)
	}
}

func goarch() string {
	out, err := exec.Command("go", "env", "GOARCH").Output()
	if err != nil {
		return "amd64"
	}
	return strings.TrimSpace(string(out))
}

// TestVerifyFailsOnStaleGeneratedFiles edits the API and the RBAC markers in a clone of the
// committed tree and expects `make verify-generated` to fail for each stale kind of file.
func TestVerifyFailsOnStaleGeneratedFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs controller-gen in a clone")
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	clone := filepath.Join(t.TempDir(), "repo")
	runIn(t, root, "git", "clone", "--quiet", "--no-hardlinks", root, clone)
	// The clone's tool go.mod files are newer than bin/; keep make from rebuilding the tools.
	for _, mod := range []string{"controller-gen", "kube", "etcd"} {
		old := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		_ = os.Chtimes(filepath.Join(clone, "hack", "tools", mod, "go.mod"), old, old)
	}
	makeVerify := func() (string, error) {
		cmd := exec.Command("make", "verify-generated", "LOCALBIN="+filepath.Join(root, "bin"))
		cmd.Dir = clone
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := makeVerify(); err != nil {
		t.Fatalf("verify-generated fails on the committed tree itself:\n%s", out)
	}
	cases := []struct {
		name, file, old, new, wantStale string
	}{
		{
			name: "CRD", file: "api/v1alpha1/catalogsync_types.go",
			old: "// suspend stops new sync runs while true.", new: "// suspend pauses sync runs while true.",
			wantStale: "config/crd/bases/pim.catalogsync.io_catalogsyncs.yaml",
		},
		{
			name: "deepcopy", file: "api/v1alpha1/catalogsync_types.go",
			old: "\tSuspend bool `json:\"suspend,omitempty\"`", new: "\tSuspend bool `json:\"suspend,omitempty\"`\n\t// notes are notes.\n\t// +optional\n\tNotes []string `json:\"notes,omitempty\"`",
			wantStale: "api/v1alpha1/zz_generated.deepcopy.go",
		},
		{
			name: "RBAC", file: "controllers/rbac.go",
			old: "resources=events,verbs=create;patch", new: "resources=events,verbs=create;patch;get",
			wantStale: "config/rbac/role.yaml",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(clone, tc.file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), tc.old) {
				t.Fatalf("%s no longer contains %q; update this test", tc.file, tc.old)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(src), tc.old, tc.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			defer runIn(t, clone, "git", "checkout", "--quiet", "--", ".")
			out, err := makeVerify()
			if err == nil {
				t.Fatalf("verify-generated passed with a stale %s:\n%s", tc.wantStale, out)
			}
			if !strings.Contains(out, tc.wantStale) {
				t.Errorf("verify-generated did not name %s:\n%s", tc.wantStale, out)
			}
		})
	}
}

func runIn(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}
