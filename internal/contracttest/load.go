package contracttest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Spec is one API definition served at a base URL.
type Spec struct {
	// Name names the definition in reports and in [Transport.Validated].
	Name   string
	router routers.Router
}

// Path returns <module root>/../shared/specs joined with rel, skipping t
// when that file or folder is absent.
func Path(t testing.TB, rel ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("contracttest: go.mod not found")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared", "specs"}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("contracttest: %s absent", p)
	}
	return p
}

// Read loads the OpenAPI 3 document (JSON or YAML) at path. Patterns using
// \h (horizontal space), which Go's regular expressions lack, are rewritten
// to [ \t].
func Read(t testing.TB, path string) *openapi3.T {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw = bytes.ReplaceAll(raw, []byte(`\\h`), []byte(` \\t`))
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("contracttest: load %s: %v", path, err)
	}
	return doc
}

// ReadSwagger2 loads the Swagger 2.0 document at path as OpenAPI 3.
func ReadSwagger2(t testing.TB, path string) *openapi3.T {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc2 openapi2.T
	if err := openapi2.UnmarshalFromData(raw, &doc2); err != nil {
		t.Fatalf("contracttest: %s: %v", path, err)
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		t.Fatalf("contracttest: %s: convert: %v", path, err)
	}
	return doc
}

// New serves doc at baseURL (its servers are replaced) under name. Examples
// and schema defaults in doc are not validated: they are upstream's.
func New(t testing.TB, name string, doc *openapi3.T, baseURL string) *Spec {
	t.Helper()
	doc.Servers = openapi3.Servers{{URL: baseURL}}
	r, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation())
	if err != nil {
		t.Fatalf("contracttest: %s: router: %v", name, err)
	}
	return &Spec{Name: name, router: r}
}

// Load reads the OpenAPI 3 document at rel under the specs folder (see
// [Path]) and serves it at baseURL, named after its file.
func Load(t testing.TB, baseURL string, rel ...string) *Spec {
	t.Helper()
	p := Path(t, rel...)
	return New(t, filepath.Base(p), Read(t, p), baseURL)
}

// LoadSwagger2 is [Load] for a Swagger 2.0 document.
func LoadSwagger2(t testing.TB, baseURL string, rel ...string) *Spec {
	t.Helper()
	p := Path(t, rel...)
	return New(t, filepath.Base(p), ReadSwagger2(t, p), baseURL)
}
