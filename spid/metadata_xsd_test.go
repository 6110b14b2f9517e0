package spid

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMetadataXSD validates the generated metadata of a public and a private
// SP, with xmllint, against the OASIS SAML metadata schema and the SPID
// Avviso 29 schema, as spid-sp-test's xsd_check does (profiles saml2core and
// spid-sp; checklist item 14).
func TestMetadataXSD(t *testing.T) {
	t.Parallel()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "xsd"))
	if err != nil {
		t.Fatal(err)
	}
	catalog := filepath.Join(t.TempDir(), "catalog.xml")
	xmlXSD := "file://" + filepath.ToSlash(filepath.Join(dir, "xml.xsd"))
	err = os.WriteFile(catalog, fmt.Appendf(nil, `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <uri name="http://www.w3.org/2001/xml.xsd" uri="%[1]s"/>
  <system systemId="http://www.w3.org/2001/xml.xsd" uri="%[1]s"/>
</catalog>
`, xmlXSD), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	const (
		saml2 = "saml-schema-metadata-2.0.xsd"
		av29  = "saml-schema-metadata-sp-spid-av29.xsd"
	)
	validate := func(t *testing.T, schema string, md []byte) []string {
		t.Helper()
		if !bytes.HasPrefix(md, []byte("<?xml")) {
			t.Errorf("metadata starts with %q, want <?xml (no leading whitespace)", md[:min(10, len(md))])
		}
		file := filepath.Join(t.TempDir(), "metadata.xml")
		if err := os.WriteFile(file, md, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.CommandContext(t.Context(), xmllint, "--nonet", "--noout", "--schema",
			filepath.Join(dir, schema), file)
		cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+catalog)
		out, err := cmd.CombinedOutput()
		var errs []string
		for line := range strings.Lines(string(out)) {
			if strings.Contains(line, "error") {
				errs = append(errs, strings.TrimSpace(line))
			}
		}
		if err != nil && len(errs) == 0 {
			t.Fatalf("xmllint: %v\n%s", err, out)
		}
		return errs
	}

	t.Run("public", func(t *testing.T) {
		t.Parallel()
		md := metadataOf(t, testConfig(t, &clock{now: t0}))
		for _, schema := range []string{saml2, av29} {
			for _, e := range validate(t, schema, md) {
				t.Errorf("%s: %s", schema, e)
			}
		}
	})
	t.Run("schema is effective", func(t *testing.T) {
		t.Parallel()
		md := metadataOf(t, testConfig(t, &clock{now: t0}))
		broken := bytes.Replace(md, []byte(`contactType="other"`), []byte(`contactType="technical"`), 1)
		if errs := validate(t, av29, broken); len(errs) == 0 {
			t.Error("a ContactPerson of type technical validates")
		}
	})
	t.Run("aggregated", func(t *testing.T) {
		t.Parallel()
		md := metadataOf(t, aggregatedConfig(t))
		// The Avviso 29 schema has no aggregator contacts (its Extensions
		// type lacks the activity elements); the OASIS one must pass.
		for _, e := range validate(t, saml2, md) {
			t.Errorf("%s: %s", saml2, e)
		}
	})
	t.Run("private", func(t *testing.T) {
		t.Parallel()
		md := metadataOf(t, privateConfig(t))
		for _, e := range validate(t, saml2, md) {
			t.Errorf("%s: %s", saml2, e)
		}
		// The one error the Avviso 29 schema gives for every private SP's
		// billing contact, AgID's own example included (testdata/xsd/README.md).
		for _, e := range validate(t, av29, md) {
			if !strings.Contains(e, "CessionarioCommittente': This element is not expected") {
				t.Errorf("%s: %s", av29, e)
			}
		}
	})
}
