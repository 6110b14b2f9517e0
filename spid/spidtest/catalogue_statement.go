package spidtest

import (
	"fmt"
	"strconv"

	"github.com/beevik/etree"
)

// errorCodeMeanings are the SPID user anomalies (RT messaggi-errore.rst).
var errorCodeMeanings = map[int]string{
	19: "authentication failed after repeated wrong credentials",
	20: "the user has no credentials for the requested level",
	21: "authentication timed out",
	22: "the user denied consent to send the data",
	23: "the user's identity is suspended or revoked, or the credentials are blocked",
	25: "the user cancelled the authentication",
	30: "the identity is of the wrong type (Avviso 18)",
}

// statementCases are the level, attribute and anomaly cases 94–111.
func statementCases() []Case {
	cases := []Case{
		level(94, 1), level(95, 2), level(96, 3),
		reject(97, "LevelLegacyURI", "AuthnContextClassRef is an unexpected value, the legacy "+legacyLevelURI, text(pACR, legacyLevelURI)),
		reject(98, "AttributeStatementEmpty", "AttributeStatement present without any Attribute", func(b *builder) {
			b.setAttributes(map[string]string{"spidCode": "x"})
			b.empty(pAttrSt)
		}),
		reject(99, "AttributeEmpty", "AttributeStatement holding one Attribute without value", func(b *builder) {
			b.setAttributes(map[string]string{"spidCode": "x"})
			b.empty(pAttrSt + "/saml:Attribute")
		}),
		reject(100, "AssertionSignedWithOtherKey", "the Response is signed by the IdP, the Assertion with another key", func(b *builder) {
			b.assertSigner = &signer{kp: b.idp.other}
		}),
		sst(103, "AttributeSetDifferent", "the attribute set differs from the requested one (spidCode and address); the SP may accept or reject", Either, func(b *builder) {
			b.setAttributes(map[string]string{"spidCode": valueOr(b.user.Attributes["spidCode"], "SIOP0000000000"), "address": "via Test"})
		}),
	}
	for _, a := range []struct{ n, code int }{{104, 19}, {105, 20}, {106, 21}, {107, 22}, {108, 23}} {
		cases = append(cases, anomaly(a.n, a.code))
	}
	cases = append(cases,
		sst(109, "AttributesWithoutNameFormat", "correct response whose Attributes have no NameFormat", Accept, func(b *builder) {
			if st := b.find(pAttrSt); st != nil {
				for _, at := range st.SelectElements("Attribute") {
					at.RemoveAttr("NameFormat")
				}
			}
		}),
		sst(110, "IssueInstantMilliseconds", "correct response whose instants carry milliseconds", Accept, func(b *builder) {
			b.useMilliseconds()
		}),
		anomaly(111, 25),
	)
	return cases
}

// level builds the dynamic level cases 94–96.
func level(n, lvl int) Case {
	c := sst(n, "LevelL"+strconv.Itoa(lvl), "AuthnContextClassRef "+LevelURI(lvl)+"; the outcome depends on the requested level and Comparison", Dynamic, text(pACR, LevelURI(lvl)))
	c.Level = lvl
	return c
}

// anomaly builds the ErrorCode cases 104–108 and 111.
func anomaly(n, code int) Case {
	c := reject(n, "ErrorCode"+strconv.Itoa(code), fmt.Sprintf("Status Responder/AuthnFailed, StatusMessage \"ErrorCode nr%d\": %s; the SP must show an error page", code, errorCodeMeanings[code]), func(b *builder) {
		b.toErrorResponse(code)
	})
	c.ErrorCode = code
	return c
}

// toErrorResponse turns the response into an anomaly response.
func (b *builder) toErrorResponse(code int) {
	b.errorCode = code
	b.remove(pAssertion)
	st := b.find(pStatus)
	b.empty(pStatus)
	sc := st.CreateElement("samlp:StatusCode")
	sc.CreateAttr("Value", statusResponder)
	sc.CreateElement("samlp:StatusCode").CreateAttr("Value", statusAuthnFailed)
	st.CreateElement("samlp:StatusMessage").SetText(fmt.Sprintf("ErrorCode nr%d", code))
}

// useMilliseconds rewrites every instant of the response with milliseconds.
func (b *builder) useMilliseconds() {
	walk(b.resp, func(el *etree.Element) {
		for i, a := range el.Attr {
			switch a.Key {
			case "IssueInstant", "NotBefore", "NotOnOrAfter", "AuthnInstant":
				if len(a.Value) == len(timeFormat) {
					el.Attr[i].Value = a.Value[:len(a.Value)-1] + ".000Z"
				}
			}
		}
	})
}

func walk(el *etree.Element, f func(*etree.Element)) {
	f(el)
	for _, c := range el.ChildElements() {
		walk(c, f)
	}
}

func valueOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
