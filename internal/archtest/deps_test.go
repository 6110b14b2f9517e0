package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/siopi/siopi"

// forbidden lists module prefixes that only sqlstore and examples/portal may
// depend on, directly or not.
var forbidden = []string{
	"modernc.org/sqlite", "github.com/jackc/pgx", "github.com/lib/pq", "github.com/mattn/go-sqlite3",
	"github.com/gin-gonic/", "github.com/labstack/echo", "github.com/gofiber/", "github.com/go-chi/",
	"github.com/gorilla/", "github.com/prometheus/", "go.opentelemetry.io/",
}

// leaves may be imported by any package.
var leaves = map[string]bool{"fiscalcode": true, "workday": true}

// allowed lists the imports between domain packages that DESIGN.md permits
// besides leaves, internal packages and a package's own ancestors.
var allowed = map[string][]string{
	"cie":                {"spid"},
	"analytics":          {"instance", "booking", "pagopa"},
	"pagopa/pagopatest":  {"pagopa/station", "pagopa/gpd"},
	"pagopa/gpd/gpdtest": {"pagopa/gpd"},
}

// packages returns every package of the module with its direct imports and
// all its dependencies (tests excluded).
func packages(t *testing.T) map[string][2][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-e", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", module+"/...").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	pkgs := map[string][2][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "|", 3)
		if len(parts) != 3 {
			continue
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(parts[0], module), "/")
		pkgs[rel] = [2][]string{strings.Fields(parts[1]), strings.Fields(parts[2])}
	}
	return pkgs
}

func isTestSupport(rel string) bool {
	last := rel[strings.LastIndex(rel, "/")+1:]
	return strings.HasSuffix(last, "test") && last != "test"
}

func TestDependencyRules(t *testing.T) {
	pkgs := packages(t)
	if _, ok := pkgs["fiscalcode"]; !ok {
		t.Fatalf("go list found no fiscalcode package among %d: the check would check nothing", len(pkgs))
	}
	for rel, deps := range pkgs {
		if rel == "" || strings.HasPrefix(rel, "sqlstore") || strings.HasPrefix(rel, "examples/") || strings.HasPrefix(rel, "internal/") {
			continue
		}
		imports, all := deps[0], deps[1]
		for _, dep := range all {
			for _, f := range forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s depends on %s: domain packages must not pull in drivers, frameworks or telemetry", rel, dep)
				}
			}
		}
		for _, imp := range imports {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			q := strings.TrimPrefix(imp, module+"/")
			switch {
			case strings.HasPrefix(q, "examples/"):
				t.Errorf("%s imports %s: nothing imports examples", rel, q)
			case q == "internal/testpg":
				t.Errorf("%s imports internal/testpg outside tests", rel)
			case strings.HasPrefix(q, "sqlstore"):
				t.Errorf("%s imports %s: domain packages never import sqlstore", rel, q)
			case leaves[q], strings.HasPrefix(q, "internal/"), strings.HasPrefix(rel, q+"/"), internalOf(rel, q):
			case isTestSupport(rel):
				// xxxtest packages may use any domain package to build fakes.
			default:
				ok := false
				for _, a := range allowed[rel] {
					ok = ok || a == q
				}
				if !ok {
					t.Errorf("%s imports %s: not allowed by DESIGN.md's dependency rules", rel, q)
				}
			}
		}
	}
}

func TestNothingImportsExamples(t *testing.T) {
	for rel, deps := range packages(t) {
		for _, imp := range deps[0] {
			if strings.HasPrefix(imp, module+"/examples/") && !strings.HasPrefix(rel, "examples/") {
				t.Errorf("%s imports %s", rel, imp)
			}
		}
	}
}

// internalOf reports whether q is an internal package that Go lets rel import:
// one under the internal directory of rel's own tree (a/internal/x is visible
// to a and to everything below a).
func internalOf(rel, q string) bool {
	i := strings.Index("/"+q+"/", "/internal/")
	if i < 0 {
		return false
	}
	parent := q[:max(i-1, 0)]
	return parent != "" && (rel == parent || strings.HasPrefix(rel, parent+"/"))
}

func TestInternalOf(t *testing.T) {
	for _, tt := range []struct {
		rel, q string
		want   bool
	}{
		{"pagopa/gpd", "pagopa/internal/nodexml", true},
		{"pagopa", "pagopa/internal/nodexml", true},
		{"pagopa/station", "pagopa/internal/x/y", true},
		{"spid", "pagopa/internal/nodexml", false},
		{"pagopax", "pagopa/internal/nodexml", false},
		{"instance/instancetest", "instance/internal/racetest", true},
		{"booking", "booking", false},
	} {
		if got := internalOf(tt.rel, tt.q); got != tt.want {
			t.Errorf("internalOf(%q, %q) = %v, want %v", tt.rel, tt.q, got, tt.want)
		}
	}
}
