package station_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// specsDir returns ../shared/specs/pagopa/sanp relative to the module root,
// or "" when it is absent.
func specsDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	sanp := filepath.Join(dir, "..", "shared", "specs", "pagopa", "sanp")
	if _, err := os.Stat(filepath.Join(sanp, "wsdl", "xsd", "paForNode.xsd")); err != nil {
		return ""
	}
	return sanp
}

// validateXSD checks a SOAP message against the official schemas with
// xmllint: the envelope against envelope.xsd and the body's element against
// paForNode.xsd. It skips when xmllint or the specs are absent.
func validateXSD(t *testing.T, msg []byte) {
	t.Helper()
	sanp := specsDir(t)
	if sanp == "" {
		t.Skip("../shared/specs/pagopa/sanp not found")
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed")
	}
	dir := t.TempDir()
	env := filepath.Join(dir, "envelope.xml")
	if err := os.WriteFile(env, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(schema, file string) {
		out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", schema, file).CombinedOutput()
		if err != nil {
			t.Errorf("xmllint --schema %s: %v\n%s\n%s", filepath.Base(schema), err, out, msg)
		}
	}
	run(filepath.Join(sanp, "xsd-common", "envelope.xsd"), env)
	body := soapBody(msg)
	if body == nil {
		t.Fatalf("no soap body in\n%s", msg)
	}
	if bytes.Contains(body, []byte("soapenv:Fault")) {
		return
	}
	bf := filepath.Join(dir, "body.xml")
	if err := os.WriteFile(bf, body, 0o600); err != nil {
		t.Fatal(err)
	}
	run(filepath.Join(sanp, "wsdl", "xsd", "paForNode.xsd"), bf)
}

// soapBody returns the body's child element of an envelope whose body
// element is written <soapenv:Body> (the station's and the fake node's form).
func soapBody(msg []byte) []byte {
	_, rest, ok := bytes.Cut(msg, []byte("<soapenv:Body>"))
	if !ok {
		return nil
	}
	inner, _, ok := bytes.Cut(rest, []byte("</soapenv:Body>"))
	if !ok {
		return nil
	}
	return bytes.TrimSpace(inner)
}
