package browsertest

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"testing"
)

// Client returns an HTTP client that behaves like a browser without
// JavaScript: it keeps cookies and follows redirects.
func Client(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// Get fetches u and returns the response with its body read.
func Get(t testing.TB, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return res, readBody(t, res)
}

var (
	formRE   = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
	hiddenRE = regexp.MustCompile(`type="hidden" name="(\w+)" value="([^"]*)"`)
)

// Submit posts the first form of page, as a browser would: its hidden fields
// plus extra (which also stands for the clicked button's name and value). It
// is how a test follows an auto-submitting SAML form without JavaScript.
func Submit(t testing.TB, c *http.Client, page string, extra url.Values) (*http.Response, string) {
	t.Helper()
	m := formRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form in:\n%s", page)
	}
	form := url.Values{}
	for _, f := range hiddenRE.FindAllStringSubmatch(page, -1) {
		form.Set(f[1], html.UnescapeString(f[2]))
	}
	for k, v := range extra {
		form[k] = v
	}
	res, err := c.PostForm(html.UnescapeString(m[1]), form)
	if err != nil {
		t.Fatal(err)
	}
	return res, readBody(t, res)
}

func readBody(t testing.TB, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
