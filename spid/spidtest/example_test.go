package spidtest_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/siopi/siopi/spid/spidtest"
)

// An IdP answers an AuthnRequest with a signed Response for its first test
// user. In a real test the request comes from the SP through
// IdP.ReadAuthnRequest; here it is filled by hand.
func Example() {
	idp, err := spidtest.New(spidtest.Config{BaseURL: "https://idp.example.test"})
	if err != nil {
		panic(err)
	}
	req := spidtest.AuthnRequestInfo{
		ID: "_a1b2c3", IssueInstant: time.Now().Add(-time.Second),
		SPEntityID: "https://comune.example.it", ACSURL: "https://comune.example.it/spid/acs",
		Level: 2, Comparison: "minimum",
	}
	xml, err := idp.Response(req, spidtest.WithUser("mario.rossi"))
	if err != nil {
		panic(err)
	}
	fmt.Println(bytes.Contains(xml, []byte("TINIT-RSSMRA80A01H501U")))
	fmt.Println(bytes.Contains(xml, []byte(spidtest.LevelURI(2))))
	// Output:
	// true
	// true
}

// The catalogue drives table tests of an SP: build each case's response and
// compare the SP's verdict with Case.Expected.
func ExampleCatalogue() {
	count := map[spidtest.Outcome]int{}
	for _, c := range spidtest.Catalogue() {
		count[c.Expect]++
	}
	fmt.Println(len(spidtest.Catalogue()), "cases")
	for _, o := range []spidtest.Outcome{spidtest.Accept, spidtest.Reject, spidtest.Either, spidtest.Dynamic} {
		fmt.Println(o, count[o])
	}
	c, _ := spidtest.LookupCase("111")
	fmt.Println(c.ID, c.Name, c.ErrorCode)
	// Output:
	// 111 cases
	// accept 4
	// reject 103
	// either 1
	// dynamic 3
	// 111 ErrorCode25 25
}

// The IdP is an http.Handler: serve it with httptest (or mount it in a demo
// portal) and give the SP its metadata.
func ExampleIdP_ServeHTTP() {
	srv := httptest.NewServer(nil)
	defer srv.Close()
	idp, err := spidtest.New(spidtest.Config{BaseURL: srv.URL, Profile: spidtest.CIE})
	if err != nil {
		panic(err)
	}
	srv.Config.Handler = idp
	resp, err := http.Get(idp.MetadataURL())
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	md, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Header.Get("Content-Type"))
	fmt.Println(bytes.Equal(md, idp.Metadata()))
	// Output:
	// application/samlmetadata+xml
	// true
}
